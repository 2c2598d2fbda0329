// libFuzzer target: the launchctl output parsers (harness/launchd/launchctl_print_parser.h). The
// same bytes go to the `print`, `print-disabled` and `list` parsers: a hung or lying launchctl
// (or the fake one) can put anything on stdout, and the harness parses whatever comes back.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "harness/launchd/launchctl_print_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto job = harness::parseLaunchctlPrint(text)) {
    (void)job->running();
  }
  (void)harness::parseLaunchctlPrintDisabled(text);
  (void)harness::parseLaunchctlList(text);
  (void)harness::parseStrictInt(text.substr(0, text.find('\n')));
  return 0;
}
