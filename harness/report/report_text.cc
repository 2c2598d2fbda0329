#include "harness/report/report_text.h"

#include <cmath>
#include <cstdio>
#include <iterator>
#include <locale>
#include <sstream>

namespace harness {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

bool isContinuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }

// Length of the well-formed UTF-8 sequence starting at text[i] (Unicode 15, table 3-7), or 0
// if there is none; on success `codePoint` holds the decoded value.
size_t decodeUtf8(std::string_view text, size_t i, char32_t& codePoint) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[i + k]); };
  const unsigned char b0 = byte(0);
  if (b0 < 0x80) {
    codePoint = b0;
    return 1;
  }
  size_t length = 0;
  unsigned char low = 0x80, high = 0xBF;  // allowed range of the second byte
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    length = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    length = 3;
    if (b0 == 0xE0) low = 0xA0;   // no overlong forms
    if (b0 == 0xED) high = 0x9F;  // no surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    length = 4;
    if (b0 == 0xF0) low = 0x90;   // no overlong forms
    if (b0 == 0xF4) high = 0x8F;  // nothing above U+10FFFF
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  if (byte(1) < low || byte(1) > high) return 0;
  for (size_t k = 2; k < length; ++k) {
    if (!isContinuation(byte(k))) return 0;
  }
  char32_t value = b0 & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07);
  for (size_t k = 1; k < length; ++k) value = (value << 6) | (byte(k) & 0x3F);
  codePoint = value;
  return length;
}

void appendHex(std::string& out, const char* format, unsigned value) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, format, value);
  out += buffer;
}

}  // namespace

AreaGroups groupByArea(const std::vector<CheckResult>& results) {
  AreaGroups groups;
  for (const auto& result : results) {
    auto it = groups.begin();
    while (it != groups.end() && it->first != result.area) ++it;  // few areas: linear is fine
    if (it == groups.end()) {
      groups.emplace_back(result.area, std::vector<const CheckResult*>{});
      it = std::prev(groups.end());
    }
    it->second.push_back(&result);
  }
  return groups;
}

std::string toValidUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    char32_t codePoint = 0;
    const size_t length = decodeUtf8(text, i, codePoint);
    if (length == 0) {
      out += kReplacement;
      ++i;
    } else {
      out.append(text.substr(i, length));
      i += length;
    }
  }
  return out;
}

std::string escapeControls(std::string_view text, bool keepNewlines) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    const size_t length = decodeUtf8(text, i, cp);
    if (length == 0) {
      out += kReplacement;
      ++i;
      continue;
    }
    if (cp == '\t' || (cp == '\n' && keepNewlines)) {
      out += static_cast<char>(cp);
    } else if (cp < 0x20 || cp == 0x7F) {
      appendHex(out, "\\x%02x", static_cast<unsigned>(cp));
    } else if (cp >= 0x80 && cp <= 0x9F) {
      appendHex(out, "\\u%04x", static_cast<unsigned>(cp));
    } else if (cp == 0xFFFE || cp == 0xFFFF) {
      out += kReplacement;
    } else {
      out.append(text.substr(i, length));
    }
    i += length;
  }
  return out;
}

std::string escapeXml(std::string_view text, bool attribute) {
  const std::string clean = escapeControls(text, true);
  std::string out;
  out.reserve(clean.size() + clean.size() / 8);
  for (char c : clean) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      case '\n': out += attribute ? "&#10;" : "\n"; break;
      case '\t': out += attribute ? "&#9;" : "\t"; break;
      default: out += c; break;
    }
  }
  return out;
}

std::string formatFixed(double value, int precision) {
  if (!std::isfinite(value) || value < 0) value = 0;
  std::ostringstream stream;
  stream.imbue(std::locale::classic());
  stream.setf(std::ios::fixed, std::ios::floatfield);
  stream.precision(precision);
  stream << value;
  return stream.str();
}

}  // namespace harness
