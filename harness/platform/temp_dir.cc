// mkdtemp is POSIX on both systems; only its header differs (<stdlib.h> on glibc, <unistd.h>
// on macOS), so both are included and one file serves both.
#include <stdlib.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "harness/platform/platform.h"

namespace harness::platform {

Result<std::filesystem::path> makeTempDir(std::string_view prefix, const std::filesystem::path& parent) {
  std::filesystem::path base = parent;
  if (base.empty()) {
    const char* tmp = std::getenv("TMPDIR");
    base = (tmp && *tmp) ? tmp : "/tmp";
  }
  std::string pattern = (base / (std::string(prefix) + ".XXXXXX")).string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    return Error{ErrorCode::Io, std::string("cannot create a temporary directory: ") + std::strerror(errno), pattern};
  }
  return std::filesystem::path(pattern);
}

}  // namespace harness::platform
