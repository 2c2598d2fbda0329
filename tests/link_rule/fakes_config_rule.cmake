# cmake -DSOURCE_DIR=<tree> -P fakes_config_rule.cmake
# Fails when a file under <tree>/fakes includes the harness's config model
# (harness/config/openclaw_config.h): the fakes read configs with their own reader
# (fakes/common/fake_openclaw_config.h), so a bug in the harness's reading cannot be copied by
# the fakes the scenarios check it against. The shared JSON5 tokenizer (harness/config/json5.h)
# is allowed.

set(forbidden_header "harness/config/openclaw_config.h")

function(fail message)
  message("fakes config rule: ${message}")
  message(FATAL_ERROR "fakes config rule broken")
endfunction()

if(NOT IS_DIRECTORY "${SOURCE_DIR}/fakes")
  fail("no fakes/ under ${SOURCE_DIR}")
endif()
file(GLOB_RECURSE sources RELATIVE "${SOURCE_DIR}" "${SOURCE_DIR}/fakes/*.h" "${SOURCE_DIR}/fakes/*.cc"
     "${SOURCE_DIR}/fakes/*.cpp" "${SOURCE_DIR}/fakes/*.hpp")
set(offenders "")
foreach(source IN LISTS sources)
  file(STRINGS "${SOURCE_DIR}/${source}" includes REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"]${forbidden_header}[>\"]")
  if(includes)
    list(APPEND offenders "${source}")
  endif()
endforeach()
if(offenders)
  list(JOIN offenders ", " shown)
  fail("${shown} include ${forbidden_header}; a fake reads configs with fakes/common/fake_openclaw_config.h")
endif()
list(LENGTH sources count)
message(STATUS "fakes config rule: ${count} files under fakes/ checked")
