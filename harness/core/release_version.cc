#include "harness/core/release_version.h"

#include <charconv>

namespace harness {

int compareVersions(std::string_view a, std::string_view b) {
  auto next = [](std::string_view& s) -> long {
    if (s.empty()) return 0;
    auto dot = s.find_first_of(".-");
    std::string_view part = s.substr(0, dot);
    s = dot == std::string_view::npos ? std::string_view{} : s.substr(dot + 1);
    long v = 0;
    std::from_chars(part.data(), part.data() + part.size(), v);
    return v;
  };
  for (int i = 0; i < 4; ++i) {
    long x = next(a), y = next(b);
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

}  // namespace harness
