#include "harness/testing/timeouts.h"

#include <cstdlib>
#include <string>

namespace harness::testing {

double timeoutScale() {
  static const double scale = [] {
    const char* v = std::getenv("HARNESS_TIMEOUT_SCALE");
    if (!v || !*v) return 1.0;
    try {
      double s = std::stod(v);
      return s > 0 ? s : 1.0;
    } catch (...) {
      return 1.0;
    }
  }();
  return scale;
}

std::chrono::milliseconds actionTimeout() {
  return std::chrono::milliseconds(static_cast<long>(10'000 * timeoutScale()));
}

std::chrono::milliseconds actionMaxTimeout() {
  return std::chrono::milliseconds(static_cast<long>(45'000 * timeoutScale()));
}

}  // namespace harness::testing
