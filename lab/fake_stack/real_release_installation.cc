#include "lab/fake_stack/real_release_installation.h"

#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <fstream>

#include "harness/core/deadline_scale.h"
#include "harness/core/redactor.h"
#include "harness/launchd/service_manager.h"
#include "harness/openclaw/openclaw_cli.h"
#include "harness/plist/plist_reader.h"
#include "harness/process/process_runner.h"
#include "harness/sandbox/runbook_layout.h"
#include "lab/fake_stack/fake_stack.h"

namespace harness {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kMainLabel = "ai.openclaw.gateway";

// A real release's CLI call (`doctor --fix` takes 1-2 min idle); HARNESS_TIMEOUT_SCALE
// stretches it on a loaded machine.
std::chrono::milliseconds realCliTimeout() { return scaled(std::chrono::milliseconds(180'000)); }

}  // namespace

Status RealReleaseInstallation::check(const FakeStackBinaries& binaries) const {
  if (::access(binaries.fakeMacos.c_str(), X_OK) != 0) {
    return Error{ErrorCode::NotFound, "fake-macos not built (needed to run a real OpenClaw release)",
                 binaries.fakeMacos.string()};
  }
  return ok();
}

fs::path RealReleaseInstallation::command(const FakeMacPaths& mac) const { return mac.dir / "bin" / "openclaw"; }

void RealReleaseInstallation::addShellEnvironment(const FakeMacPaths& mac, std::map<std::string, std::string>& env) const {
  // What a real release writes under the temporary directory stays inside the stack (its
  // preferred /tmp/openclaw is the fake Mac's own: fakes/macos/README.md).
  env["TMPDIR"] = (mac.dir / "tmp").string();
  env["NO_COLOR"] = "1";
  for (const auto& [k, v] : options_.registryEnvironment) env.emplace(k, v);
}

json RealReleaseInstallation::jobEnvironment(const FakeMacPaths& mac,
                                             const std::map<std::string, std::string>& shellEnvironment) const {
  json out = {{"PATH", (mac.launchdRoot / "bin").string() + ":/opt/fake-macos/bin:" +
                           mac.binaries.fakeOpenclaw.parent_path().string() + ":/usr/bin:/bin"},
              {"TMPDIR", shellEnvironment.at("TMPDIR")}};
  for (const auto& [k, v] : options_.registryEnvironment) out[k] = v;
  return out;
}

bool RealReleaseInstallation::runsRealGateway(const std::string& profile) const {
  return options_.realGateways == RealGateways::Both || (options_.realGateways == RealGateways::Rescue && !profile.empty());
}

json RealReleaseInstallation::gatewayProgram(const FakeMacPaths& mac, const std::string& profile, uint16_t port) const {
  if (!runsRealGateway(profile)) return gatewayProgramArguments({mac.binaries.fakeOpenclaw.string()}, profile, port);
  // The node shim fake-macos puts in the namespace loads the darwin preload whatever the job's
  // environment says (fakes/macos/README.md).
  std::error_code ec;
  fs::path entry = fs::canonical(options_.openclaw, ec);
  if (ec) entry = options_.openclaw;
  return gatewayProgramArguments({"/opt/fake-macos/bin/node", entry.string()}, profile, port);
}

std::chrono::milliseconds RealReleaseInstallation::cliTimeout() const { return realCliTimeout(); }

Status RealReleaseInstallation::writeCommand(const FakeMacPaths& mac, const fs::path& openclaw,
                                             const fs::path& wrapper) const {
  std::error_code ec;
  fs::create_directories(wrapper.parent_path(), ec);
  fs::create_directories(mac.dir / "tmp", ec);
  {
    std::ofstream out(wrapper, std::ios::trunc);
    out << "#!/bin/sh\n# " << openclaw.string() << " on this fake Mac (fakes/macos)\n"
        << "exec '" << mac.binaries.fakeMacos.string() << "' --root '" << mac.launchdRoot.string() << "' --home '"
        << mac.home.string() << "' --node '" << options_.node.string() << "' -- '" << openclaw.string() << "' \"$@\"\n";
    if (!out.flush()) return Error{ErrorCode::Io, "cannot write", wrapper.string()};
  }
  ::chmod(wrapper.c_str(), 0755);
  return ok();
}

Status RealReleaseInstallation::prepareLaunchd(const FakeMacPaths& mac, const std::map<std::string, std::string>& environment,
                                               const Redactor& redactor) const {
  if (auto s = writeCommand(mac, options_.openclaw, command(mac)); !s) return s;
  // The supervisor must start inside fake-macos's namespace so every job it spawns sees the
  // fake macOS (fakes/macos/README.md); later calls from outside reach it over its socket.
  auto started = runProcess(ProcessSpec{.executable = mac.binaries.fakeMacos,
                                        .args = {"--root", mac.launchdRoot.string(), "--home", mac.home.string(),
                                                 "--node", options_.node.string(), "--", "true"},
                                        .environment = environment,
                                        .timeout = kFakeStackStepTimeout});
  if (!started) return started.error();
  if (!started->succeeded()) return Error{ErrorCode::ProcessFailed, redactor.redact(started->diagnosticText()), "fake-macos"};
  return ok();
}

// main's LaunchAgent as the release writes it (`openclaw gateway install`); with the fake
// gateway, its program is swapped for the fake one and the rest (label, logs, keys) kept.
Result<MainInstall> RealReleaseInstallation::installMain(const FakeMacPaths& mac, const MainInstallContext& context) const {
  MainInstall result;
  const bool realMain = runsRealGateway("");
  if (realMain) {
    // The global runtime dotenv: where 2026.9.5+'s Discord plugin reads DISCORD_API_URL besides
    // the process env, and where main's gateway finds the fake ClawHub whatever plist the
    // release writes for it.
    std::ofstream env(mac.home / ".openclaw/.env", std::ios::app);
    env << "DISCORD_API_URL=" << context.discordApiUrl << "\n";
    if (!context.clawhubUrl.empty()) env << "OPENCLAW_CLAWHUB_URL=" << context.clawhubUrl << "\n";
  }
  auto install = context.openclaw.gateway(GatewayAction::Install, OpenClawTarget{}, context.port);
  if (!install) return install.error();
  if (!install->ok && install->message.find("doctor --fix") != std::string::npos) {
    // A release that wants its state migrated first (2026.9.6: main's auth-profiles.json into
    // SQLite) gets what an upgrading user would run; the refusal is kept for the drift report.
    result.refusal = install->message;
    auto doctor = runProcess(ProcessSpec{.executable = command(mac),
                                         .args = {"doctor", "--fix", "--non-interactive"},
                                         .environment = context.environment,
                                         .timeout = realCliTimeout()});
    if (!doctor) return doctor.error();
    install = context.openclaw.gateway(GatewayAction::Install, OpenClawTarget{}, context.port);
    if (!install) return install.error();
  }
  if (!install->ok) {
    return Error{ErrorCode::ProcessFailed, "main's `openclaw gateway install` failed: " + install->message,
                 install->commandLine};
  }
  const fs::path plistPath = mac.home / "Library/LaunchAgents" / (std::string(kMainLabel) + ".plist");
  auto plist = readPlistFile(plistPath);
  if (!plist) return plist.error();
  json& root = plist->root;
  auto logs = std::make_shared<json>(json::object());
  if (root.contains("StandardOutPath") && root["StandardOutPath"].is_string()) (*logs)["logPath"] = root["StandardOutPath"];
  if (root.contains("StandardErrorPath") && root["StandardErrorPath"].is_string()) {
    (*logs)["errLogPath"] = root["StandardErrorPath"];
  }
  result.logs = logs;
  if (realMain) return result;

  (void)context.launchd.bootout(kMainLabel);
  root["ProgramArguments"] = gatewayProgram(mac, "", context.port);
  if (!root["EnvironmentVariables"].is_object()) root["EnvironmentVariables"] = json::object();
  root["EnvironmentVariables"].update(context.jobEnvironment);
  {
    std::ofstream out(plistPath, std::ios::trunc);
    if (!(out << toXmlPlist(root))) return Error{ErrorCode::Io, "cannot write", plistPath.string()};
  }
  if (auto s = context.launchd.bootstrap(plistPath); !s) return s.error();
  if (auto s = context.launchd.enable(kMainLabel); !s) return s.error();
  if (auto s = context.launchd.kickstart(kMainLabel, true); !s) return s.error();
  return result;
}

}  // namespace harness
