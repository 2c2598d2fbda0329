#pragma once

// A JSON5 reader producing nlohmann::json, accepting what OpenClaw's JSON5.parse accepts:
// // and /* */ comments, trailing commas, unquoted (ECMAScript identifier) keys, single-quoted
// strings, escaped line continuations, hex numbers, leading/trailing decimal points, explicit
// '+', Infinity and NaN. Duplicate keys keep the last value (as JSON5.parse does) and are
// reported, since a duplicated "token" key is how a careful edit goes wrong.
//
// Hostile input never crashes it: depth and size are bounded (the parser keeps its own stack,
// so no input can overflow the thread's), invalid UTF-8 is an error with a position, and every
// error carries line and column (1-based; columns count code points).
//
// Deliberate differences from JSON5.parse: raw C0 control characters other than TAB inside
// strings are errors; \u escapes forming an unpaired surrogate are errors (nlohmann strings are
// UTF-8); unquoted keys are ASCII identifiers plus \uXXXX escapes (no raw non-ASCII letters).
// Numbers: integers are int64 (uint64 above INT64_MAX), doubles when they do not fit or have a
// fraction/exponent; -0, Infinity and NaN are doubles.

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "harness/core/result.h"

namespace harness {

struct Json5Options {
  size_t maxDepth = 256;            // nesting of objects/arrays
  size_t maxStringBytes = 1 << 20;  // one string or key
};

struct Json5Document {
  nlohmann::json value;
  // Dotted key paths ("channels.discord.token") whose key appeared more than once in one object.
  std::vector<std::string> duplicateKeys;
};

// Errors: InvalidInput or TooLarge, message "line L, column C: <what>", context empty
// (callers put the file path there).
Result<Json5Document> parseJson5(std::string_view text, const Json5Options& options = {});

}  // namespace harness
