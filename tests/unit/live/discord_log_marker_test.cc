#include <gtest/gtest.h>

#include "harness/live/discord_log_marker.h"
#include "harness/openclaw/openclaw_output_parser.h"
#include "harness/testing/scoped_temp_dir.h"

namespace harness {
namespace {

constexpr const char* kStart = "2026-11-24T10:00:00.000Z [gateway] listening on ws://127.0.0.1:19001 (PID 4242)\n";

TEST(DiscordLogMarkerTest, RunbookWordingGivesIdAndName) {
  auto m = findDiscordLogin(std::string(kStart) +
                            "2026-11-24T10:00:01.000Z [discord] logged in to discord as 222233334444555566 (OpenClaw "
                            "Rescue Bot)\n");
  EXPECT_EQ(m.kind, DiscordLoginKind::LoggedIn);
  EXPECT_EQ(m.botId, "222233334444555566");
  EXPECT_EQ(m.botName, "OpenClaw Rescue Bot");
  EXPECT_TRUE(m.startSeen);
}

TEST(DiscordLogMarkerTest, NewerWordingIsOnlyClientInitialized) {
  auto m = findDiscordLogin(std::string(kStart) +
                            "2026-11-24T10:00:01Z [discord] client initialized as 222233334444555566; awaiting gateway "
                            "readiness\n");
  EXPECT_EQ(m.kind, DiscordLoginKind::ClientInitialized);
  EXPECT_EQ(m.botId, "222233334444555566");
  EXPECT_TRUE(m.botName.empty());
  auto withName = findDiscordLogin(std::string(kStart) +
                                   "[discord] discord client initialized as 222233334444555566 (OpenClaw Rescue Bot); "
                                   "awaiting gateway readiness\n");
  EXPECT_EQ(withName.kind, DiscordLoginKind::ClientInitialized);
  EXPECT_EQ(withName.botName, "OpenClaw Rescue Bot");
}

TEST(DiscordLogMarkerTest, ColourCodesAreStripped) {
  auto m = findDiscordLogin(
      "\x1b[90m2026-11-24T10:00:00Z\x1b[39m \x1b[36m[gateway]\x1b[39m listening on ws://127.0.0.1:19001\n"
      "\x1b[90m2026-11-24T10:00:01Z\x1b[39m \x1b[35m[discord]\x1b[39m logged in to discord as \x1b[1m222233334444555566"
      "\x1b[22m (OpenClaw Rescue Bot)\n");
  EXPECT_EQ(m.kind, DiscordLoginKind::LoggedIn);
  EXPECT_EQ(m.botId, "222233334444555566");
  EXPECT_EQ(stripAnsi("\x1b[1;31mred\x1b[0m"), "red");
}

TEST(DiscordLogMarkerTest, OnlyLinesAfterTheLastStartCount) {
  auto m = findDiscordLogin(std::string(kStart) + "[discord] logged in to discord as 222233334444555566 (Bot)\n" +
                            "[gateway] received SIGTERM; shutting down\n" + kStart +
                            "[discord] gateway closed: 4004 Authentication failed.\n");
  EXPECT_EQ(m.kind, DiscordLoginKind::None);
  EXPECT_TRUE(m.startSeen);
}

TEST(DiscordLogMarkerTest, LatestLoginWinsAndLoggedInBeatsALaterInitialized) {
  auto m = findDiscordLogin(std::string(kStart) + "[discord] logged in to discord as 111 (A)\n" +
                            "[discord] logged in to discord as 222 (B)\n" +
                            "[discord] client initialized as 333; awaiting gateway readiness\n");
  EXPECT_EQ(m.kind, DiscordLoginKind::LoggedIn);
  EXPECT_EQ(m.botId, "222");
}

TEST(DiscordLogMarkerTest, NoStartLineSearchesEverythingAndSaysSo) {
  auto m = findDiscordLogin("[discord] logged in to discord as 222233334444555566\n");
  EXPECT_EQ(m.kind, DiscordLoginKind::LoggedIn);
  EXPECT_FALSE(m.startSeen);
  EXPECT_EQ(findDiscordLogin("").kind, DiscordLoginKind::None);
}

TEST(DiscordLogMarkerTest, NameOnlyIdentity) {
  auto m = findDiscordLogin(std::string(kStart) + "[discord] logged in to discord as OpenClaw Rescue Bot\n");
  EXPECT_EQ(m.kind, DiscordLoginKind::LoggedIn);
  EXPECT_TRUE(m.botId.empty());
  EXPECT_EQ(m.botName, "OpenClaw Rescue Bot");
}

TEST(ReadFileTailTest, ReadsOnlyTheTailFromALineStart) {
  testing::ScopedTempDir dir;
  const auto file = dir.path() / "gateway.log";
  std::string text;
  for (int i = 0; i < 1000; ++i) text += "line " + std::to_string(i) + "\n";
  testing::writeFile(file, text);
  auto tail = readFileTail(file, 100);
  ASSERT_TRUE(tail);
  EXPECT_LE(tail->size(), 100u);
  EXPECT_EQ(tail->rfind("line 999\n"), tail->size() - 9);
  EXPECT_EQ(tail->substr(0, 5), "line ");
  auto whole = readFileTail(file);
  ASSERT_TRUE(whole);
  EXPECT_EQ(*whole, text);
  auto missing = readFileTail(dir.path() / "nope.log");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
}

TEST(ReadFileTailTest, LoginBeforeTheTailIsNotSeen) {
  testing::ScopedTempDir dir;
  const auto file = dir.path() / "gateway.log";
  std::string text = std::string(kStart) + "[discord] logged in to discord as 222 (B)\n";
  text += std::string(4096, 'x') + "\n";
  testing::writeFile(file, text);
  auto m = readDiscordLogin(file, 1024);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->kind, DiscordLoginKind::None);
  EXPECT_FALSE(m->startSeen);
}

}  // namespace
}  // namespace harness
