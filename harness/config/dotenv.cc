#include <cctype>
#include <map>
#include <string>
#include <string_view>

#include "harness/config/openclaw_config.h"

namespace harness {

std::map<std::string, std::string> parseDotenv(std::string_view text) {
  std::map<std::string, std::string> vars;
  size_t i = 0;
  const size_t n = text.size();
  const auto isBlank = [](char c) { return c == ' ' || c == '\t'; };
  const auto lineEnd = [&](size_t from) {
    size_t e = text.find('\n', from);
    return e == std::string_view::npos ? n : e;
  };
  while (i < n) {
    size_t end = lineEnd(i);
    std::string_view line = text.substr(i, end - i);
    size_t next = end < n ? end + 1 : n;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    size_t p = 0;
    while (p < line.size() && isBlank(line[p])) ++p;
    if (p >= line.size() || line[p] == '#') {
      i = next;
      continue;
    }
    if (line.substr(p, 6) == "export" && p + 6 < line.size() && isBlank(line[p + 6])) {
      p += 6;
      while (p < line.size() && isBlank(line[p])) ++p;
    }
    const size_t keyStart = p;
    while (p < line.size() && (std::isalnum(static_cast<unsigned char>(line[p])) || line[p] == '_' ||
                               line[p] == '.' || line[p] == '-')) {
      ++p;
    }
    std::string key(line.substr(keyStart, p - keyStart));
    while (p < line.size() && isBlank(line[p])) ++p;
    if (key.empty() || p >= line.size() || line[p] != '=') {  // not an assignment: ignored
      i = next;
      continue;
    }
    ++p;
    while (p < line.size() && isBlank(line[p])) ++p;
    std::string value;
    const char quote = p < line.size() ? line[p] : '\0';
    bool quoted = false;
    if (quote == '"' || quote == '\'') {
      // A quoted value may span lines; it ends at the matching unescaped quote.
      const size_t open = i + p;
      size_t q = open + 1;
      std::string buffer;
      bool closed = false;
      while (q < n) {
        const char c = text[q];
        if (c == quote) {
          closed = true;
          break;
        }
        if (quote == '"' && c == '\\' && q + 1 < n) {
          const char e = text[q + 1];
          switch (e) {
            case 'n': buffer.push_back('\n'); break;
            case 'r': buffer.push_back('\r'); break;
            case 't': buffer.push_back('\t'); break;
            case '"': buffer.push_back('"'); break;
            case '\\': buffer.push_back('\\'); break;
            default:
              buffer.push_back('\\');
              buffer.push_back(e);
          }
          q += 2;
          continue;
        }
        buffer.push_back(c);
        ++q;
      }
      if (closed) {
        quoted = true;
        value = std::move(buffer);
        next = lineEnd(q) < n ? lineEnd(q) + 1 : n;  // anything after the closing quote is ignored
      }
    }
    if (!quoted) {
      std::string_view rest = line.substr(p);
      for (size_t k = 0; k < rest.size(); ++k) {
        if (rest[k] == '#' && (k == 0 || isBlank(rest[k - 1]))) {
          rest = rest.substr(0, k);
          break;
        }
      }
      while (!rest.empty() && isBlank(rest.back())) rest.remove_suffix(1);
      value.assign(rest);
    }
    vars[std::move(key)] = std::move(value);
    i = next;
  }
  return vars;
}

}  // namespace harness
