#pragma once

// Fixture for the fault tests: a FakeStack (fake launchd, fake CLI, both gateways, fake
// Discord) in a temporary directory, and the real verify-host pointed at it as a user points
// it at a Mac (--home, --launchctl, --openclaw, ports), with its restore journal in a
// temporary XDG_STATE_HOME. TearDown prints the stack's diagnostics on failure and asserts
// that nothing mentioning the temporary directory is left running.

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "lab/fake_stack/fake_stack.h"
#include "harness/testing/scoped_temp_dir.h"

namespace harness::testing {

class VerifyHostOnStackTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // `mode` (e.g. {"disruptive", "--yes"}) followed by the flags that point at the stack and
  // --format json.
  std::vector<std::string> verifyHostArgs(std::vector<std::string> mode) const;
  // The stack's environment (HOME, PATH, release) plus XDG_STATE_HOME in the temporary dir.
  std::map<std::string, std::string> verifyHostEnvironment() const;
  std::filesystem::path journal() const;

  // launchd has the job loaded and running, and its /readyz answers ready.
  bool serving(const InstanceSpec& gateway);
  bool mainServing() { return serving(stack_->spec().main); }
  bool rescueServing() { return serving(stack_->spec().rescue); }

  ScopedTempDir tmp_{"faults"};
  FakeStackBinaries binaries_;
  std::unique_ptr<FakeStack> stack_;
};

}  // namespace harness::testing
