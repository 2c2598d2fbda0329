#include "harness/live/discord_log_marker.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "harness/openclaw/openclaw_output_parser.h"  // stripAnsi: one implementation for CLI output and logs

namespace harness {
namespace {

constexpr std::string_view kStartMarker = "listening on ws://";
constexpr std::string_view kLoggedIn = "logged in to discord as ";
constexpr std::string_view kInitialized = "discord client initialized as ";
constexpr std::string_view kInitializedShort = "client initialized as ";

bool isDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// "<id> (<name>)", "<id>", "<name>"; `rest` starts right after "as ".
void parseIdentity(std::string_view rest, DiscordLogMarker& m) {
  if (auto semi = rest.find("; awaiting"); semi != std::string_view::npos) rest = rest.substr(0, semi);
  rest = trim(rest);
  auto open = rest.find(" (");
  if (open != std::string_view::npos && rest.back() == ')') {
    std::string_view id = rest.substr(0, open);
    std::string_view name = rest.substr(open + 2, rest.size() - open - 3);
    if (isDigits(id)) {
      m.botId = std::string(id);
      m.botName = std::string(name);
      return;
    }
  }
  if (isDigits(rest)) m.botId = std::string(rest);
  else m.botName = std::string(rest);
}

// The [discord] subsystem tag: plain console lines carry it; the check stays lenient about
// the exact prefix (timestamp, "[discord]", "[discord] [default]").
bool isDiscordLine(std::string_view line) { return line.find("discord") != std::string_view::npos; }

}  // namespace

const char* toString(DiscordLoginKind kind) {
  switch (kind) {
    case DiscordLoginKind::None: return "none";
    case DiscordLoginKind::ClientInitialized: return "client initialized";
    case DiscordLoginKind::LoggedIn: return "logged in";
  }
  return "none";
}

DiscordLogMarker findDiscordLogin(std::string_view logText) {
  const std::string text = stripAnsi(logText);
  std::string_view all(text);

  // Last start line.
  DiscordLogMarker m;
  size_t from = 0;
  if (auto at = all.rfind(kStartMarker); at != std::string_view::npos) {
    size_t lineStart = all.rfind('\n', at);
    lineStart = lineStart == std::string_view::npos ? 0 : lineStart + 1;
    size_t lineEnd = all.find('\n', at);
    if (lineEnd == std::string_view::npos) lineEnd = all.size();
    m.startSeen = true;
    m.startLine = std::string(trim(all.substr(lineStart, lineEnd - lineStart)));
    from = lineEnd;
  }

  DiscordLogMarker best = m;
  size_t pos = from;
  while (pos < all.size()) {
    size_t end = all.find('\n', pos);
    if (end == std::string_view::npos) end = all.size();
    std::string_view line = trim(all.substr(pos, end - pos));
    pos = end + 1;
    if (!isDiscordLine(line)) continue;
    DiscordLogMarker found = m;
    if (auto at = line.find(kLoggedIn); at != std::string_view::npos) {
      found.kind = DiscordLoginKind::LoggedIn;
      parseIdentity(line.substr(at + kLoggedIn.size()), found);
    } else if (auto init = line.find(kInitialized); init != std::string_view::npos) {
      found.kind = DiscordLoginKind::ClientInitialized;
      parseIdentity(line.substr(init + kInitialized.size()), found);
    } else if (auto shortInit = line.find(kInitializedShort);
               shortInit != std::string_view::npos && line.find("awaiting gateway readiness") != std::string_view::npos) {
      found.kind = DiscordLoginKind::ClientInitialized;
      parseIdentity(line.substr(shortInit + kInitializedShort.size()), found);
    } else {
      continue;
    }
    found.line = std::string(line);
    // A later line of the same strength replaces an earlier one (reconnects); a weaker one
    // never replaces a LoggedIn.
    if (found.kind >= best.kind) best = std::move(found);
  }
  return best;
}

Result<std::string> readFileTail(const std::filesystem::path& path, uintmax_t maxBytes) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    const int e = errno;
    const ErrorCode code = e == ENOENT ? ErrorCode::NotFound : e == EACCES ? ErrorCode::PermissionDenied : ErrorCode::Io;
    return Error{code, std::strerror(e), path.string()};
  }
  struct stat st{};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return Error{ErrorCode::InvalidInput, "is not a regular file", path.string()};
  }
  const auto size = static_cast<uintmax_t>(st.st_size);
  const uintmax_t offset = size > maxBytes ? size - maxBytes : 0;
  std::string out;
  out.resize(static_cast<size_t>(size - offset));
  size_t got = 0;
  while (got < out.size()) {
    ssize_t n = ::pread(fd, out.data() + got, out.size() - got, static_cast<off_t>(offset + got));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<size_t>(n);
  }
  ::close(fd);
  out.resize(got);
  if (offset > 0) {
    auto nl = out.find('\n');
    out.erase(0, nl == std::string::npos ? out.size() : nl + 1);
  }
  return out;
}

Result<DiscordLogMarker> readDiscordLogin(const std::filesystem::path& logPath, uintmax_t maxBytes) {
  auto text = readFileTail(logPath, maxBytes);
  if (!text) return text.error();
  return findDiscordLogin(*text);
}

}  // namespace harness
