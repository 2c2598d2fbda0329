// Process facts from the kernel (sysctl KERN_PROC_PID, libproc's proc_name), not from `ps`:
// no child process per question, and the same answers `ps` would give.
#include <libproc.h>
#include <mach-o/dyld.h>
#include <sys/proc.h>
#include <sys/sysctl.h>

#include <climits>
#include <cstdint>
#include <system_error>
#include <vector>

#include "harness/platform/platform.h"

namespace harness::platform {

std::filesystem::path currentExecutable() {
  uint32_t size = PATH_MAX;
  std::vector<char> buf(size);
  if (_NSGetExecutablePath(buf.data(), &size) != 0) {
    buf.resize(size);
    if (_NSGetExecutablePath(buf.data(), &size) != 0) return {};
  }
  std::error_code ec;
  auto resolved = std::filesystem::canonical(buf.data(), ec);
  return ec ? std::filesystem::path(buf.data()) : resolved;
}

std::optional<pid_t> parentProcessId(pid_t pid) {
  if (pid <= 0) return std::nullopt;
  int mib[4] = {CTL_KERN, KERN_PROC, KERN_PROC_PID, pid};
  struct kinfo_proc info {};
  size_t size = sizeof info;
  if (::sysctl(mib, 4, &info, &size, nullptr, 0) != 0 || size == 0) return std::nullopt;
  return info.kp_eproc.e_ppid;
}

std::string processName(pid_t pid) {
  if (pid <= 0) return {};
  char name[2 * MAXCOMLEN + 1] = {};
  if (::proc_name(pid, name, sizeof name) <= 0) return {};
  return name;
}

bool becomeChildSubreaper() noexcept { return false; }

PortOwnerSource nativePortOwnerSource() noexcept { return PortOwnerSource::Lsof; }

}  // namespace harness::platform
