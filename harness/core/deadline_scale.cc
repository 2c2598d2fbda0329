#include "harness/core/deadline_scale.h"

#include <cstdlib>

namespace harness {

std::optional<double> parseDeadlineScale(const char* text) {
  if (text == nullptr || *text == '\0') return std::nullopt;
  char* end = nullptr;
  const double value = std::strtod(text, &end);
  if (end == text || *end != '\0' || !(value > 0)) return std::nullopt;
  return value;
}

double deadlineScale() {
  static const double scale = parseDeadlineScale(std::getenv("HARNESS_TIMEOUT_SCALE")).value_or(1.0);
  return scale;
}

std::chrono::milliseconds scaled(std::chrono::milliseconds base) {
  return std::chrono::milliseconds(static_cast<long long>(static_cast<double>(base.count()) * deadlineScale()));
}

}  // namespace harness
