#pragma once

namespace harness {
inline constexpr const char* kHarnessVersion = "0.1.0";
}
