#include "lab/fake_stack/fake_cli_installation.h"

#include <nlohmann/json.hpp>

#include "harness/sandbox/runbook_layout.h"
#include "lab/fake_stack/fake_stack.h"

namespace harness {

Status FakeCliInstallation::check(const FakeStackBinaries&) const { return ok(); }

std::filesystem::path FakeCliInstallation::command(const FakeMacPaths& mac) const { return mac.binaries.fakeOpenclaw; }

void FakeCliInstallation::addShellEnvironment(const FakeMacPaths&, std::map<std::string, std::string>&) const {}

nlohmann::json FakeCliInstallation::jobEnvironment(const FakeMacPaths&,
                                                   const std::map<std::string, std::string>& shellEnvironment) const {
  return nlohmann::json{{"PATH", shellEnvironment.at("PATH")}};
}

nlohmann::json FakeCliInstallation::gatewayProgram(const FakeMacPaths& mac, const std::string& profile,
                                                   uint16_t port) const {
  return gatewayProgramArguments({mac.binaries.fakeOpenclaw.string()}, profile, port);
}

Status FakeCliInstallation::writeCommand(const FakeMacPaths&, const std::filesystem::path&,
                                         const std::filesystem::path& wrapper) const {
  return Error{ErrorCode::Unsupported, "the stack runs the fake CLI", wrapper.string()};
}

std::chrono::milliseconds FakeCliInstallation::cliTimeout() const { return kFakeStackStepTimeout; }

Status FakeCliInstallation::prepareLaunchd(const FakeMacPaths&, const std::map<std::string, std::string>&,
                                           const Redactor&) const {
  return ok();
}

Result<MainInstall> FakeCliInstallation::installMain(const FakeMacPaths&, const MainInstallContext&) const {
  return MainInstall{};
}

}  // namespace harness
