#include "harness/testing/process_scan.h"

#include <dirent.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace harness::testing {
namespace {

namespace fs = std::filesystem;

std::string readProcFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// State letter and parent pid from /proc/PID/stat (the command name may contain spaces).
bool readStat(pid_t pid, char& state, long& ppid) {
  const std::string stat = readProcFile("/proc/" + std::to_string(pid) + "/stat");
  auto close = stat.rfind(')');
  if (close == std::string::npos || close + 2 >= stat.size()) return false;
  std::istringstream rest(stat.substr(close + 2));
  return static_cast<bool>(rest >> state >> ppid);
}

char processState(pid_t pid) {
  char state = 0;
  long ppid = 0;
  return readStat(pid, state, ppid) ? state : 0;
}

template <typename Fn>
void forEachPid(Fn fn) {
  DIR* dir = ::opendir("/proc");
  if (!dir) return;
  while (dirent* e = ::readdir(dir)) {
    char* end = nullptr;
    long pid = std::strtol(e->d_name, &end, 10);
    if (!end || *end != '\0' || pid <= 0) continue;
    fn(static_cast<pid_t>(pid));
  }
  ::closedir(dir);
}

}  // namespace

bool processIsZombie(pid_t pid) { return processState(pid) == 'Z'; }

bool processExists(pid_t pid) {
  const char s = processState(pid);
  return s != 0 && s != 'Z' && s != 'X';
}

std::vector<pid_t> processesMentioning(const std::string& needle) {
  std::vector<pid_t> out;
  const pid_t self = ::getpid();
  forEachPid([&](pid_t pid) {
    if (pid == self || !processExists(pid)) return;  // a zombie has no cmdline or environ
    const std::string base = "/proc/" + std::to_string(pid);
    bool hit = readProcFile(base + "/cmdline").find(needle) != std::string::npos ||
               readProcFile(base + "/environ").find(needle) != std::string::npos;
    std::error_code ec;
    if (!hit) hit = fs::read_symlink(base + "/cwd", ec).string().find(needle) != std::string::npos;
    if (hit) out.push_back(pid);
  });
  return out;
}

std::vector<pid_t> zombieChildrenOf(pid_t parent) {
  std::vector<pid_t> out;
  forEachPid([&](pid_t pid) {
    char state = 0;
    long ppid = 0;
    if (readStat(pid, state, ppid) && state == 'Z' && ppid == parent) out.push_back(pid);
  });
  return out;
}

std::optional<pid_t> readPidFile(const fs::path& file) {
  std::ifstream in(file);
  long pid = 0;
  if (!(in >> pid) || pid <= 1) return std::nullopt;
  return static_cast<pid_t>(pid);
}

void reapExitedChildren() {
  int status = 0;
  while (::waitpid(-1, &status, WNOHANG) > 0) {
  }
}

}  // namespace harness::testing
