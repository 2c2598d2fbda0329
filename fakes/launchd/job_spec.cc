#include "fakes/launchd/job_spec.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include <cerrno>
#include <cstdlib>

#include "harness/plist/plist_reader.h"

namespace fakes::launchd {
namespace {

std::optional<std::string> optionalString(const nlohmann::json& root, const char* key) {
  auto it = root.find(key);
  if (it == root.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

bool boolValue(const nlohmann::json& root, const char* key, bool fallback) {
  auto it = root.find(key);
  if (it == root.end()) return fallback;
  if (it->is_boolean()) return it->get<bool>();
  if (it->is_number_integer()) return it->get<long long>() != 0;
  return fallback;
}

int intValue(const nlohmann::json& root, const char* key, int fallback) {
  auto it = root.find(key);
  if (it == root.end() || !it->is_number()) return fallback;
  double v = it->get<double>();
  if (v < 0) return 0;
  if (v > 1e6) return 1000000;
  return static_cast<int>(v);
}

}  // namespace

ExitInfo ExitInfo::fromWaitStatus(int status) {
  if (WIFSIGNALED(status)) return signal(WTERMSIG(status));
  if (WIFEXITED(status)) return code(WEXITSTATUS(status));
  return {};
}

std::string JobSpec::executable() const {
  if (program) return *program;
  return arguments.empty() ? std::string() : arguments.front();
}

std::vector<std::string> JobSpec::argv() const {
  if (!arguments.empty()) return arguments;
  return {executable()};
}

bool JobSpec::startsAtLoad() const {
  return runAtLoad || keepAlive.always || keepAlive.successfulExit.has_value();
}

bool JobSpec::restartsAfter(const ExitInfo& exit) const {
  if (!keepAlive.present) return false;
  if (keepAlive.always) return true;
  if (keepAlive.successfulExit) {
    if (*keepAlive.successfulExit && exit.successful()) return true;
    if (!*keepAlive.successfulExit && !exit.successful()) return true;
  }
  if (keepAlive.crashed) {
    if (*keepAlive.crashed && exit.crashed()) return true;
    if (!*keepAlive.crashed && !exit.crashed()) return true;
  }
  return false;
}

harness::Result<JobSpec> parseJobSpec(const nlohmann::json& root) {
  using harness::Error;
  using harness::ErrorCode;
  if (!root.is_object()) return Error{ErrorCode::InvalidInput, "Invalid property list", ""};
  JobSpec spec;
  spec.raw = root;
  auto label = optionalString(root, "Label");
  if (!label || label->empty()) return Error{ErrorCode::InvalidInput, "Invalid or missing service identifier", ""};
  spec.label = *label;
  spec.program = optionalString(root, "Program");
  if (auto it = root.find("ProgramArguments"); it != root.end() && it->is_array()) {
    for (const auto& a : *it) {
      if (!a.is_string()) return Error{ErrorCode::InvalidInput, "Invalid or missing Program/ProgramArguments", ""};
      spec.arguments.push_back(a.get<std::string>());
    }
  }
  if ((!spec.program || spec.program->empty()) && spec.arguments.empty()) {
    return Error{ErrorCode::InvalidInput, "Invalid or missing Program/ProgramArguments", ""};
  }
  if (spec.program && spec.program->empty()) spec.program.reset();
  if (auto it = root.find("EnvironmentVariables"); it != root.end() && it->is_object()) {
    for (const auto& [k, v] : it->items()) {
      if (v.is_string()) spec.environment[k] = v.get<std::string>();
      else if (v.is_number_integer()) spec.environment[k] = std::to_string(v.get<long long>());
      else if (v.is_boolean()) spec.environment[k] = v.get<bool>() ? "true" : "false";
    }
  }
  spec.workingDirectory = optionalString(root, "WorkingDirectory");
  spec.standardInPath = optionalString(root, "StandardInPath");
  spec.standardOutPath = optionalString(root, "StandardOutPath");
  spec.standardErrorPath = optionalString(root, "StandardErrorPath");
  if (auto it = root.find("Umask"); it != root.end()) {
    if (it->is_number_integer()) {
      spec.umask = static_cast<mode_t>(it->get<long long>() & 0777);
    } else if (it->is_string()) {
      // launchd also accepts the octal string form ("077").
      const std::string s = it->get<std::string>();
      char* end = nullptr;
      long v = std::strtol(s.c_str(), &end, 8);
      if (end && *end == '\0' && !s.empty()) spec.umask = static_cast<mode_t>(v & 0777);
    }
  }
  spec.runAtLoad = boolValue(root, "RunAtLoad", false);
  if (auto it = root.find("KeepAlive"); it != root.end()) {
    if (it->is_boolean()) {
      spec.keepAlive.present = it->get<bool>();
      spec.keepAlive.always = it->get<bool>();
    } else if (it->is_object()) {
      spec.keepAlive.present = true;
      if (auto s = it->find("SuccessfulExit"); s != it->end() && s->is_boolean()) spec.keepAlive.successfulExit = s->get<bool>();
      if (auto c = it->find("Crashed"); c != it->end() && c->is_boolean()) spec.keepAlive.crashed = c->get<bool>();
    }
  }
  spec.throttleInterval = intValue(root, "ThrottleInterval", JobSpec::kDefaultThrottleInterval);
  spec.exitTimeOut = intValue(root, "ExitTimeOut", JobSpec::kDefaultExitTimeOut);
  spec.disabled = boolValue(root, "Disabled", false);
  spec.abandonProcessGroup = boolValue(root, "AbandonProcessGroup", false);
  spec.processType = optionalString(root, "ProcessType").value_or("");
  return spec;
}

LoadedSpec loadJobSpec(const std::filesystem::path& plistPath) {
  LoadedSpec out;
  struct stat st{};
  if (::stat(plistPath.c_str(), &st) != 0) {
    out.failure = SpecFailure{errno == ENOENT ? SpecError::Missing : SpecError::Unreadable, "No such file or directory"};
    return out;
  }
  auto parsed = harness::readPlistFile(plistPath);
  if (!parsed) {
    out.failure = SpecFailure{SpecError::InvalidPlist, "Invalid property list"};
    return out;
  }
  auto spec = parseJobSpec(parsed->root);
  if (!spec) {
    const std::string& m = spec.error().message;
    SpecError kind = m.find("service identifier") != std::string::npos ? SpecError::MissingLabel
                     : m.find("Program") != std::string::npos          ? SpecError::MissingProgram
                                                                        : SpecError::InvalidPlist;
    out.failure = SpecFailure{kind, m};
    return out;
  }
  out.spec = std::move(spec).value();
  return out;
}

}  // namespace fakes::launchd
