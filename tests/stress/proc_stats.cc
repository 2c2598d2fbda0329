#include "tests/stress/proc_stats.h"

#include <dirent.h>

#include <cstdio>
#include <fstream>
#include <string>

namespace harness::testing {

int openDescriptorCount(pid_t pid) {
  DIR* dir = ::opendir(("/proc/" + std::to_string(pid) + "/fd").c_str());
  if (!dir) return -1;
  int n = 0;
  while (dirent* e = ::readdir(dir)) n += e->d_name[0] != '.';
  ::closedir(dir);
  return n;
}

long residentKib(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) {
      try {
        return std::stol(line.substr(6));
      } catch (...) {
        return -1;
      }
    }
  }
  return -1;
}

std::string formatKib(long kib) {
  char buf[48];
  if (kib < 0) return "?";
  if (kib < 10 * 1024) std::snprintf(buf, sizeof buf, "%ld KiB", kib);
  else std::snprintf(buf, sizeof buf, "%.1f MiB", static_cast<double>(kib) / 1024.0);
  return buf;
}

}  // namespace harness::testing
