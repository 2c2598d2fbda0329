#include "harness/core/file_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace harness {
namespace {

FileKind kindOf(mode_t mode) {
  if (S_ISREG(mode)) return FileKind::Regular;
  if (S_ISDIR(mode)) return FileKind::Directory;
  if (S_ISLNK(mode)) return FileKind::Symlink;
  return FileKind::Other;
}

ErrorCode codeForErrno(int err) {
  switch (err) {
    case ENOENT:
    case ENOTDIR: return ErrorCode::NotFound;
    case EACCES:
    case EPERM: return ErrorCode::PermissionDenied;
    default: return ErrorCode::Io;
  }
}

}  // namespace

FileInfo inspectPath(const std::filesystem::path& path) {
  FileInfo info;
  info.path = path;
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) {
    if (errno != ENOENT && errno != ENOTDIR) info.error = std::strerror(errno);
    return info;
  }
  info.kind = kindOf(st.st_mode);
  if (info.kind == FileKind::Symlink) {
    std::error_code ec;
    auto target = std::filesystem::read_symlink(path, ec);
    if (!ec) info.linkTarget = target;
    if (::stat(path.c_str(), &st) != 0) {
      info.error = std::strerror(errno);  // dangling link or a loop (ELOOP)
      return info;
    }
  }
  info.targetKind = kindOf(st.st_mode);
  info.mode = st.st_mode & 07777;
  info.owner = st.st_uid;
  info.size = static_cast<uintmax_t>(st.st_size);
  return info;
}

Result<std::string> readFileLimited(const std::filesystem::path& path, uintmax_t maxBytes) {
  const std::string where = path.string();
  // O_NONBLOCK so a FIFO planted where a config should be cannot hang the harness.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) {
    int err = errno;
    return Error{codeForErrno(err), std::strerror(err), where};
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    return Error{codeForErrno(err), std::strerror(err), where};
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return Error{ErrorCode::InvalidInput,
                 S_ISDIR(st.st_mode) ? "is a directory, expected a file" : "is not a regular file", where};
  }
  if (static_cast<uintmax_t>(st.st_size) > maxBytes) {
    ::close(fd);
    return Error{ErrorCode::TooLarge,
                 "is " + std::to_string(st.st_size) + " bytes, above the limit of " + std::to_string(maxBytes),
                 where};
  }
  std::string data;
  data.resize(static_cast<size_t>(st.st_size));
  size_t got = 0;
  while (got < data.size()) {
    ssize_t n = ::read(fd, data.data() + got, data.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      ::close(fd);
      return Error{codeForErrno(err), std::strerror(err), where};
    }
    if (n == 0) break;  // file shrank while reading
    got += static_cast<size_t>(n);
  }
  data.resize(got);
  ::close(fd);
  return data;
}

std::string formatMode(mode_t mode) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(mode & 07777));
  return buf;
}

}  // namespace harness
