#pragma once

// KeyPath: how the harness names a place in a config, in findings and issues.
//
//   agents.list[0].agentDir          keys joined by '.', array indices in brackets
//   plugins.entries["my.plugin"]     keys that are empty or contain . [ ] " \ are quoted
//
// formatting (appendKey/appendIndex) and parsing (parseKeyPath) are inverses, so a path
// printed in a report can be looked up again with OpenClawConfig::find().

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace harness {

using KeyPath = std::string;

struct KeyPathSegment {
  bool isIndex = false;
  std::string key;   // when !isIndex
  size_t index = 0;  // when isIndex
};

// Appends ".key" (or "key" to an empty path), or ["key"] when the key needs quoting.
void appendKey(KeyPath& path, std::string_view key);
// Appends "[index]".
void appendIndex(KeyPath& path, size_t index);

KeyPath childKeyPath(const KeyPath& parent, std::string_view key);
KeyPath childKeyPath(const KeyPath& parent, size_t index);

// Splits a key path into segments. The empty path is the root (no segments). Returns nullopt
// for malformed paths ("a..b", "a[", "a[x]", unterminated quotes).
std::optional<std::vector<KeyPathSegment>> parseKeyPath(std::string_view path);

}  // namespace harness
