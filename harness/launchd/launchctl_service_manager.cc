#include "harness/launchd/launchctl_service_manager.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>

#include "harness/launchd/launchctl_print_parser.h"

namespace harness {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool contains(const std::string& haystack, std::string_view needle) { return haystack.find(needle) != std::string::npos; }

// launchctl's text on one line, bounded, for messages.
std::string oneLine(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\n' || c == '\r' || c == '\t') {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
    if (out.size() >= 400) break;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

bool isNotLoadedText(const std::string& t) {
  return contains(t, "could not find service") || contains(t, "no such process") || contains(t, "not found") ||
         contains(t, "could not find specified service");
}

}  // namespace

LaunchctlFailure classifyLaunchctlFailure(std::string_view subcommand, bool byPlist, int exitCode,
                                          std::string_view text) {
  const std::string t = lower(text);
  if (exitCode == 64 || contains(t, "unrecognized target specifier") || contains(t, "usage:")) {
    return LaunchctlFailure::BadArguments;
  }
  if (exitCode == 125 || exitCode == 112 || contains(t, "domain does not support specified action") ||
      contains(t, "could not find domain")) {
    return LaunchctlFailure::DomainUnsupported;
  }
  if (exitCode == 119 || contains(t, "service is disabled")) return LaunchctlFailure::Disabled;
  if (subcommand == "bootstrap" || subcommand == "load") {
    if (exitCode == 37 || exitCode == 5 || exitCode == 130 || exitCode == 17 || contains(t, "already exists in domain") ||
        contains(t, "operation already in progress") || contains(t, "already loaded")) {
      return LaunchctlFailure::AlreadyLoaded;
    }
    return LaunchctlFailure::Other;
  }
  if (exitCode == 113 || exitCode == 3 || isNotLoadedText(t)) return LaunchctlFailure::NotLoaded;
  if ((subcommand == "bootout" || subcommand == "unload") && byPlist && exitCode == 5) return LaunchctlFailure::NotLoaded;
  return LaunchctlFailure::Other;
}

std::string defaultGuiDomain() { return "gui/" + std::to_string(::getuid()); }

LaunchctlServiceManager::LaunchctlServiceManager(LaunchctlOptions options)
    : options_(std::move(options)), domain_(options_.domain.empty() ? defaultGuiDomain() : options_.domain) {}

Result<ProcessResult> LaunchctlServiceManager::run(const std::vector<std::string>& args) const {
  ProcessSpec spec;
  spec.executable = options_.launchctl;
  spec.args = args;
  spec.environment = options_.environment;
  spec.environmentOverrides = options_.environmentOverrides;
  spec.timeout = options_.callTimeout;
  auto result = runProcess(spec);
  if (!result) return result.error();
  if (result->timedOut) {
    return Error{ErrorCode::Timeout,
                 "launchctl did not finish within " + std::to_string(options_.callTimeout.count()) + " ms (killed)",
                 formatCommandLine(spec.executable, spec.args)};
  }
  if (result->termSignal != 0) {
    return Error{ErrorCode::ProcessFailed, "launchctl was killed by signal " + std::to_string(result->termSignal),
                 formatCommandLine(spec.executable, spec.args)};
  }
  return result;
}

Status LaunchctlServiceManager::mutate(const std::vector<std::string>& args, bool byPlist) const {
  auto result = run(args);
  if (!result) return result.error();
  if (result->exitCode == 0) return ok();
  const std::string text = oneLine(result->diagnosticText());
  const std::string context = formatCommandLine(options_.launchctl, args);
  const std::string detail = "exit " + std::to_string(result->exitCode) + (text.empty() ? "" : ": " + text);
  switch (classifyLaunchctlFailure(args.front(), byPlist, result->exitCode, result->diagnosticText())) {
    case LaunchctlFailure::NotLoaded:
      return Error{ErrorCode::NotFound, "not loaded (" + detail + ")", context};
    case LaunchctlFailure::AlreadyLoaded:
      return Error{ErrorCode::ProcessFailed, "already loaded (" + detail + ")", context};
    case LaunchctlFailure::Disabled:
      return Error{ErrorCode::PermissionDenied, "service is disabled (" + detail + ")", context};
    case LaunchctlFailure::DomainUnsupported:
      return Error{ErrorCode::Unsupported, "domain unavailable (" + detail + ")", context};
    case LaunchctlFailure::BadArguments:
      return Error{ErrorCode::InvalidInput, "launchctl rejected the arguments (" + detail + ")", context};
    case LaunchctlFailure::Other:
      break;
  }
  return Error{ErrorCode::ProcessFailed, "launchctl failed (" + detail + ")", context};
}

Status LaunchctlServiceManager::bootstrap(const std::filesystem::path& plistPath) {
  return mutate({"bootstrap", domain_, plistPath.string()}, true);
}

Status LaunchctlServiceManager::bootout(const std::string& label) {
  return mutate({"bootout", serviceTarget(label)}, false);
}

Status LaunchctlServiceManager::bootoutPlist(const std::filesystem::path& plistPath) {
  return mutate({"bootout", domain_, plistPath.string()}, true);
}

Status LaunchctlServiceManager::enable(const std::string& label) { return mutate({"enable", serviceTarget(label)}, false); }

Status LaunchctlServiceManager::disable(const std::string& label) {
  return mutate({"disable", serviceTarget(label)}, false);
}

Status LaunchctlServiceManager::kickstart(const std::string& label, bool kill) {
  std::vector<std::string> args{"kickstart"};
  if (kill) args.emplace_back("-k");
  args.push_back(serviceTarget(label));
  return mutate(args, false);
}

Status LaunchctlServiceManager::kill(const std::string& label, int signal) {
  return mutate({"kill", std::to_string(signal), serviceTarget(label)}, false);
}

Result<JobState> LaunchctlServiceManager::print(const std::string& label) {
  const std::vector<std::string> args{"print", serviceTarget(label)};
  auto result = run(args);
  if (!result) return result.error();
  if (result->exitCode != 0) {
    const auto kind = classifyLaunchctlFailure("print", false, result->exitCode, result->diagnosticText());
    if (kind == LaunchctlFailure::NotLoaded) {
      JobState notLoaded;
      notLoaded.target = serviceTarget(label);
      return notLoaded;
    }
    const std::string text = oneLine(result->diagnosticText());
    return Error{kind == LaunchctlFailure::DomainUnsupported ? ErrorCode::Unsupported : ErrorCode::ProcessFailed,
                 "launchctl print failed (exit " + std::to_string(result->exitCode) + (text.empty() ? "" : ": " + text) + ")",
                 formatCommandLine(options_.launchctl, args)};
  }
  auto parsed = parseLaunchctlPrint(result->stdoutText.empty() ? result->stderrText : result->stdoutText);
  if (!parsed) {
    Error error = parsed.error();
    error.context = formatCommandLine(options_.launchctl, args);
    return error;
  }
  return parsed;
}

Result<std::map<std::string, bool>> LaunchctlServiceManager::printDisabled() {
  const std::vector<std::string> args{"print-disabled", domain_};
  auto result = run(args);
  if (!result) return result.error();
  if (result->exitCode != 0) {
    return Error{ErrorCode::ProcessFailed,
                 "launchctl print-disabled failed (exit " + std::to_string(result->exitCode) + ": " +
                     oneLine(result->diagnosticText()) + ")",
                 formatCommandLine(options_.launchctl, args)};
  }
  auto parsed = parseLaunchctlPrintDisabled(result->stdoutText);
  if (!parsed) {
    Error error = parsed.error();
    error.context = formatCommandLine(options_.launchctl, args) + " [" + error.context + "]";
    return error;
  }
  return parsed;
}

Result<std::vector<JobListEntry>> LaunchctlServiceManager::list() {
  const std::vector<std::string> args{"list"};
  auto result = run(args);
  if (!result) return result.error();
  if (result->exitCode != 0) {
    return Error{ErrorCode::ProcessFailed,
                 "launchctl list failed (exit " + std::to_string(result->exitCode) + ": " +
                     oneLine(result->diagnosticText()) + ")",
                 formatCommandLine(options_.launchctl, args)};
  }
  return parseLaunchctlList(result->stdoutText);
}

ServiceManagerPtr makeLaunchctlServiceManager(LaunchctlOptions options) {
  return std::make_unique<LaunchctlServiceManager>(std::move(options));
}

}  // namespace harness
