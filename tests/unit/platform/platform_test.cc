// The platform layer on the system it was built for: what each call promises, checked against
// the kernel's own view (fcntl, stat, getppid), not against the implementation's.
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>

#include "harness/platform/platform.h"
#include "harness/testing/scoped_temp_dir.h"

namespace harness::platform {
namespace {

namespace fs = std::filesystem;

bool closeOnExec(int fd) { return (::fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0; }
bool nonBlocking(int fd) { return (::fcntl(fd, F_GETFL) & O_NONBLOCK) != 0; }

TEST(PlatformSocketTest, StreamSocketsAreCloseOnExecAndNonBlockingOnlyWhenAsked) {
  const int blocking = openStreamSocket(AF_INET);
  ASSERT_GE(blocking, 0);
  EXPECT_TRUE(closeOnExec(blocking));
  EXPECT_FALSE(nonBlocking(blocking));
  int type = 0;
  socklen_t len = sizeof type;
  ASSERT_EQ(::getsockopt(blocking, SOL_SOCKET, SO_TYPE, &type, &len), 0);
  EXPECT_EQ(type, SOCK_STREAM);
  ::close(blocking);

  const int nb = openStreamSocket(AF_UNIX, SocketMode::NonBlocking);
  ASSERT_GE(nb, 0);
  EXPECT_TRUE(closeOnExec(nb));
  EXPECT_TRUE(nonBlocking(nb));
  ::close(nb);
}

TEST(PlatformSocketTest, AnUnknownDomainFailsWithErrno) {
  errno = 0;
  EXPECT_EQ(openStreamSocket(-1), -1);
  EXPECT_NE(errno, 0);
}

TEST(PlatformDescriptorTest, MarksEveryDescriptorFromTheFirstOne) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);  // pipe(), not pipe2(): inheritable, as a leaked descriptor would be
  ASSERT_FALSE(closeOnExec(fds[0]));
  ASSERT_FALSE(closeOnExec(fds[1]));
  markDescriptorsCloseOnExecFrom(fds[1]);
  EXPECT_TRUE(closeOnExec(fds[1]));
  if (fds[0] < fds[1]) EXPECT_FALSE(closeOnExec(fds[0])) << "below the first one is left alone";
  ::close(fds[0]);
  ::close(fds[1]);
}

TEST(PlatformTempDirTest, MakesAPrivateDirectoryUnderTheParent) {
  testing::ScopedTempDir parent("platform-test");
  auto dir = makeTempDir("verify-host-x", parent.path());
  ASSERT_TRUE(dir) << dir.error().describe();
  EXPECT_EQ(dir->parent_path(), parent.path());
  EXPECT_EQ(dir->filename().string().rfind("verify-host-x.", 0), 0u) << *dir;
  struct stat st {};
  ASSERT_EQ(::stat(dir->c_str(), &st), 0);
  EXPECT_TRUE(S_ISDIR(st.st_mode));
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  auto second = makeTempDir("verify-host-x", parent.path());
  ASSERT_TRUE(second);
  EXPECT_NE(*second, *dir);
}

TEST(PlatformTempDirTest, AMissingParentIsAnIoErrorNamingThePath) {
  auto dir = makeTempDir("x", "/nonexistent-parent-dir");
  ASSERT_FALSE(dir);
  EXPECT_EQ(dir.error().code, ErrorCode::Io);
  EXPECT_NE(dir.error().context.find("/nonexistent-parent-dir/x."), std::string::npos) << dir.error().describe();
}

TEST(PlatformProcessTest, ThisProcessItsParentAndItsName) {
  const fs::path self = currentExecutable();
  ASSERT_FALSE(self.empty());
  EXPECT_TRUE(self.is_absolute());
  EXPECT_EQ(self.filename(), "platform_unit_tests");
  EXPECT_EQ(parentProcessId(::getpid()), ::getppid());
  // Kernels keep the first 15 (Linux) or 16+ (macOS) characters of the command name.
  const std::string name = processName(::getpid());
  ASSERT_FALSE(name.empty());
  EXPECT_EQ(std::string("platform_unit_tests").rfind(name, 0), 0u) << name;
}

TEST(PlatformProcessTest, NoSuchProcessHasNoParentAndNoName) {
  EXPECT_EQ(parentProcessId(0), std::nullopt);
  EXPECT_EQ(parentProcessId(-5), std::nullopt);
  EXPECT_TRUE(processName(-5).empty());
  // Past the largest pid either system hands out.
  EXPECT_EQ(parentProcessId(99999999), std::nullopt);
  EXPECT_TRUE(processName(99999999).empty());
}

TEST(PlatformPortOwnersTest, EachSystemNamesItsOwnSource) {
#ifdef __APPLE__
  EXPECT_EQ(nativePortOwnerSource(), PortOwnerSource::Lsof);
  EXPECT_FALSE(becomeChildSubreaper());
#else
  EXPECT_EQ(nativePortOwnerSource(), PortOwnerSource::ProcNetTcp);
  EXPECT_TRUE(becomeChildSubreaper());  // harmless here: this process reaps its own orphans
#endif
}

}  // namespace
}  // namespace harness::platform
