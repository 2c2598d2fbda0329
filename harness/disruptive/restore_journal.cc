#include "harness/disruptive/restore_journal.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <nlohmann/json.hpp>

#include "harness/core/file_reader.h"

namespace harness {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr uintmax_t kMaxJournalBytes = 1u << 20;

Error errnoError(int err, const std::string& what, const fs::path& path) {
  const ErrorCode code = (err == EACCES || err == EPERM) ? ErrorCode::PermissionDenied : ErrorCode::Io;
  return Error{code, what + ": " + std::strerror(err), path.string()};
}

// Creates `dir` and missing parents with mode 0700 (the state dir is the harness's own).
Status makeDirs(const fs::path& dir) {
  if (dir.empty()) return ok();
  struct stat st{};
  if (::stat(dir.c_str(), &st) == 0) {
    if (!S_ISDIR(st.st_mode)) return Error{ErrorCode::Io, "not a directory", dir.string()};
    return ok();
  }
  if (auto s = makeDirs(dir.parent_path()); !s) return s;
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) return errnoError(errno, "cannot create directory", dir);
  return ok();
}

Status writeAll(int fd, const std::string& data, const fs::path& path) {
  size_t off = 0;
  while (off < data.size()) {
    ssize_t n = ::write(fd, data.data() + off, data.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      return errnoError(errno, "cannot write", path);
    }
    off += static_cast<size_t>(n);
  }
  return ok();
}

template <typename T>
Result<T> field(const json& j, const char* key, const std::string& where) {
  auto it = j.find(key);
  if (it == j.end()) return Error{ErrorCode::InvalidInput, "missing key \"" + std::string(key) + "\"", where};
  try {
    return it->get<T>();
  } catch (const std::exception&) {
    return Error{ErrorCode::InvalidInput, "key \"" + std::string(key) + "\" has the wrong type", where};
  }
}

}  // namespace

std::string isoTimestampNow() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  ::gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

RestoreJournal newRestoreJournal(const fs::path& home) {
  RestoreJournal j;
  j.harnessPid = static_cast<long>(::getpid());
  j.home = home.string();
  j.createdAt = isoTimestampNow();
  return j;
}

Result<fs::path> defaultRestoreJournalPath(const std::map<std::string, std::string>& environment) {
  const fs::path tail = fs::path("openclaw-rescue-harness") / "restore-journal.json";
  if (auto it = environment.find("XDG_STATE_HOME"); it != environment.end() && !it->second.empty() &&
                                                     fs::path(it->second).is_absolute()) {
    return fs::path(it->second) / tail;
  }
  if (auto it = environment.find("HOME"); it != environment.end() && fs::path(it->second).is_absolute()) {
    return fs::path(it->second) / ".local" / "state" / tail;
  }
  return Error{ErrorCode::InvalidInput, "neither XDG_STATE_HOME nor HOME is an absolute path",
               "restore journal location"};
}

json toJson(const RestoreJournal& journal) {
  json entries = json::array();
  for (const auto& e : journal.entries) {
    json j{{"gateway", e.gateway},     {"label", e.label},   {"plist", e.plist.string()},
           {"profile", e.profile},     {"port", e.port},     {"command", e.command},
           {"reason", e.reason},       {"stoppedAt", e.stoppedAt}};
    j["launchdLabel"] = e.launchdLabel ? json(*e.launchdLabel) : json(nullptr);
    entries.push_back(std::move(j));
  }
  return json{{"version", journal.version},     {"harnessPid", journal.harnessPid}, {"home", journal.home},
              {"createdAt", journal.createdAt}, {"entries", std::move(entries)}};
}

