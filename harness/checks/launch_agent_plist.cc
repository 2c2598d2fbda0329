#include "harness/checks/launch_agent_plist.h"

namespace harness::launch_agent {

const json* member(const json& root, const char* key) {
  auto it = root.find(key);
  return it == root.end() ? nullptr : &*it;
}

std::string reloadCommand(const std::filesystem::path& plist) {
  const auto p = shellQuote(plist.string());
  return "launchctl bootout gui/$(id -u) " + p + "; launchctl bootstrap gui/$(id -u) " + p;
}

std::optional<CheckResult> skipWithoutPlist(const CheckInfo& info, const LoadedPlist& plist, const std::string& who,
                                            const std::string& readableId) {
  if (plistRoot(plist)) return std::nullopt;
  return skipped(info, who + " plist is not readable; see " + readableId, {fileEvidence(plist.file)});
}

std::optional<std::string> plistProblem(const LoadedPlist& p) {
  if (p.error) return p.error->message;
  if (!p.plist) return p.file.isSymlink() ? std::string("dangling symlink") : std::string("missing");
  if (!p.plist->root.is_object()) return "root is " + typeName(p.plist->root) + ", expected a dict";
  return std::nullopt;
}

std::vector<std::string> normalisedArguments(const std::vector<std::string>& args) {
  std::vector<std::string> out;
  for (const auto& a : args) {
    auto eq = a.find('=');
    if (eq != std::string::npos && (a.rfind("--profile=", 0) == 0 || a.rfind("--port=", 0) == 0)) {
      out.push_back(a.substr(0, eq));
      out.push_back(a.substr(eq + 1));
    } else {
      out.push_back(a);
    }
  }
  return out;
}

Arguments programArguments(const json& root, const std::filesystem::path& file) {
  Arguments out;
  const json* args = member(root, "ProgramArguments");
  if (!args) {
    out.problem = Evidence{file.string(), "ProgramArguments", "missing"};
    return out;
  }
  if (!args->is_array()) {
    out.problem = Evidence{file.string(), "ProgramArguments", "is " + typeName(*args) + ", expected an array of strings"};
    return out;
  }
  for (size_t i = 0; i < args->size(); ++i) {
    if (!(*args)[i].is_string()) {
      out.problem = Evidence{file.string(), "ProgramArguments[" + std::to_string(i) + "]",
                             "is " + typeName((*args)[i]) + ", expected a string"};
      return out;
    }
    out.values.push_back((*args)[i].get<std::string>());
  }
  return out;
}

std::string joinArgs(const std::vector<std::string>& args) {
  std::string s;
  for (const auto& a : args) s += (s.empty() ? "" : " ") + a;
  return s;
}

std::optional<std::string> flagValue(const std::vector<std::string>& args, const std::string& flag) {
  for (size_t i = 0; i + 1 < args.size(); ++i) {
    if (args[i] == flag) return args[i + 1];
  }
  return std::nullopt;
}

}  // namespace harness::launch_agent
