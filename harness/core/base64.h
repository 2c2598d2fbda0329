#pragma once

// Base64 for plist <data> values and Discord token segments.

#include <optional>
#include <string>
#include <string_view>

namespace harness {

// Standard alphabet, padded.
std::string encodeBase64(std::string_view bytes);

// Accepts the standard and the URL-safe alphabet, with or without padding; decoding stops at
// the first '='. Whitespace is skipped. Any other character: nullopt.
std::optional<std::string> decodeBase64(std::string_view text);

}  // namespace harness
