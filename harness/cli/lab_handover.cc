#include "harness/cli/lab_handover.h"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string_view>
#include <system_error>

#include "harness/cli/report_output.h"
#include "harness/platform/platform.h"
#include "harness/process/replace_process.h"

namespace harness {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kSandboxFlag = "--sandbox";
constexpr std::string_view kAgainstFlag = "--against-openclaw";

fs::path ownExecutable(const char* argv0) {
  if (auto self = platform::currentExecutable(); !self.empty()) return self;
  // The system could not say: argv[0], as the shell found it.
  std::error_code ec;
  const std::string name = argv0 ? argv0 : "";
  if (name.find('/') != std::string::npos) return fs::absolute(name, ec);
  const char* path = std::getenv("PATH");
  std::string_view dirs = path ? path : "";
  while (!dirs.empty()) {
    const auto colon = dirs.find(':');
    const fs::path candidate = fs::path(std::string(dirs.substr(0, colon))) / name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    if (colon == std::string_view::npos) break;
    dirs.remove_prefix(colon + 1);
  }
  return name;
}

}  // namespace

std::optional<LabCommandLine> labCommandLine(int argc, const char* const* argv) {
  std::optional<LabCommandLine> lab;
  bool sandbox = false, against = false;
  std::vector<std::string> rest;
  std::string version;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == kSandboxFlag) {
      sandbox = true;
    } else if (arg == kAgainstFlag) {
      against = true;
      if (i + 1 < argc) version = argv[++i];
    } else if (arg.substr(0, kAgainstFlag.size() + 1) == std::string(kAgainstFlag) + "=") {
      against = true;
      version = std::string(arg.substr(kAgainstFlag.size() + 1));
    } else {
      rest.emplace_back(arg);
    }
  }
  if (!sandbox && !against) return std::nullopt;
  lab.emplace();
  if (sandbox && against) {
    lab->error = "--against-openclaw runs on its own fake Mac; it takes --format human|json only";
    return lab;
  }
  lab->flag = sandbox ? kSandboxFlag : kAgainstFlag;
  lab->subcommand = sandbox ? "sandbox" : "drift";
  if (against && !version.empty()) lab->args.push_back(version);
  lab->args.insert(lab->args.end(), rest.begin(), rest.end());
  return lab;
}

fs::path labExecutableBeside(const char* argv0) { return ownExecutable(argv0).parent_path() / "rescue-lab"; }

int handOverToLab(const LabCommandLine& command, const fs::path& lab, std::ostream& err) {
  if (!command.error.empty()) {
    err << "verify-host: " << command.error << "\n";
    return kExitUsage;
  }
  if (::access(lab.c_str(), X_OK) != 0) {
    err << "verify-host: " << command.flag << " runs in the lab (`rescue-lab " << command.subcommand
        << "`), and this build has none: there is no " << lab.string()
        << ".\nThe lab drives the fakes and is built on Linux from the source tree's lab/ and fakes/ "
           "(cmake -DHARNESS_BUILD_LAB=ON, the default there); see README, \"The sandbox\".\n";
    return kExitUsage;
  }
  std::vector<std::string> args{lab.string(), command.subcommand};
  args.insert(args.end(), command.args.begin(), command.args.end());
  std::cout.flush();
  err.flush();
  const Error failed = replaceCurrentProcess(lab, args);
  err << "verify-host: cannot run " << lab.string() << ": " << failed.message << "\n";
  return kExitUsage;
}

}  // namespace harness
