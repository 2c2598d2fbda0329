#pragma once

// The behavioural suite every ServiceManager backend must pass (style.md §3.4: value-
// parameterized abstract tests). The parameter is a named factory; each backend instantiates
// the suite once in its own file:
//
//   INSTANTIATE_TEST_SUITE_P(Backends, ServiceManagerSuite,
//                            ::testing::Values(ServiceManagerBackendParam{"FakeLaunchd", &makeFake}),
//                            serviceManagerBackendName);
//
// The suite only asserts what holds for real launchd too (job shapes, error codes), with
// bounded waits; jobs are /bin/sh one-liners.

#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "harness/launchd/service_manager.h"

namespace harness::testing {

// One backend instance for one test: owns whatever the manager talks to (a fake root, ...).
class ServiceManagerBackend {
 public:
  virtual ~ServiceManagerBackend() = default;
  virtual ServiceManager& manager() = 0;
  // Directory for the test's plists (a LaunchAgents dir under a temp HOME).
  virtual std::filesystem::path agentsDir() const = 0;
};

struct ServiceManagerBackendParam {
  std::string name;
  // Returns nullptr with *skipReason set when the backend is unavailable here.
  std::function<std::unique_ptr<ServiceManagerBackend>(std::string* skipReason)> make;
};

std::string serviceManagerBackendName(const ::testing::TestParamInfo<ServiceManagerBackendParam>& info);

class ServiceManagerSuite : public ::testing::TestWithParam<ServiceManagerBackendParam> {
 protected:
  void SetUp() override;
  void TearDown() override;

  ServiceManager& manager() { return backend_->manager(); }
  // Writes LABEL.plist running `/bin/sh -c script`; returns its path.
  std::filesystem::path writeJob(const std::string& label, const std::string& script, bool keepAlive = false,
                                 bool runAtLoad = true);
  // Waits until print(label) shows a pid; returns it (0 on timeout, with a test failure).
  int waitForPid(const std::string& label, int notPid = 0);

  std::unique_ptr<ServiceManagerBackend> backend_;
  std::vector<std::string> labels_;  // booted out in TearDown
};

}  // namespace harness::testing
