// ServiceManagerSuite for LaunchctlServiceManager against the process-level fake launchd
// (fakes/launchd): a fresh fake root per test, shut down afterwards.

#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "harness/launchd/launchctl_service_manager.h"
#include "harness/process/process_runner.h"
#include "harness/testing/scoped_temp_dir.h"
#include "harness/testing/timeouts.h"
#include "service_manager_suite.h"

namespace harness::testing {
namespace {

namespace fs = std::filesystem;

class FakeLaunchdBackend : public ServiceManagerBackend {
 public:
  static std::unique_ptr<ServiceManagerBackend> make(std::string* skipReason) {
    if (!fs::exists(FAKE_LAUNCHD_PATH)) {
      *skipReason = std::string("fake-launchd not built at ") + FAKE_LAUNCHD_PATH;
      return nullptr;
    }
    auto backend = std::unique_ptr<FakeLaunchdBackend>(new FakeLaunchdBackend());
    auto init = runProcess(ProcessSpec{.executable = FAKE_LAUNCHD_PATH,
                                       .args = {"init", backend->root_.path().string(), "--start"},
                                       .timeout = actionTimeout()});
    if (!init || init->exitCode != 0) {
      ADD_FAILURE() << "fake-launchd init failed: " << (init ? init->stderrText : init.error().describe());
      return nullptr;
    }
    LaunchctlOptions options;
    options.launchctl = backend->root_.path() / "bin/launchctl";
    options.callTimeout = actionMaxTimeout();
    options.environmentOverrides = {{"HOME", backend->home_.path().string()}};
    backend->manager_ = makeLaunchctlServiceManager(options);
    return backend;
  }

  ~FakeLaunchdBackend() override {
    auto r = runProcess(ProcessSpec{.executable = FAKE_LAUNCHD_PATH, .args = {"shutdown", root_.path().string()},
                                    .timeout = actionMaxTimeout()});
    EXPECT_TRUE(r && r->exitCode == 0) << (r ? r->stderrText : r.error().describe());
  }

  ServiceManager& manager() override { return *manager_; }
  fs::path agentsDir() const override { return home_.path() / "Library/LaunchAgents"; }

 private:
  FakeLaunchdBackend() = default;
  ScopedTempDir root_{"fake-launchd-root"};
  ScopedTempDir home_{"fake-launchd-home"};
  ServiceManagerPtr manager_;
};

INSTANTIATE_TEST_SUITE_P(Backends, ServiceManagerSuite,
                         ::testing::Values(ServiceManagerBackendParam{"FakeLaunchd", &FakeLaunchdBackend::make}),
                         serviceManagerBackendName);

}  // namespace
}  // namespace harness::testing
