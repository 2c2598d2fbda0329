#include <sys/prctl.h>

#include <charconv>
#include <fstream>
#include <iterator>
#include <system_error>

#include "harness/platform/platform.h"

namespace harness::platform {
namespace {

std::string readProcFile(pid_t pid, const char* name) {
  // /proc files report size 0: read them as streams.
  std::ifstream in("/proc/" + std::to_string(pid) + "/" + name);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

}  // namespace

std::filesystem::path currentExecutable() {
  std::error_code ec;
  auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::filesystem::path() : self;
}

std::optional<pid_t> parentProcessId(pid_t pid) {
  if (pid <= 0) return std::nullopt;
  // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read after the last ')'.
  const std::string stat = readProcFile(pid, "stat");
  const auto close = stat.rfind(')');
  if (close == std::string::npos || close + 4 > stat.size()) return std::nullopt;
  const char* p = stat.data() + close + 2;  // the state letter
  const char* end = stat.data() + stat.size();
  while (p < end && *p != ' ') ++p;
  while (p < end && *p == ' ') ++p;
  pid_t ppid = 0;
  auto [last, ec] = std::from_chars(p, end, ppid);
  if (ec != std::errc() || last == p) return std::nullopt;
  return ppid;
}

std::string processName(pid_t pid) {
  if (pid <= 0) return {};
  std::string name = readProcFile(pid, "comm");
  while (!name.empty() && (name.back() == '\n' || name.back() == '\r')) name.pop_back();
  return name;
}

bool becomeChildSubreaper() noexcept { return ::prctl(PR_SET_CHILD_SUBREAPER, 1) == 0; }

PortOwnerSource nativePortOwnerSource() noexcept { return PortOwnerSource::ProcNetTcp; }

}  // namespace harness::platform
