#include "harness/core/port_file.h"

#include <unistd.h>

#include <fstream>
#include <string>

namespace harness {

bool writePortFile(const std::filesystem::path& path, uint16_t port) {
  const std::filesystem::path tmp = path.string() + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << port << "\n";
    if (!out.flush()) return false;
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  return !ec;
}

}  // namespace harness
