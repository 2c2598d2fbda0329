#pragma once

// The size of a load test. HARNESS_STRESS_SCALE (a positive number) multiplies the full-size
// figures of issue #8 (30 s of Discord sessions, 1000 launchd job cycles); unset, it is 0.2,
// the bounded form CI runs (~6 s, 200 cycles). HARNESS_STRESS_SCALE=1 is the closing note's run.

#include <cstdlib>
#include <string>

namespace harness::testing {

inline double stressScale() {
  const char* v = std::getenv("HARNESS_STRESS_SCALE");
  if (!v || !*v) return 0.2;
  try {
    const double s = std::stod(v);
    return s > 0 ? s : 0.2;
  } catch (...) {
    return 0.2;
  }
}

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HARNESS_STRESS_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) && !defined(HARNESS_STRESS_ASAN)
#define HARNESS_STRESS_ASAN 1
#endif

// The quarantine limitAsanQuarantineForChildren() gives children, in KiB (global + one
// thread's): freed memory an AddressSanitizer build may still hold, which a memory-growth
// threshold must allow for. 0 in a build without ASan (the children are built like the test).
#ifdef HARNESS_STRESS_ASAN
inline constexpr long kAsanQuarantineKib = 1024 + 64;
#else
inline constexpr long kAsanQuarantineKib = 0;
#endif

// Children started after this call run with a small AddressSanitizer quarantine: freed memory
// an ASan build keeps in quarantine (256 MiB by default) would otherwise look like growth in
// their VmRSS. Options already set (halt_on_error, detect_leaks, ...) are kept; a non-ASan
// child ignores the variable.
inline void limitAsanQuarantineForChildren() {
  const char* current = std::getenv("ASAN_OPTIONS");
  std::string options = current ? current : "";
  if (options.find("quarantine_size_mb") != std::string::npos) return;
  options += std::string(options.empty() ? "" : ":") + "quarantine_size_mb=1:thread_local_quarantine_size_kb=64";
  ::setenv("ASAN_OPTIONS", options.c_str(), 1);
}

}  // namespace harness::testing
