# All dependencies come from the system (Debian 12 packages, Homebrew on macOS).
# Nothing is vendored and nothing is downloaded at configure time.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)

find_package(nlohmann_json 3.10 REQUIRED)
find_package(CLI11 2.1 REQUIRED)
# Boost.Process v1 needs Boost.Filesystem on 1.74; Asio and Beast are header-only.
find_package(Boost 1.74 REQUIRED COMPONENTS filesystem system)

pkg_check_modules(LIBPLIST REQUIRED IMPORTED_TARGET libplist-2.0)

# Debian ships cpp-httplib as a compiled library with a pkg-config file; Homebrew ships a
# CMake package. Accept either and expose one target name.
find_package(httplib CONFIG QUIET)
if(TARGET httplib::httplib)
  add_library(harness_httplib INTERFACE)
  target_link_libraries(harness_httplib INTERFACE httplib::httplib)
else()
  pkg_check_modules(CPP_HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
  add_library(harness_httplib INTERFACE)
  target_link_libraries(harness_httplib INTERFACE PkgConfig::CPP_HTTPLIB)
endif()

if(HARNESS_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
if(HARNESS_BUILD_BENCHMARKS)
  find_package(benchmark QUIET)
  if(NOT benchmark_FOUND)
    message(STATUS "Google Benchmark not found: benchmarks are not built")
    set(HARNESS_BUILD_BENCHMARKS OFF)
  endif()
endif()
