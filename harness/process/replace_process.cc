#include "harness/process/replace_process.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace harness {

Error replaceCurrentProcess(const std::filesystem::path& executable, const std::vector<std::string>& argv,
                            const std::optional<std::map<std::string, std::string>>& environment) {
  std::vector<std::string> args = argv.empty() ? std::vector<std::string>{executable.string()} : argv;
  std::vector<char*> cargv;
  for (auto& a : args) cargv.push_back(a.data());
  cargv.push_back(nullptr);
  if (environment) {
    std::vector<std::string> envStrings;
    for (const auto& [k, v] : *environment) envStrings.push_back(k + "=" + v);
    std::vector<char*> envp;
    for (auto& s : envStrings) envp.push_back(s.data());
    envp.push_back(nullptr);
    ::execve(executable.c_str(), cargv.data(), envp.data());
  } else {
    ::execv(executable.c_str(), cargv.data());
  }
  return Error{ErrorCode::ProcessFailed, std::strerror(errno), executable.string()};
}

}  // namespace harness
