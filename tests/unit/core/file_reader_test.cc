#include "harness/core/file_reader.h"

#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "harness/testing/scoped_temp_dir.h"

namespace harness {
namespace {

using testing::ScopedTempDir;
using testing::writeFile;

TEST(ReadFileLimited, ReadsARegularFile) {
  ScopedTempDir dir;
  writeFile(dir.path() / "a.json", "{}");
  auto r = readFileLimited(dir.path() / "a.json");
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(*r, "{}");
}

TEST(ReadFileLimited, MissingFileIsNotFoundAndNamesThePath) {
  ScopedTempDir dir;
  auto r = readFileLimited(dir.path() / "nope.json");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::NotFound);
  EXPECT_NE(r.error().describe().find("nope.json"), std::string::npos);
}

TEST(ReadFileLimited, DirectoryIsInvalidInput) {
  ScopedTempDir dir;
  std::filesystem::create_directories(dir.path() / "d");
  auto r = readFileLimited(dir.path() / "d");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::InvalidInput);
}

TEST(ReadFileLimited, FileAboveLimitIsTooLarge) {
  ScopedTempDir dir;
  writeFile(dir.path() / "big", std::string(100, 'x'));
  auto r = readFileLimited(dir.path() / "big", 10);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::TooLarge);
}

TEST(ReadFileLimited, SymlinkLoopIsAnErrorNotACrash) {
  ScopedTempDir dir;
  std::filesystem::create_symlink(dir.path() / "b", dir.path() / "a");
  std::filesystem::create_symlink(dir.path() / "a", dir.path() / "b");
  auto r = readFileLimited(dir.path() / "a");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::Io);
  auto info = inspectPath(dir.path() / "a");
  EXPECT_TRUE(info.isSymlink());
  EXPECT_FALSE(info.exists());
  EXPECT_FALSE(info.error.empty());
}

TEST(ReadFileLimited, FifoDoesNotHang) {
  ScopedTempDir dir;
  ASSERT_EQ(::mkfifo((dir.path() / "fifo").c_str(), 0600), 0);
  auto r = readFileLimited(dir.path() / "fifo");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::InvalidInput);
}

TEST(ReadFileLimited, UnreadableFileIsPermissionDenied) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads mode-000 files; permission errors cannot be provoked";
  ScopedTempDir dir;
  writeFile(dir.path() / "secret", "x", 0000);
  auto r = readFileLimited(dir.path() / "secret");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::PermissionDenied);
}

TEST(InspectPath, ReportsModeOwnerAndSymlinkTarget) {
  ScopedTempDir dir;
  writeFile(dir.path() / "f", "x", 0640);
  std::filesystem::create_symlink("f", dir.path() / "l");
  auto info = inspectPath(dir.path() / "l");
  EXPECT_TRUE(info.isSymlink());
  EXPECT_TRUE(info.isRegularFile());
  EXPECT_EQ(info.mode, 0640u);
  EXPECT_EQ(info.owner, ::getuid());
  ASSERT_TRUE(info.linkTarget);
  EXPECT_EQ(info.linkTarget->string(), "f");
  EXPECT_EQ(formatMode(info.mode), "0640");
}

}  // namespace
}  // namespace harness
