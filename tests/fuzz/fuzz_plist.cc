// libFuzzer target: the plist reader (harness/plist) on XML, binary and anything else. A plist
// that parses is written back as XML and binary and read again, since the fake launchd and the
// fake plutil round-trip plists through the same code. libplist itself is a system library
// (not instrumented); the harness's own mapping code around it is.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "harness/plist/plist_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  (void)harness::toString(harness::detectPlistFormat(bytes));
  auto parsed = harness::parsePlist(bytes);
  if (!parsed) return 0;
  (void)parsed->root.dump();
  const std::string xml = harness::toXmlPlist(parsed->root);
  const std::string binary = harness::toBinaryPlist(parsed->root);
  (void)harness::parsePlist(xml);
  (void)harness::parsePlist(binary);
  return 0;
}