Result<RestoreJournal> restoreJournalFromJson(const json& j) {
  if (!j.is_object()) return Error{ErrorCode::InvalidInput, "not a JSON object", ""};
  RestoreJournal out;
  auto version = field<int>(j, "version", "");
  if (!version) return version.error();
  if (*version != kRestoreJournalVersion) {
    return Error{ErrorCode::InvalidInput,
                 "unsupported journal version " + std::to_string(*version) + " (this harness reads " +
                     std::to_string(kRestoreJournalVersion) + ")",
                 "version"};
  }
  out.version = *version;
  auto pid = field<long>(j, "harnessPid", "");
  if (!pid) return pid.error();
  out.harnessPid = *pid;
  auto home = field<std::string>(j, "home", "");
  if (!home) return home.error();
  out.home = *home;
  auto created = field<std::string>(j, "createdAt", "");
  if (!created) return created.error();
  out.createdAt = *created;
  auto it = j.find("entries");
  if (it == j.end() || !it->is_array()) return Error{ErrorCode::InvalidInput, "\"entries\" is not an array", ""};
  for (size_t i = 0; i < it->size(); ++i) {
    const json& e = (*it)[i];
    const std::string where = "entries[" + std::to_string(i) + "]";
    if (!e.is_object()) return Error{ErrorCode::InvalidInput, "not an object", where};
    JournalEntry entry;
    auto gateway = field<std::string>(e, "gateway", where);
    if (!gateway) return gateway.error();
    entry.gateway = *gateway;
    auto label = field<std::string>(e, "label", where);
    if (!label) return label.error();
    if (label->empty()) return Error{ErrorCode::InvalidInput, "empty label", where};
    entry.label = *label;
    auto plist = field<std::string>(e, "plist", where);
    if (!plist) return plist.error();
    entry.plist = *plist;
    auto port = field<uint16_t>(e, "port", where);
    if (!port) return port.error();
    entry.port = *port;
    entry.profile = e.value("profile", std::string());
    if (auto l = e.find("launchdLabel"); l != e.end() && l->is_string()) entry.launchdLabel = l->get<std::string>();
    entry.command = e.value("command", std::string());
    entry.reason = e.value("reason", std::string());
    entry.stoppedAt = e.value("stoppedAt", std::string());
    out.entries.push_back(std::move(entry));
  }
  return out;
}

Status writeRestoreJournal(const fs::path& path, const RestoreJournal& journal) {
  if (path.empty()) return Error{ErrorCode::InvalidInput, "no journal path", ""};
  const fs::path dir = path.parent_path();
  if (auto s = makeDirs(dir); !s) return s;
  const std::string data = toJson(journal).dump(2) + "\n";
  fs::path tmp = path;
  tmp += ".tmp." + std::to_string(::getpid());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return errnoError(errno, "cannot create", tmp);
  auto fail = [&](Error e) -> Status {
    ::close(fd);
    ::unlink(tmp.c_str());
    return e;
  };
  if (::fchmod(fd, 0600) != 0) return fail(errnoError(errno, "cannot chmod 0600", tmp));
  if (auto s = writeAll(fd, data, tmp); !s) return fail(s.error());
  if (::fsync(fd) != 0) return fail(errnoError(errno, "cannot fsync", tmp));
  if (::close(fd) != 0) {
    ::unlink(tmp.c_str());
    return errnoError(errno, "cannot close", tmp);
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    return errnoError(err, "cannot rename into place", path);
  }
  // The rename itself must survive a power cut.
  int dfd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    (void)::fsync(dfd);
    ::close(dfd);
  }
  return ok();
}

Result<std::optional<RestoreJournal>> readRestoreJournal(const fs::path& path) {
  std::error_code ec;
  if (!fs::exists(fs::symlink_status(path, ec))) {
    if (ec && ec != std::errc::no_such_file_or_directory) return Error{ErrorCode::Io, ec.message(), path.string()};
    return std::optional<RestoreJournal>{};
  }
  auto text = readFileLimited(path, kMaxJournalBytes);
  if (!text) {
    if (text.error().code == ErrorCode::NotFound) return std::optional<RestoreJournal>{};
    return Error{text.error().code, "cannot read the restore journal: " + text.error().message, path.string()};
  }
  json j = json::parse(*text, nullptr, false);
  if (j.is_discarded()) {
    return Error{ErrorCode::InvalidInput, "the restore journal is not valid JSON; inspect it, restore by hand, then delete it",
                 path.string()};
  }
  auto journal = restoreJournalFromJson(j);
  if (!journal) {
    const auto& e = journal.error();
    return Error{ErrorCode::InvalidInput,
                 "not a restore journal: " + (e.context.empty() ? "" : e.context + ": ") + e.message +
                     "; inspect it, restore by hand, then delete it",
                 path.string()};
  }
  return std::optional<RestoreJournal>(std::move(*journal));
}

Status removeRestoreJournal(const fs::path& path) {
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) return errnoError(errno, "cannot remove", path);
  return ok();
}

}  // namespace harness
