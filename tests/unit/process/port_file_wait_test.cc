#include "harness/process/port_file_wait.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "harness/testing/scoped_temp_dir.h"
#include "harness/testing/timeouts.h"

namespace harness {
namespace {

using testing::ScopedTempDir;

struct Started {
  BackgroundProcessPtr child;
  std::filesystem::path portFile;
};

// A child that runs `script` with $PORT_FILE set, logging to the temp dir.
Started start(const ScopedTempDir& dir, const std::string& script) {
  Started s;
  s.portFile = dir.path() / "child.port";
  auto child = BackgroundProcess::start({.executable = "/bin/sh",
                                         .args = {"-c", script},
                                         .environment = std::map<std::string, std::string>{
                                             {"PORT_FILE", s.portFile.string()}, {"PATH", "/usr/bin:/bin"}},
                                         .logFile = dir.path() / "child.log"});
  EXPECT_TRUE(child) << child.error().describe();
  if (child) s.child = std::move(*child);
  return s;
}

TEST(PortFileWaitTest, ReturnsThePortTheChildAnnounces) {
  ScopedTempDir dir("port-file-wait");
  auto s = start(dir, "echo 4242 > \"$PORT_FILE.tmp\" && mv \"$PORT_FILE.tmp\" \"$PORT_FILE\"; exec sleep 1000");
  ASSERT_TRUE(s.child);
  auto port = waitForPortFile(*s.child, s.portFile, testing::actionTimeout(), "child");
  ASSERT_TRUE(port) << port.error().describe();
  EXPECT_EQ(*port, 4242);
}

TEST(PortFileWaitTest, AChildThatExitsFirstFailsWithItsLog) {
  ScopedTempDir dir("port-file-wait");
  auto s = start(dir, "echo cannot bind; exit 3");
  ASSERT_TRUE(s.child);
  auto port = waitForPortFile(*s.child, s.portFile, testing::actionTimeout(), "child");
  ASSERT_FALSE(port);
  EXPECT_EQ(port.error().code, ErrorCode::ProcessFailed);
  EXPECT_NE(port.error().message.find("child exited (code 3) before listening"), std::string::npos);
  EXPECT_NE(port.error().message.find("cannot bind"), std::string::npos);
}

TEST(PortFileWaitTest, NoFileInTimeIsATimeout) {
  ScopedTempDir dir("port-file-wait");
  auto s = start(dir, "exec sleep 1000");
  ASSERT_TRUE(s.child);
  auto port = waitForPortFile(*s.child, s.portFile, std::chrono::milliseconds(50), "child");
  ASSERT_FALSE(port);
  EXPECT_EQ(port.error().code, ErrorCode::Timeout);
}

TEST(PortFileWaitTest, AFileWithoutAPortIsInvalid) {
  ScopedTempDir dir("port-file-wait");
  auto s = start(dir, "echo none > \"$PORT_FILE\"; exec sleep 1000");
  ASSERT_TRUE(s.child);
  auto port = waitForPortFile(*s.child, s.portFile, testing::actionTimeout(), "child");
  ASSERT_FALSE(port);
  EXPECT_EQ(port.error().code, ErrorCode::InvalidInput);
}

}  // namespace
}  // namespace harness
