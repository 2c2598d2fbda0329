#pragma once

// ScopedTempDir: a unique directory under testing::TempDir() (TEST_TMPDIR/TMPDIR or /tmp),
// removed recursively when the object goes out of scope. Tests lay out fixture homes in it;
// nothing ever touches the real ~.
//
//   harness::testing::ScopedTempDir home;
//   writeFile(home.path() / ".openclaw/openclaw.json", "{}");

#include <filesystem>
#include <string>
#include <string_view>

namespace harness::testing {

class ScopedTempDir {
 public:
  explicit ScopedTempDir(std::string_view prefix = "harness");
  ~ScopedTempDir();
  ScopedTempDir(ScopedTempDir&& other) noexcept;
  ScopedTempDir& operator=(ScopedTempDir&&) = delete;
  ScopedTempDir(const ScopedTempDir&) = delete;
  ScopedTempDir& operator=(const ScopedTempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // Releases ownership: the directory is kept.
  std::filesystem::path take();

 private:
  std::filesystem::path path_;
};

// Test helpers for fixture files; they create parent directories and fail the test loudly.
void writeFile(const std::filesystem::path& path, std::string_view contents, int mode = 0600);
std::string readFile(const std::filesystem::path& path);

}  // namespace harness::testing
