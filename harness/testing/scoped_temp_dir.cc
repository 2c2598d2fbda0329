#include "harness/testing/scoped_temp_dir.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "harness/platform/platform.h"

namespace harness::testing {
namespace {

std::filesystem::path tempRoot() {
  for (const char* var : {"TEST_TMPDIR", "TMPDIR"}) {
    if (const char* v = std::getenv(var); v && *v) return v;
  }
  return "/tmp";
}

}  // namespace

ScopedTempDir::ScopedTempDir(std::string_view prefix) {
  auto dir = platform::makeTempDir(prefix, tempRoot());
  if (!dir) throw std::runtime_error(dir.error().describe());
  // Canonical, so paths compared against what processes report (/proc, realpath) match.
  path_ = std::filesystem::canonical(*dir);
}

ScopedTempDir::ScopedTempDir(ScopedTempDir&& other) noexcept : path_(std::move(other.path_)) {
  other.path_.clear();
}

ScopedTempDir::~ScopedTempDir() {
  if (path_.empty()) return;
  std::error_code ec;
  // Tests chmod fixture files to 000 to provoke permission errors; make them removable first.
  for (auto it = std::filesystem::recursive_directory_iterator(
           path_, std::filesystem::directory_options::skip_permission_denied, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_directory(ec) && !it->is_symlink(ec)) ::chmod(it->path().c_str(), 0700);
  }
  ::chmod(path_.c_str(), 0700);
  std::filesystem::remove_all(path_, ec);
}

std::filesystem::path ScopedTempDir::take() {
  auto p = std::move(path_);
  path_.clear();
  return p;
}

void writeFile(const std::filesystem::path& path, std::string_view contents, int mode) {
  std::filesystem::create_directories(path.parent_path());
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) throw std::runtime_error("cannot write fixture " + path.string());
    out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
  }
  ::chmod(path.c_str(), static_cast<mode_t>(mode));
}

std::string readFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace harness::testing
