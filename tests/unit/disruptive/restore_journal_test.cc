// The restore journal: round trip, atomic replace, permissions, malformed input, location.

#include "harness/disruptive/restore_journal.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include "harness/testing/scoped_temp_dir.h"

namespace harness {
namespace {

namespace fs = std::filesystem;
using testing::readFile;
using testing::ScopedTempDir;
using testing::writeFile;

RestoreJournal sampleJournal() {
  RestoreJournal j = newRestoreJournal("/Users/alice");
  JournalEntry main;
  main.gateway = "main";
  main.label = "ai.openclaw.gateway";
  main.plist = "/Users/alice/Library/LaunchAgents/ai.openclaw.gateway.plist";
  main.port = 18789;
  main.command = "openclaw gateway stop";
  main.reason = "stopped by the disruptive check";
  main.stoppedAt = "2026-11-29T23:59:01Z";
  JournalEntry rescue = main;
  rescue.gateway = "rescue";
  rescue.label = "ai.openclaw.gateway.rescue";
  rescue.plist = "/Users/alice/Library/LaunchAgents/ai.openclaw.gateway.rescue.plist";
  rescue.profile = "rescue";
  rescue.launchdLabel = "ai.openclaw.gateway.rescue";
  rescue.port = 19001;
  j.entries = {main, rescue};
  return j;
}

mode_t modeOf(const fs::path& p) {
  struct stat st{};
  EXPECT_EQ(::stat(p.c_str(), &st), 0) << p;
  return st.st_mode & 07777;
}

TEST(RestoreJournal, WriteThenReadRoundTrips) {
  ScopedTempDir dir;
  const fs::path path = dir.path() / "state/openclaw-rescue-harness/restore-journal.json";
  const RestoreJournal written = sampleJournal();
  ASSERT_TRUE(writeRestoreJournal(path, written));

  auto read = readRestoreJournal(path);
  ASSERT_TRUE(read) << read.error().describe();
  ASSERT_TRUE(read->has_value());
  const RestoreJournal& j = **read;
  EXPECT_EQ(j.version, kRestoreJournalVersion);
  EXPECT_EQ(j.harnessPid, static_cast<long>(::getpid()));
  EXPECT_EQ(j.home, "/Users/alice");
  EXPECT_FALSE(j.createdAt.empty());
  ASSERT_EQ(j.entries.size(), 2u);
  EXPECT_EQ(j.entries[0].gateway, "main");
  EXPECT_EQ(j.entries[0].label, "ai.openclaw.gateway");
  EXPECT_EQ(j.entries[0].plist, written.entries[0].plist);
  EXPECT_EQ(j.entries[0].port, 18789);
  EXPECT_EQ(j.entries[0].launchdLabel, std::nullopt);
  EXPECT_EQ(j.entries[0].command, "openclaw gateway stop");
  EXPECT_EQ(j.entries[0].stoppedAt, "2026-11-29T23:59:01Z");
  EXPECT_EQ(j.entries[1].profile, "rescue");
  EXPECT_EQ(j.entries[1].launchdLabel, std::optional<std::string>("ai.openclaw.gateway.rescue"));
  EXPECT_EQ(j.entries[1].port, 19001);
}

TEST(RestoreJournal, FileIsPrivateAndDirectoriesAreCreated0700) {
  ScopedTempDir dir;
  const fs::path path = dir.path() / "state/openclaw-rescue-harness/restore-journal.json";
  const mode_t old = ::umask(0);  // even with a permissive umask
  auto s = writeRestoreJournal(path, sampleJournal());
  ::umask(old);
  ASSERT_TRUE(s) << s.error().describe();
  EXPECT_EQ(modeOf(path), 0600u);
  EXPECT_EQ(modeOf(path.parent_path()), 0700u);
  EXPECT_EQ(modeOf(path.parent_path().parent_path()), 0700u);
}

TEST(RestoreJournal, RewriteReplacesAtomicallyAndLeavesNoTemporaryFile) {
  ScopedTempDir dir;
  const fs::path path = dir.path() / "restore-journal.json";
  RestoreJournal j = sampleJournal();
  ASSERT_TRUE(writeRestoreJournal(path, j));
  // A reader holding the old file keeps the old contents (rename, not truncate-and-write).
  const std::string before = readFile(path);
  const fs::path hardlink = dir.path() / "old-inode";
  ASSERT_EQ(::link(path.c_str(), hardlink.c_str()), 0);
  j.entries.pop_back();
  ASSERT_TRUE(writeRestoreJournal(path, j));
  EXPECT_EQ(readFile(hardlink), before);
  auto read = readRestoreJournal(path);
  ASSERT_TRUE(read && read->has_value());
  EXPECT_EQ((*read)->entries.size(), 1u);
  for (const auto& e : fs::directory_iterator(dir.path())) {
    EXPECT_EQ(e.path().filename().string().find(".tmp"), std::string::npos) << e.path();
  }
}

TEST(RestoreJournal, MissingJournalIsNoJournal) {
  ScopedTempDir dir;
  auto read = readRestoreJournal(dir.path() / "nope/restore-journal.json");
  ASSERT_TRUE(read) << read.error().describe();
  EXPECT_FALSE(read->has_value());
}

TEST(RestoreJournal, MalformedJournalIsAnErrorNamingTheFile) {
  ScopedTempDir dir;
  const fs::path path = dir.path() / "restore-journal.json";
  for (const char* text : {"", "{not json", "[]", "{\"version\": 1}", "{\"version\": 99, \"harnessPid\": 1}",
                           R"({"version":1,"harnessPid":1,"home":"/h","createdAt":"t","entries":[{"gateway":"main"}]})",
                           R"({"version":1,"harnessPid":"x","home":"/h","createdAt":"t","entries":[]})",
                           R"({"version":1,"harnessPid":1,"home":"/h","createdAt":"t","entries":{}})"}) {
    SCOPED_TRACE(text);
    writeFile(path, text);
    auto read = readRestoreJournal(path);
    ASSERT_FALSE(read);
    EXPECT_EQ(read.error().code, ErrorCode::InvalidInput);
    EXPECT_EQ(read.error().context, path.string());
    EXPECT_NE(read.error().describe().find("journal"), std::string::npos) << read.error().describe();
  }
}

TEST(RestoreJournal, UnreadableJournalIsAnError) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads any file";
  ScopedTempDir dir;
  const fs::path path = dir.path() / "restore-journal.json";
  ASSERT_TRUE(writeRestoreJournal(path, sampleJournal()));
  ::chmod(path.c_str(), 0);
  auto read = readRestoreJournal(path);
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().code, ErrorCode::PermissionDenied);
}

