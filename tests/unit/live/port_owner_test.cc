#include <unistd.h>

#include <gtest/gtest.h>

#include <map>
#include <memory>

#include "harness/live/port_owner.h"
#include "harness/platform/platform.h"
#include "harness/process/background_process.h"
#include "harness/testing/free_port.h"
#include "harness/testing/wait.h"
#include "tests/unit/live/live_test_support.h"

namespace harness {
namespace {

TEST(ProcNetTcpTest, FindsListenSocketsOnThePortOnly) {
  // Port 0x4A39 = 19001, 0x4A3B = 19003; state 0A = LISTEN, 01 = ESTABLISHED.
  const std::string text =
      "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
      "   0: 0100007F:4A39 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 111 1 0 100 0 0 10 0\n"
      "   1: 0100007F:4A39 0100007F:D2F0 01 00000000:00000000 00:00000000 00000000  1000        0 222 1 0 20 4 30 10 -1\n"
      "   2: 0100007F:4A3B 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 333 1 0 100 0 0 10 0\n";
  EXPECT_EQ(parseProcNetTcpListeners(text, 19001), std::vector<unsigned long>{111});
  EXPECT_EQ(parseProcNetTcpListeners(text, 19003), std::vector<unsigned long>{333});
  EXPECT_TRUE(parseProcNetTcpListeners(text, 19002).empty());
  const std::string v6 =
      "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when "
      "retrnsmt   uid  timeout inode\n"
      "   0: 00000000000000000000000001000000:4A39 00000000000000000000000000000000:0000 0A 00000000:00000000 "
      "00:00000000 00000000  1000        0 444 1 0 100 0 0 10 0\n";
  EXPECT_EQ(parseProcNetTcpListeners(v6, 19001), std::vector<unsigned long>{444});
  EXPECT_TRUE(parseProcNetTcpListeners("garbage\nmore garbage", 19001).empty());
}

TEST(LsofOutputTest, ReadsPidLines) {
  EXPECT_EQ(parseLsofPids("p123\nf7\np456\n"), (std::vector<pid_t>{123, 456}));
  EXPECT_TRUE(parseLsofPids("").empty());
  EXPECT_TRUE(parseLsofPids("pabc\nx\n").empty());
}

#ifdef __linux__
TEST(ProcPortOwnerLookupTest, FindsThisProcessAsTheListener) {
  const uint16_t port = testing::pickFreePort();
  auto lookup = makeProcPortOwnerLookup();
  auto before = lookup->listeners(port);
  ASSERT_TRUE(before) << before.error().describe();
  EXPECT_TRUE(before->empty());
  testing::ListeningSocket socket(port);
  ASSERT_TRUE(socket.ok());
  auto after = lookup->listeners(port);
  ASSERT_TRUE(after) << after.error().describe();
  EXPECT_EQ(*after, std::vector<pid_t>{::getpid()});
}

TEST(ProcPortOwnerLookupTest, SeveralPortsInOneScan) {
  const uint16_t a = testing::pickFreePort();
  const uint16_t b = testing::pickFreePort();
  const uint16_t unused = testing::pickFreePort();
  testing::ListeningSocket sa(a), sb(b);
  ASSERT_TRUE(sa.ok() && sb.ok());
  auto all = makeProcPortOwnerLookup()->listenersOf({a, b, unused});
  ASSERT_TRUE(all) << all.error().describe();
  EXPECT_EQ((*all)[a], std::vector<pid_t>{::getpid()});
  EXPECT_EQ((*all)[b], std::vector<pid_t>{::getpid()});
  ASSERT_TRUE(all->count(unused));
  EXPECT_TRUE((*all)[unused].empty());
}

TEST(ProcPortOwnerLookupTest, MissingProcIsAnError) {
  auto lookup = makeProcPortOwnerLookup("/nonexistent-proc");
  EXPECT_FALSE(lookup->listeners(1234));
}
#endif

TEST(LsofPortOwnerLookupTest, MissingLsofIsAnError) {
  auto lookup = makeLsofPortOwnerLookup("/nonexistent/lsof");
  auto r = lookup->listeners(1234);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::NotFound);
}

// The Mac's code path (lsof -Fp) run by a real lsof: Debian's, which ci/install-deps.sh installs.
// Both lsofs print the same -F fields; a scripted lsof would prove only our parser.
class RealLsofTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* candidate : {"/usr/bin/lsof", "/usr/sbin/lsof", "/bin/lsof"}) {
      if (::access(candidate, X_OK) == 0) {
        lsof_ = candidate;
        return;
      }
    }
    GTEST_SKIP() << "no lsof on this machine (ci/install-deps.sh installs it)";
  }
  std::string lsof_;
};

TEST_F(RealLsofTest, FindsThisProcessListeningOnATestServer) {
  const uint16_t port = testing::pickFreePort();
  testing::ListeningSocket server(port);
  ASSERT_TRUE(server.ok());
  auto pids = makeLsofPortOwnerLookup(lsof_)->listeners(port);
  ASSERT_TRUE(pids) << pids.error().describe();
  EXPECT_EQ(*pids, std::vector<pid_t>{::getpid()});
}

TEST_F(RealLsofTest, APortNobodyListensOnHasNoOwners) {
  // lsof exits 1 with no output when nothing matches; that is "nobody", not an error.
  const uint16_t port = testing::pickFreePort();
  auto pids = makeLsofPortOwnerLookup(lsof_)->listeners(port);
  ASSERT_TRUE(pids) << pids.error().describe();
  EXPECT_TRUE(pids->empty());
}

TEST_F(RealLsofTest, AgreesWithTheProcLookupOnAChildServer) {
  // A listener in another process, as the gateways are: both lookups name the child, not us.
  const uint16_t port = testing::pickFreePort();
  auto child = BackgroundProcess::start({.executable = LIVE_TEST_GATEWAY_BIN,
                                         .args = {"--port", std::to_string(port)},
                                         .environment = std::map<std::string, std::string>{}});
  ASSERT_TRUE(child) << child.error().describe();
  std::vector<pid_t> seen;
  ASSERT_TRUE(testing::waitFor("lsof names a listener on the child's port", [&] {
    auto lsof = makeLsofPortOwnerLookup(lsof_)->listeners(port);
    if (lsof) seen = *lsof;
    return !seen.empty() || !(*child)->running();
  }));
  EXPECT_EQ(seen, std::vector<pid_t>{(*child)->pid()});
#ifdef __linux__
  auto proc = makeProcPortOwnerLookup()->listeners(port);
  ASSERT_TRUE(proc) << proc.error().describe();
  EXPECT_EQ(*proc, seen);
#endif
}

TEST(ProcessTreeTest, SameAndDescendantsButNotAncestors) {
  EXPECT_TRUE(isSameOrDescendant(::getpid(), ::getpid()));
  EXPECT_TRUE(isSameOrDescendant(::getpid(), ::getppid()));
  EXPECT_FALSE(isSameOrDescendant(::getppid(), ::getpid()));
  EXPECT_FALSE(isSameOrDescendant(0, ::getpid()));
  EXPECT_FALSE(isSameOrDescendant(::getpid(), -1));

  auto child = BackgroundProcess::start({.executable = "/bin/sleep", .args = {"30"}});
  ASSERT_TRUE(child) << child.error().describe();
  EXPECT_TRUE(isSameOrDescendant((*child)->pid(), ::getpid()));
  EXPECT_FALSE(isSameOrDescendant(::getpid(), (*child)->pid()));
  EXPECT_EQ(platform::processName((*child)->pid()), "sleep");
}

}  // namespace
}  // namespace harness
