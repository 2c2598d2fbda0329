#pragma once

// OpenClawInstallation: how OpenClaw is installed on a FakeStack's fake Mac. FakeStack asks it
// instead of branching on which one it is:
//   FakeCliInstallation      the fake `openclaw` CLI and the fake gateway (fake_cli_installation.h)
//   RealReleaseInstallation  a real OpenClaw release under fake-macos, with a gateway choice
//                            (real_release_installation.h)
// An installation holds no state of a stack: one may be shared by several stacks, and every
// call gets the paths of the stack it serves.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>

#include "harness/core/result.h"

namespace harness {

struct FakeStackBinaries;
class OpenClawCli;
class Redactor;
class ServiceManager;

// Where the stack an installation serves lives.
struct FakeMacPaths {
  const FakeStackBinaries& binaries;
  std::filesystem::path dir;          // everything lives below it
  std::filesystem::path home;         // <dir>/home
  std::filesystem::path launchdRoot;  // <dir>/launchd
};

// What installMain needs of the stack.
struct MainInstallContext {
  OpenClawCli& openclaw;  // the installation's own CLI
  ServiceManager& launchd;
  const std::map<std::string, std::string>& environment;  // of a command run on this Mac
  const nlohmann::json& jobEnvironment;                   // of a gateway job
  std::string discordApiUrl;
  std::string clawhubUrl;  // the fake ClawHub's, when looksUpClawHub()
  uint16_t port = 0;  // main's gateway.port (after the scenario's edit)
};

// What main's LaunchAgent became.
struct MainInstall {
  // Overrides of main's log paths for the spec (logPath, errLogPath) when the installation
  // wrote main's plist; null when main is the runbook's plist.
  std::shared_ptr<const nlohmann::json> logs;
  // Why the first `gateway install` refused main as the runbook laid it out (before
  // `doctor --fix`); empty when it did not.
  std::string refusal;
};

class OpenClawInstallation {
 public:
  virtual ~OpenClawInstallation() = default;

  // Before anything starts. NotFound names a binary it needs that is not built.
  virtual Status check(const FakeStackBinaries& binaries) const = 0;
  // The `openclaw` a shell on this Mac runs.
  virtual std::filesystem::path command(const FakeMacPaths& mac) const = 0;
  // Adds what this installation needs to the environment of a command run on this Mac (HOME,
  // PATH, LANG and the emulated release are the stack's); never replaces a variable.
  virtual void addShellEnvironment(const FakeMacPaths& mac, std::map<std::string, std::string>& env) const = 0;
  // PATH and this installation's variables for every gateway job (DISCORD_API_URL and the
  // emulated release are the stack's). `shellEnvironment` is what addShellEnvironment made.
  virtual nlohmann::json jobEnvironment(const FakeMacPaths& mac,
                                        const std::map<std::string, std::string>& shellEnvironment) const = 0;
  // ProgramArguments of a gateway LaunchAgent (profile "" is main).
  virtual nlohmann::json gatewayProgram(const FakeMacPaths& mac, const std::string& profile, uint16_t port) const = 0;
  // Writes `wrapper`, a script that runs `openclaw` (an install's node_modules/.bin/openclaw) on
  // this fake Mac the way command() runs the installation's own. Unsupported for the fake CLI.
  virtual Status writeCommand(const FakeMacPaths& mac, const std::filesystem::path& openclaw,
                              const std::filesystem::path& wrapper) const = 0;
  // How long one call of its CLI may take.
  virtual std::chrono::milliseconds cliTimeout() const = 0;
  // True when its OpenClaw looks plugins up on ClawHub (a real release): the stack then runs a
  // fake ClawHub (fakes/clawhub) and points OPENCLAW_CLAWHUB_URL at it.
  virtual bool looksUpClawHub() const = 0;
  // True when main's LaunchAgent is the installation's own (installMain writes and loads it)
  // rather than the runbook's plist.
  virtual bool installsMain() const = 0;

  // After `fake-launchd init`, before the first launchctl call.
  virtual Status prepareLaunchd(const FakeMacPaths& mac, const std::map<std::string, std::string>& environment,
                                const Redactor& redactor) const = 0;
  // After launchd is up and the home laid out: main's LaunchAgent the installation's own way
  // (nothing when installsMain() is false).
  virtual Result<MainInstall> installMain(const FakeMacPaths& mac, const MainInstallContext& context) const = 0;
};

using OpenClawInstallationPtr = std::shared_ptr<const OpenClawInstallation>;

}  // namespace harness