TEST(RestoreJournal, RemoveIsIdempotent) {
  ScopedTempDir dir;
  const fs::path path = dir.path() / "restore-journal.json";
  ASSERT_TRUE(writeRestoreJournal(path, sampleJournal()));
  ASSERT_TRUE(removeRestoreJournal(path));
  EXPECT_FALSE(fs::exists(path));
  EXPECT_TRUE(removeRestoreJournal(path));
}

TEST(RestoreJournal, WriteIntoAFileWhereADirectoryShouldBeFails) {
  ScopedTempDir dir;
  writeFile(dir.path() / "blocker", "x");
  auto s = writeRestoreJournal(dir.path() / "blocker/restore-journal.json", sampleJournal());
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().describe().find("blocker"), std::string::npos) << s.error().describe();
}

TEST(RestoreJournal, DefaultPathFollowsXdgStateHomeElseHome) {
  auto xdg = defaultRestoreJournalPath({{"XDG_STATE_HOME", "/x/state"}, {"HOME", "/home/a"}});
  ASSERT_TRUE(xdg);
  EXPECT_EQ(*xdg, fs::path("/x/state/openclaw-rescue-harness/restore-journal.json"));
  auto home = defaultRestoreJournalPath({{"XDG_STATE_HOME", "relative"}, {"HOME", "/home/a"}});
  ASSERT_TRUE(home);
  EXPECT_EQ(*home, fs::path("/home/a/.local/state/openclaw-rescue-harness/restore-journal.json"));
  EXPECT_FALSE(defaultRestoreJournalPath({}));
}

}  // namespace
}  // namespace harness
