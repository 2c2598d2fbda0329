# Sanitizer and fuzzing switches (see the `asan` preset).
#
# HARNESS_SANITIZE: every target (harness, fakes, tests) is built with ASan + UBSan. The fakes
# are separate programs spawned by the tests, so they must be instrumented too. Every process
# writes its reports to <build>/sanitizer-reports/report.<pid> (baked-in defaults below, also
# set by the `asan` test preset), which ci/check-sanitizer-reports.sh checks after ctest.
# -O1: ASan's recommended level; -O0 makes the spawned fakes and scenarios slow enough to
# brush against the ctest timeouts on two cores.
if(HARNESS_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined -O1)
  add_link_options(-fsanitize=address,undefined)
  # The sanitizer runtimes do not create the log_path directory; a missing one makes every
  # sanitized process die at its first report without saying what the report was.
  set(HARNESS_SANITIZER_REPORTS ${CMAKE_BINARY_DIR}/sanitizer-reports)
  file(MAKE_DIRECTORY ${HARNESS_SANITIZER_REPORTS})
  # Report location baked into every executable (why: see default_options.cc). Linked into
  # executables only, as an object, so its strong definitions replace the runtimes' weak ones.
  add_library(harness_sanitizer_defaults OBJECT ${CMAKE_CURRENT_LIST_DIR}/sanitizers/default_options.cc)
  target_compile_definitions(harness_sanitizer_defaults PRIVATE
    HARNESS_SANITIZER_REPORT_PREFIX="${HARNESS_SANITIZER_REPORTS}/report")
  # Children started with an exact environment have no PATH to find the symbolizer in, and
  # a report without file:line names is of little use.
  find_program(HARNESS_LLVM_SYMBOLIZER NAMES llvm-symbolizer llvm-symbolizer-14
               HINTS /usr/lib/llvm-14/bin)
  if(HARNESS_LLVM_SYMBOLIZER)
    target_compile_definitions(harness_sanitizer_defaults PRIVATE
      HARNESS_SANITIZER_SYMBOLIZER="${HARNESS_LLVM_SYMBOLIZER}")
  endif()
  link_libraries($<$<STREQUAL:$<TARGET_PROPERTY:TYPE>,EXECUTABLE>:harness_sanitizer_defaults>)
endif()

# HARNESS_FUZZ: libFuzzer ships with clang only. The fuzz targets link -fsanitize=fuzzer; the
# libraries they exercise get -fsanitize=fuzzer-no-link (coverage feedback) in tests/fuzz, and
# nothing else does, so the rest of the suite is not slowed by coverage instrumentation.
if(HARNESS_FUZZ AND NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  message(WARNING "HARNESS_FUZZ needs clang (libFuzzer); the fuzz targets are not built with "
                  "${CMAKE_CXX_COMPILER_ID}")
  set(HARNESS_FUZZ OFF)
endif()
# Apple's clang has no libFuzzer (use Homebrew's llvm); say so rather than fail at link time.
if(HARNESS_FUZZ)
  include(CheckCXXSourceCompiles)
  set(CMAKE_REQUIRED_FLAGS -fsanitize=fuzzer)
  set(CMAKE_REQUIRED_LINK_OPTIONS -fsanitize=fuzzer)
  check_cxx_source_compiles(
    "extern \"C\" int LLVMFuzzerTestOneInput(const unsigned char*, unsigned long) { return 0; }"
    HARNESS_HAVE_LIBFUZZER)
  unset(CMAKE_REQUIRED_FLAGS)
  unset(CMAKE_REQUIRED_LINK_OPTIONS)
  if(NOT HARNESS_HAVE_LIBFUZZER)
    message(WARNING "HARNESS_FUZZ: ${CMAKE_CXX_COMPILER} cannot link -fsanitize=fuzzer "
                    "(on Debian: apt-get install libclang-rt-14-dev); the fuzz targets are not built")
    set(HARNESS_FUZZ OFF)
  endif()
endif()
# The coverage callbacks that -fsanitize=fuzzer-no-link inserts into the shared libraries are
# resolved by the ASan runtime in the ordinary tests, so fuzzing needs HARNESS_SANITIZE (a
# fuzzer without ASan would miss most memory bugs anyway).
if(HARNESS_FUZZ AND NOT (HARNESS_SANITIZE AND HARNESS_BUILD_TESTS))
  message(WARNING "HARNESS_FUZZ needs HARNESS_SANITIZE and HARNESS_BUILD_TESTS; the fuzz "
                  "targets are not built")
  set(HARNESS_FUZZ OFF)
endif()
