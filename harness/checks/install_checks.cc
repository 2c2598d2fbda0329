// Upgrade safety (G10): a bad OpenClaw upgrade must not take both gateways down. `openclaw
// update` and `npm i -g openclaw@…` replace the code every gateway on that install runs at its
// next start (facts §3), so a rescue that runs main's very install goes down with it the first
// time launchd restarts it after a broken release. The check compares the OpenClaw package each
// plist runs (its ProgramArguments, symlinks resolved where the paths exist) and warns when
// they are one; the fix is the rescue on its own pinned install.
//
// Pure over the snapshot: the links were resolved when it was loaded (resolvedPrograms).

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "harness/checks/check_support.h"

namespace harness {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kArea = "Rescue LaunchAgent";

struct OpenClawInstall {
  fs::path packageDir;  // .../node_modules/openclaw
  std::string key;      // where in the plist: "ProgramArguments[1]"
  std::string named;    // the path as the plist names it
  bool resolved = false;  // symlinks resolved on this host (else compared as written)
};

// The `node_modules/openclaw` directory a path lies in, if any: "/opt/homebrew/lib/node_modules/
// openclaw/dist/index.js" -> "/opt/homebrew/lib/node_modules/openclaw".
std::optional<fs::path> packageDirOf(const fs::path& path) {
  fs::path out;
  fs::path previous;
  for (const auto& part : path) {
    out /= part;
    if (part == "openclaw" && previous == "node_modules") return out;
    previous = part;
  }
  return std::nullopt;
}

// Which OpenClaw package a plist runs: the first program argument (before `--profile` or
// `gateway`) that lies in a node_modules/openclaw, once symlinks are resolved (Homebrew's
// bin/openclaw links into lib/node_modules/openclaw).
std::optional<OpenClawInstall> installOf(const InstanceSnapshot& inst) {
  if (!inst.plist.plist || !inst.plist.plist->root.is_object()) return std::nullopt;
  const json& root = inst.plist.plist->root;
  std::vector<std::pair<std::string, std::string>> candidates;  // key, path
  if (auto it = root.find("Program"); it != root.end() && it->is_string()) candidates.emplace_back("Program", *it);
  if (auto it = root.find("ProgramArguments"); it != root.end() && it->is_array()) {
    for (size_t i = 0; i < it->size(); ++i) {
      const json& arg = (*it)[i];
      if (!arg.is_string()) continue;
      const std::string text = arg.get<std::string>();
      if (text == "gateway" || text.rfind("--", 0) == 0) break;
      candidates.emplace_back("ProgramArguments[" + std::to_string(i) + "]", text);
    }
  }
  for (const auto& [key, text] : candidates) {
    const fs::path path(text);
    if (!path.is_absolute()) continue;
    if (auto real = inst.resolvedPrograms.find(text); real != inst.resolvedPrograms.end()) {
      if (auto dir = packageDirOf(real->second)) return OpenClawInstall{*dir, key, text, true};
    }
    if (auto dir = packageDirOf(path.lexically_normal())) return OpenClawInstall{*dir, key, text, false};
  }
  return std::nullopt;
}

// A pinned install of the rescue's own, beside its state: what the fix points the plist at.
fs::path pinnedPackageDir(const InstanceSpec& rescue) {
  return rescue.stateDir / "openclaw" / "node_modules" / "openclaw";
}

// "ProgramArguments[1]" as plutil's key path, "ProgramArguments.1".
std::string plutilKeyPath(std::string key) {
  for (char& c : key) if (c == '[') c = '.';
  if (!key.empty() && key.back() == ']') key.pop_back();
  return key;
}

CheckResult checkRescueOwnInstall(const CheckInfo& info, const HostSnapshot& snap) {
  const auto mainInstall = installOf(snap.main);
  const auto rescueInstall = installOf(snap.rescue);
  const std::string rescueFile = snap.spec.rescue.plistPath.string();
  const std::string mainFile = snap.spec.main.plistPath.string();
  if (!rescueInstall) {
    return skipped(info, "the rescue plist names no node_modules/openclaw program; which install it runs is unknown",
                   {{rescueFile, "ProgramArguments", "no OpenClaw package path"}});
  }
  if (!mainInstall) {
    return skipped(info, "main's plist names no node_modules/openclaw program; whether the rescue shares it is unknown",
                   {{mainFile, "ProgramArguments", "no OpenClaw package path"}});
  }
  const std::vector<Evidence> evidence{
      {rescueFile, rescueInstall->key, rescueInstall->named + " (package " + rescueInstall->packageDir.string() + ")"},
      {mainFile, mainInstall->key, mainInstall->named + " (package " + mainInstall->packageDir.string() + ")"}};
  if (rescueInstall->packageDir != mainInstall->packageDir) {
    return passed(info, "the rescue runs its own OpenClaw install (" + rescueInstall->packageDir.string() +
                            "), not main's (" + mainInstall->packageDir.string() + ")",
                  evidence);
  }
  const fs::path pinned = pinnedPackageDir(snap.spec.rescue);
  fs::path entry = pinned / fs::path(rescueInstall->named).lexically_relative(rescueInstall->packageDir);
  if (entry.filename().empty() || entry == pinned / ".") entry = pinned / "openclaw.mjs";
  const std::string prefix = (snap.spec.rescue.stateDir / "openclaw").string();
  const std::string fix =
      "give the rescue a pinned install of its own: npm install --prefix " + shellQuote(prefix) +
      " openclaw@<the release that works>; then plutil -replace " +
      plutilKeyPath(rescueInstall->key) +
      " -string " + shellQuote(entry.string()) + " " + shellQuote(rescueFile) +
      "; launchctl bootout gui/$(id -u) " + shellQuote(rescueFile) + "; launchctl bootstrap gui/$(id -u) " +
      shellQuote(rescueFile) + " (upgrade it on its own, after main's upgrade has proven itself)";
  return warned(info,
                "the rescue runs main's OpenClaw install (" + rescueInstall->packageDir.string() +
                    (rescueInstall->resolved ? "" : ", as the plists name it") +
                    "): an update that breaks it takes the rescue down too, the next time launchd starts it (G10)",
                evidence, fix);
}

}  // namespace

void addInstallChecks(std::vector<StaticCheck>& out) {
  out.push_back({{"rescue.launchagent.own-install", kArea, {"G10"}}, &checkRescueOwnInstall});
}

}  // namespace harness
