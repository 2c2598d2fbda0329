#include "harness/config/key_path.h"

#include <charconv>

namespace harness {
namespace {

bool needsQuoting(std::string_view key) {
  if (key.empty()) return true;
  for (char c : key) {
    if (c == '.' || c == '[' || c == ']' || c == '"' || c == '\\') return true;
  }
  return false;
}

}  // namespace

void appendKey(KeyPath& path, std::string_view key) {
  if (!needsQuoting(key)) {
    if (!path.empty()) path.push_back('.');
    path.append(key);
    return;
  }
  path.append("[\"");
  for (char c : key) {
    if (c == '"' || c == '\\') path.push_back('\\');
    path.push_back(c);
  }
  path.append("\"]");
}

void appendIndex(KeyPath& path, size_t index) {
  path.push_back('[');
  path.append(std::to_string(index));
  path.push_back(']');
}

KeyPath childKeyPath(const KeyPath& parent, std::string_view key) {
  KeyPath path = parent;
  appendKey(path, key);
  return path;
}

KeyPath childKeyPath(const KeyPath& parent, size_t index) {
  KeyPath path = parent;
  appendIndex(path, index);
  return path;
}

std::optional<std::vector<KeyPathSegment>> parseKeyPath(std::string_view path) {
  std::vector<KeyPathSegment> segments;
  size_t i = 0;
  const size_t n = path.size();
  bool first = true;
  while (i < n) {
    if (path[i] == '[') {
      ++i;
      if (i >= n) return std::nullopt;
      KeyPathSegment segment;
      if (path[i] == '"' || path[i] == '\'') {
        const char quote = path[i++];
        bool closed = false;
        while (i < n) {
          char c = path[i++];
          if (c == quote) {
            closed = true;
            break;
          }
          if (c == '\\') {
            if (i >= n) return std::nullopt;
            c = path[i++];
          }
          segment.key.push_back(c);
        }
        if (!closed || i >= n || path[i] != ']') return std::nullopt;
        ++i;
      } else {
        size_t end = path.find(']', i);
        if (end == std::string_view::npos || end == i) return std::nullopt;
        size_t value = 0;
        auto [ptr, ec] = std::from_chars(path.data() + i, path.data() + end, value);
        if (ec != std::errc() || ptr != path.data() + end) return std::nullopt;
        segment.isIndex = true;
        segment.index = value;
        i = end + 1;
      }
      segments.push_back(std::move(segment));
    } else {
      if (!first) {
        if (path[i] != '.') return std::nullopt;
        ++i;
      }
      size_t end = i;
      while (end < n && path[end] != '.' && path[end] != '[') ++end;
      if (end == i) return std::nullopt;  // "a..b", trailing '.', leading '.'
      KeyPathSegment segment;
      segment.key.assign(path.substr(i, end - i));
      segments.push_back(std::move(segment));
      i = end;
    }
    first = false;
  }
  return segments;
}

}  // namespace harness
