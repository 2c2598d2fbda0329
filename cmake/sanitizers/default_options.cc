// Linked into every executable of a HARNESS_SANITIZE build (cmake/Sanitizers.cmake).
//
// Why baked-in defaults rather than only ASAN_OPTIONS in the test preset: many processes the
// tests start get an exact environment (the fake launchd's jobs, the sandbox's gateways, the
// fake OpenClaw CLI's children), so an ASAN_OPTIONS set by ctest never reaches them, and a
// report they print would vanish into a log nobody reads. The runtimes read these functions
// first and the environment after, so ASAN_OPTIONS=log_path=stderr still wins when run by hand.
//
// Every report (ASan, LSan, UBSan) goes to HARNESS_SANITIZER_REPORT_PREFIX.<pid>; ci/test.sh
// fails when any such file exists after ctest. One prefix for all three because in a combined
// ASan+UBSan binary the runtimes share one log_path anyway (the last one parsed wins).

#ifndef HARNESS_SANITIZER_REPORT_PREFIX
#error "HARNESS_SANITIZER_REPORT_PREFIX must name the report file prefix"
#endif

// external_symbolizer_path (when configure found llvm-symbolizer): see Sanitizers.cmake.
#ifdef HARNESS_SANITIZER_SYMBOLIZER
#define HARNESS_SYMBOLIZER_OPTION ":external_symbolizer_path=" HARNESS_SANITIZER_SYMBOLIZER
#else
#define HARNESS_SYMBOLIZER_OPTION ""
#endif

extern "C" {

const char* __asan_default_options() {
  return "log_path=" HARNESS_SANITIZER_REPORT_PREFIX
         ":detect_leaks=1:halt_on_error=1:check_initialization_order=1:strict_init_order=1"
         HARNESS_SYMBOLIZER_OPTION;
}

const char* __lsan_default_options() {
  return "log_path=" HARNESS_SANITIZER_REPORT_PREFIX HARNESS_SYMBOLIZER_OPTION;
}

const char* __ubsan_default_options() {
  return "log_path=" HARNESS_SANITIZER_REPORT_PREFIX
         ":print_stacktrace=1:halt_on_error=1:report_error_type=1"
         HARNESS_SYMBOLIZER_OPTION;
}

}  // extern "C"
