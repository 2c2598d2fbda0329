#include "harness/live/port_owner.h"

#include <dirent.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <set>
#include <string>

#include "harness/platform/platform.h"
#include "harness/process/process_runner.h"

namespace harness {
namespace {

namespace fs = std::filesystem;

std::vector<std::string_view> splitWhitespace(std::string_view line) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    size_t j = i;
    while (j < line.size() && line[j] != ' ' && line[j] != '\t') ++j;
    if (j > i) out.push_back(line.substr(i, j - i));
    i = j;
  }
  return out;
}

template <typename T>
bool parseNumber(std::string_view s, T& out, int base = 10) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out, base);
  return ec == std::errc() && p == s.data() + s.size();
}

std::vector<pid_t> sortedUnique(std::vector<pid_t> v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

class ProcPortOwnerLookup : public PortOwnerLookup {
 public:
  explicit ProcPortOwnerLookup(fs::path procRoot) : proc_(std::move(procRoot)) {}

  Result<std::vector<pid_t>> listeners(uint16_t port) override {
    auto all = listenersOf({port});
    if (!all) return all.error();
    return (*all)[port];
  }

  Result<std::map<uint16_t, std::vector<pid_t>>> listenersOf(const std::vector<uint16_t>& ports) override {
    std::map<unsigned long, uint16_t> inodes;  // socket inode -> port
    bool anyTable = false;
    for (const char* table : {"net/tcp", "net/tcp6"}) {
      // /proc files report size 0: read them as streams.
      std::ifstream in(proc_ / table);
      if (!in) continue;  // tcp6 is absent without IPv6
      const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      anyTable = true;
      for (uint16_t port : ports) {
        for (auto inode : parseProcNetTcpListeners(text, port)) inodes[inode] = port;
      }
    }
    if (!anyTable) return Error{ErrorCode::NotFound, "no TCP socket table", (proc_ / "net/tcp").string()};
    std::map<uint16_t, std::vector<pid_t>> out;
    for (uint16_t port : ports) out[port];
    if (inodes.empty()) return out;

    DIR* dir = ::opendir(proc_.c_str());
    if (!dir) return Error{ErrorCode::Io, "cannot list processes", proc_.string()};
    while (dirent* entry = ::readdir(dir)) {
      pid_t pid = 0;
      if (!parseNumber(std::string_view(entry->d_name), pid) || pid <= 0) continue;
      const std::string fdDir = proc_.string() + "/" + entry->d_name + "/fd";
      DIR* fds = ::opendir(fdDir.c_str());
      if (!fds) continue;  // gone, or another user's process
      while (dirent* fd = ::readdir(fds)) {
        if (fd->d_name[0] == '.') continue;
        char link[64];
        const std::string fdPath = fdDir + "/" + fd->d_name;
        ssize_t n = ::readlink(fdPath.c_str(), link, sizeof link - 1);
        if (n <= 8) continue;
        std::string_view target(link, static_cast<size_t>(n));
        if (target.substr(0, 8) != "socket:[" || target.back() != ']') continue;
        unsigned long inode = 0;
        if (!parseNumber(target.substr(8, target.size() - 9), inode)) continue;
        if (auto it = inodes.find(inode); it != inodes.end()) out[it->second].push_back(pid);
      }
      ::closedir(fds);
    }
    ::closedir(dir);
    for (auto& [port, pids] : out) pids = sortedUnique(std::move(pids));
    return out;
  }

 private:
  fs::path proc_;
};

class LsofPortOwnerLookup : public PortOwnerLookup {
 public:
  explicit LsofPortOwnerLookup(fs::path lsof) : lsof_(std::move(lsof)) {}

  Result<std::vector<pid_t>> listeners(uint16_t port) override {
    ProcessSpec spec;
    spec.executable = lsof_;
    spec.args = {"-nP", "-iTCP:" + std::to_string(port), "-sTCP:LISTEN", "-Fp"};
    spec.timeout = std::chrono::seconds(5);
    auto r = runProcess(spec);
    if (!r) return r.error();
    if (r->timedOut) return Error{ErrorCode::Timeout, "lsof did not finish", formatCommandLine(lsof_, spec.args)};
    // lsof exits 1 when nothing matched; its output is then empty.
    if (r->exitCode != 0 && r->exitCode != 1) {
      return Error{ErrorCode::ProcessFailed, "lsof exited " + std::to_string(r->exitCode) + ": " + r->diagnosticText(),
                   formatCommandLine(lsof_, spec.args)};
    }
    return sortedUnique(parseLsofPids(r->stdoutText));
  }

 private:
  fs::path lsof_;
};

}  // namespace

Result<std::map<uint16_t, std::vector<pid_t>>> PortOwnerLookup::listenersOf(const std::vector<uint16_t>& ports) {
  std::map<uint16_t, std::vector<pid_t>> out;
  for (uint16_t port : ports) {
    auto pids = listeners(port);
    if (!pids) return pids.error();
    out[port] = std::move(*pids);
  }
  return out;
}

std::vector<unsigned long> parseProcNetTcpListeners(std::string_view text, uint16_t port) {
  std::vector<unsigned long> out;
  size_t pos = 0;
  bool header = true;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    if (header) {  // "  sl  local_address rem_address   st ..."
      header = false;
      continue;
    }
    auto f = splitWhitespace(line);
    if (f.size() < 10) continue;
    auto colon = f[1].rfind(':');
    if (colon == std::string_view::npos) continue;
    unsigned localPort = 0, state = 0;
    unsigned long inode = 0;
    if (!parseNumber(f[1].substr(colon + 1), localPort, 16) || !parseNumber(f[3], state, 16)) continue;
    if (state != 0x0A || localPort != port) continue;  // 0A = TCP_LISTEN
    if (parseNumber(f[9], inode) && inode != 0) out.push_back(inode);
  }
  return out;
}

std::vector<pid_t> parseLsofPids(std::string_view text) {
  std::vector<pid_t> out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pid_t pid = 0;
    if (line.size() > 1 && line[0] == 'p' && parseNumber(line.substr(1), pid) && pid > 0) out.push_back(pid);
  }
  return out;
}

PortOwnerLookupPtr makeProcPortOwnerLookup(fs::path procRoot) {
  return std::make_unique<ProcPortOwnerLookup>(std::move(procRoot));
}

PortOwnerLookupPtr makeLsofPortOwnerLookup(fs::path lsof) {
  return std::make_unique<LsofPortOwnerLookup>(std::move(lsof));
}

PortOwnerLookupPtr makeDefaultPortOwnerLookup() {
  switch (platform::nativePortOwnerSource()) {
    case platform::PortOwnerSource::ProcNetTcp:
      return makeProcPortOwnerLookup();
    case platform::PortOwnerSource::Lsof:
      break;
  }
  return makeLsofPortOwnerLookup();
}

bool isSameOrDescendant(pid_t child, pid_t ancestor) {
  if (child <= 0 || ancestor <= 0) return false;
  pid_t p = child;
  for (int depth = 0; depth < 256; ++depth) {
    if (p == ancestor) return true;
    if (p <= 1) return false;
    auto parent = platform::parentProcessId(p);
    if (!parent || *parent == p) return false;
    p = *parent;
  }
  return false;
}

}  // namespace harness
