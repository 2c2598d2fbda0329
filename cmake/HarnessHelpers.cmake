# Adds every immediate subdirectory of the current source dir that has a CMakeLists.txt.
# Areas (harness/config, fakes/launchd, tests/unit/checks, ...) are self-contained, so
# adding one never means editing a shared list.
function(harness_add_subdirectories)
  file(GLOB children RELATIVE ${CMAKE_CURRENT_SOURCE_DIR} ${CMAKE_CURRENT_SOURCE_DIR}/*)
  list(SORT children)
  foreach(child IN LISTS children)
    if(IS_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/${child} AND EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/${child}/CMakeLists.txt)
      add_subdirectory(${child})
    endif()
  endforeach()
endfunction()

# harness_library(NAME SOURCES ... [DEPS ...]): a static library of one area, including from the repo root.
function(harness_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC ${HARNESS_SOURCE_ROOT})
  target_link_libraries(${name} PUBLIC ${ARG_DEPS})
  set_target_properties(${name} PROPERTIES POSITION_INDEPENDENT_CODE ON)
endfunction()

# One precompiled header for every test target: GoogleTest, gMock and nlohmann/json are parsed
# once, not in each of the ~100 test TUs. Compiled with the flags the test executables get (no
# -fPIC, no definitions of their own); the targets' own -D paths do not affect these headers.
function(harness_test_pch)
  if(TARGET harness_test_pch)
    return()
  endif()
  add_library(harness_test_pch OBJECT ${HARNESS_SOURCE_ROOT}/cmake/test_pch.cc)
  target_link_libraries(harness_test_pch PRIVATE GTest::gmock GTest::gtest nlohmann_json::nlohmann_json)
  target_precompile_headers(harness_test_pch PRIVATE <gtest/gtest.h> <gmock/gmock.h> <nlohmann/json.hpp>)
endfunction()

# harness_test(NAME SOURCES ... [DEPS ...] [LABELS ...] [TIMEOUT seconds] [SERIAL]):
# a GoogleTest executable whose tests are discovered into ctest with the given labels.
function(harness_test name)
  cmake_parse_arguments(ARG "SERIAL" "TIMEOUT" "SOURCES;DEPS;LABELS" ${ARGN})
  if(NOT ARG_LABELS)
    set(ARG_LABELS unit)
  endif()
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 60)
  endif()
  # ASan + UBSan at -O1 runs the tests and the fakes they spawn about 2-3x slower; the ctest
  # timeout is a hang guard, not a performance check, so it scales with the build.
  if(HARNESS_SANITIZE)
    math(EXPR ARG_TIMEOUT "${ARG_TIMEOUT} * 3")
  endif()
  add_executable(${name} ${ARG_SOURCES})
  target_include_directories(${name} PRIVATE ${HARNESS_SOURCE_ROOT})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} harness_testing GTest::gmock GTest::gtest GTest::gtest_main
                                        nlohmann_json::nlohmann_json)
  harness_test_pch()
  target_precompile_headers(${name} REUSE_FROM harness_test_pch)
  # A list value must reach gtest_discover_tests as one argument, or its second label would be
  # read as a property name (and the TIMEOUT after it dropped).
  string(REPLACE ";" "\\;" labels "${ARG_LABELS}")
  set(props LABELS "${labels}" TIMEOUT ${ARG_TIMEOUT})
  if(ARG_SERIAL)
    list(APPEND props RUN_SERIAL TRUE)
  endif()
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 30 PROPERTIES ${props})
endfunction()
