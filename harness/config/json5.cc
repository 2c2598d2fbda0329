#include "harness/config/json5.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <optional>
#include <utility>

#include "harness/config/key_path.h"

// Parser design: an explicit stack of open containers instead of recursion, so the nesting
// depth is bounded only by Json5Options::maxDepth (memory), never by the thread's stack.
// Positions are byte offsets while parsing; line and column are computed only when an error
// is reported, so the hot path does no bookkeeping per character.

namespace harness {
namespace {

using nlohmann::json;

constexpr uint32_t kInvalidCodePoint = 0xFFFFFFFF;

bool isAsciiIdentStart(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
}

bool isAsciiIdentPart(unsigned char c) { return isAsciiIdentStart(c) || (c >= '0' && c <= '9'); }

bool isDigit(unsigned char c) { return c >= '0' && c <= '9'; }

int hexValue(unsigned char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes one UTF-8 sequence at s[pos] (s[pos] >= 0x80). Returns its length, or 0 when the
// bytes are not well-formed UTF-8 (overlong forms, surrogates and values above U+10FFFF are
// rejected, as in the Unicode standard's table 3-7).
size_t decodeUtf8(std::string_view s, size_t pos, uint32_t& cp) {
  const auto at = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
  const size_t n = s.size();
  const unsigned char b0 = at(pos);
  const auto cont = [&](size_t i) { return i < n && (at(i) & 0xC0) == 0x80; };
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    if (!cont(pos + 1)) return 0;
    cp = (uint32_t(b0 & 0x1F) << 6) | (at(pos + 1) & 0x3F);
    return 2;
  }
  if (b0 >= 0xE0 && b0 <= 0xEF) {
    if (!cont(pos + 1) || !cont(pos + 2)) return 0;
    const unsigned char b1 = at(pos + 1);
    if (b0 == 0xE0 && b1 < 0xA0) return 0;  // overlong
    if (b0 == 0xED && b1 > 0x9F) return 0;  // UTF-16 surrogate
    cp = (uint32_t(b0 & 0x0F) << 12) | (uint32_t(b1 & 0x3F) << 6) | (at(pos + 2) & 0x3F);
    return 3;
  }
  if (b0 >= 0xF0 && b0 <= 0xF4) {
    if (!cont(pos + 1) || !cont(pos + 2) || !cont(pos + 3)) return 0;
    const unsigned char b1 = at(pos + 1);
    if (b0 == 0xF0 && b1 < 0x90) return 0;  // overlong
    if (b0 == 0xF4 && b1 > 0x8F) return 0;  // above U+10FFFF
    cp = (uint32_t(b0 & 0x07) << 18) | (uint32_t(b1 & 0x3F) << 12) | (uint32_t(at(pos + 2) & 0x3F) << 6) |
         (at(pos + 3) & 0x3F);
    return 4;
  }
  return 0;
}

void appendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// JSON5 WhiteSpace beyond ASCII: NBSP, BOM, and the Unicode Zs category; line terminators
// LS and PS.
bool isUnicodeSpace(uint32_t cp) {
  switch (cp) {
    case 0x00A0: case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000:
    case 0xFEFF:
      return true;
    default:
      return cp >= 0x2000 && cp <= 0x200A;
  }
}

std::string codePointName(uint32_t cp) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(cp));
  return buf;
}

class Parser {
 public:
  Parser(std::string_view text, const Json5Options& options) : s_(text), n_(text.size()), options_(options) {}

  Result<Json5Document> run();

 private:
  struct Frame {
    json* node;
    bool object;
    const std::string* key = nullptr;  // object frames: the key currently being read (in the map)
  };

  unsigned char at(size_t i) const { return static_cast<unsigned char>(s_[i]); }

  bool fail(size_t pos, std::string what, ErrorCode code = ErrorCode::InvalidInput);
  std::string describeAt(size_t pos) const;
  std::pair<size_t, size_t> lineColumn(size_t pos) const;

  bool skipWhitespace();
  bool skipLineComment();
  bool skipBlockComment();
  bool parseScalar(json& out);
  bool parseString(std::string& out);
  bool parseEscape(std::string& out, size_t stringStart);
  bool readHex(size_t count, uint32_t& value);
  bool parseIdentifier(std::string& out);
  bool parseNumber(json& out);
  json* parseMember(Frame& frame);
  KeyPath currentPath() const;

  std::string_view s_;
  size_t n_;
  size_t pos_ = 0;
  const Json5Options& options_;
  std::vector<Frame> stack_;
  std::vector<std::string> duplicates_;
  std::string keyBuffer_;
  std::optional<Error> error_;
};

bool Parser::fail(size_t pos, std::string what, ErrorCode code) {
  if (error_) return false;  // keep the first (innermost) error
  auto [line, column] = lineColumn(pos);
  error_ = Error{code, "line " + std::to_string(line) + ", column " + std::to_string(column) + ": " + what, ""};
  return false;
}

// 1-based line and column (in code points) of byte offset pos. Line terminators: LF, CR,
// CRLF, U+2028, U+2029, as in JSON5.
std::pair<size_t, size_t> Parser::lineColumn(size_t pos) const {
  size_t line = 1;
  size_t column = 1;
  const size_t end = pos < n_ ? pos : n_;
  for (size_t i = 0; i < end; ++i) {
    const unsigned char c = at(i);
    if (c == '\n') {
      ++line;
      column = 1;
    } else if (c == '\r') {
      if (i + 1 < n_ && s_[i + 1] == '\n') continue;  // the LF ends the line
      ++line;
      column = 1;
    } else if (c == 0xE2 && i + 2 < end && at(i + 1) == 0x80 && (at(i + 2) == 0xA8 || at(i + 2) == 0xA9)) {
      ++line;
      column = 1;
      i += 2;
    } else if ((c & 0xC0) != 0x80) {
      ++column;
    }
  }
  return {line, column};
}

std::string Parser::describeAt(size_t pos) const {
  if (pos >= n_) return "end of input";
  const unsigned char c = at(pos);
  if (c >= 0x20 && c < 0x7F) return std::string("'") + static_cast<char>(c) + "'";
  if (c < 0x80) return "character " + codePointName(c);
  uint32_t cp = 0;
  if (decodeUtf8(s_, pos, cp) == 0) return "invalid UTF-8";
  std::string text = "character " + codePointName(cp);
  if (cp == 0x201C || cp == 0x201D || cp == 0x2018 || cp == 0x2019) {
    text += " (a typographic quote: use ASCII \" or ')";
  }
  return text;
}

bool Parser::skipLineComment() {
  pos_ += 2;
  while (pos_ < n_) {
    const unsigned char c = at(pos_);
    if (c == '\n' || c == '\r') return true;
    if (c < 0x80) {
      ++pos_;
      continue;
    }
    uint32_t cp = 0;
    size_t len = decodeUtf8(s_, pos_, cp);
    if (len == 0) return fail(pos_, "invalid UTF-8 in comment");
    if (cp == 0x2028 || cp == 0x2029) return true;
    pos_ += len;
  }
  return true;
}

bool Parser::skipBlockComment() {
  const size_t start = pos_;
  pos_ += 2;
  while (pos_ < n_) {
    const unsigned char c = at(pos_);
    if (c == '*' && pos_ + 1 < n_ && s_[pos_ + 1] == '/') {
      pos_ += 2;
      return true;
    }
    if (c < 0x80) {
      ++pos_;
      continue;
    }
    uint32_t cp = 0;
    size_t len = decodeUtf8(s_, pos_, cp);
    if (len == 0) return fail(pos_, "invalid UTF-8 in comment");
    pos_ += len;
  }
  return fail(start, "unterminated /* comment");
}

// Skips whitespace and comments. False only on an error (unterminated comment, bad UTF-8).
bool Parser::skipWhitespace() {
  while (pos_ < n_) {
    const unsigned char c = at(pos_);
    switch (c) {
      case ' ': case '\t': case '\n': case '\r': case '\v': case '\f':
        ++pos_;
        continue;
      case '/':
        if (pos_ + 1 < n_ && s_[pos_ + 1] == '/') {
          if (!skipLineComment()) return false;
          continue;
        }
        if (pos_ + 1 < n_ && s_[pos_ + 1] == '*') {
          if (!skipBlockComment()) return false;
          continue;
        }
        return true;
      default:
        break;
    }
    if (c < 0x80) return true;
    uint32_t cp = 0;
    size_t len = decodeUtf8(s_, pos_, cp);
    if (len == 0) return fail(pos_, "invalid UTF-8");
    if (!isUnicodeSpace(cp)) return true;
    pos_ += len;
  }
  return true;
}

bool Parser::readHex(size_t count, uint32_t& value) {
  value = 0;
  for (size_t i = 0; i < count; ++i) {
    int h = pos_ < n_ ? hexValue(at(pos_)) : -1;
    if (h < 0) return fail(pos_, "expected a hex digit in escape, found " + describeAt(pos_));
    value = (value << 4) | static_cast<uint32_t>(h);
    ++pos_;
  }
  return true;
}

// pos_ is just after the backslash.
bool Parser::parseEscape(std::string& out, size_t stringStart) {
  if (pos_ >= n_) return fail(stringStart, "unterminated string");
  const size_t escapeStart = pos_ - 1;
  const unsigned char c = at(pos_);
  switch (c) {
    case '\'': case '"': case '\\': case '/':
      out.push_back(static_cast<char>(c));
      ++pos_;
      return true;
    case 'b': out.push_back('\b'); ++pos_; return true;
    case 'f': out.push_back('\f'); ++pos_; return true;
    case 'n': out.push_back('\n'); ++pos_; return true;
    case 'r': out.push_back('\r'); ++pos_; return true;
    case 't': out.push_back('\t'); ++pos_; return true;
    case 'v': out.push_back('\v'); ++pos_; return true;
    case '0':
      if (pos_ + 1 < n_ && isDigit(at(pos_ + 1))) return fail(escapeStart, "octal escapes are not allowed");
      out.push_back('\0');
      ++pos_;
      return true;
    case '\n':  // line continuation
      ++pos_;
      return true;
    case '\r':
      ++pos_;
      if (pos_ < n_ && s_[pos_] == '\n') ++pos_;
      return true;
    case 'x': {
      ++pos_;
      uint32_t value = 0;
      if (!readHex(2, value)) return false;
      appendUtf8(out, value);
      return true;
    }
    case 'u': {
      ++pos_;
      uint32_t value = 0;
      if (!readHex(4, value)) return false;
      if (value >= 0xDC00 && value <= 0xDFFF) return fail(escapeStart, "unpaired low surrogate in \\u escape");
      if (value >= 0xD800 && value <= 0xDBFF) {
        if (pos_ + 1 >= n_ || s_[pos_] != '\\' || s_[pos_ + 1] != 'u') {
          return fail(escapeStart, "unpaired high surrogate in \\u escape");
        }
        pos_ += 2;
        uint32_t low = 0;
        if (!readHex(4, low)) return false;
        if (low < 0xDC00 || low > 0xDFFF) return fail(escapeStart, "unpaired high surrogate in \\u escape");
        value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00);
      }
      appendUtf8(out, value);
      return true;
    }
    default:
      break;
  }
  if (isDigit(c)) return fail(escapeStart, "invalid escape \\" + std::string(1, static_cast<char>(c)));
  if (c < 0x20) return fail(pos_, "control character " + codePointName(c) + " in string");
  if (c < 0x80) {  // identity escape: \q is q
    out.push_back(static_cast<char>(c));
    ++pos_;
    return true;
  }
  uint32_t cp = 0;
  size_t len = decodeUtf8(s_, pos_, cp);
  if (len == 0) return fail(pos_, "invalid UTF-8 in string");
  if (cp != 0x2028 && cp != 0x2029) out.append(s_.substr(pos_, len));  // LS/PS: continuation
  pos_ += len;
  return true;
}

// pos_ is at the opening quote. Raw tabs are accepted (JSON5.parse does); other C0 control
// characters and raw line breaks are errors.
bool Parser::parseString(std::string& out) {
  const size_t start = pos_;
  const unsigned char quote = at(pos_++);
  out.clear();
  while (true) {
    const size_t runStart = pos_;
    while (pos_ < n_) {
      const unsigned char c = at(pos_);
      if (c == quote || c == '\\' || c < 0x20 || c >= 0x80) break;
      ++pos_;
    }
    out.append(s_.data() + runStart, pos_ - runStart);
    if (out.size() > options_.maxStringBytes) {
      return fail(start, "string longer than " + std::to_string(options_.maxStringBytes) + " bytes",
                  ErrorCode::TooLarge);
    }
    if (pos_ >= n_) return fail(start, "unterminated string");
    const unsigned char c = at(pos_);
    if (c == quote) {
      ++pos_;
      return true;
    }
    if (c == '\\') {
      ++pos_;
      if (!parseEscape(out, start)) return false;
    } else if (c == '\n' || c == '\r') {
      return fail(pos_, "line break in string (unterminated string?)");
    } else if (c == '\t') {
      out.push_back('\t');
      ++pos_;
    } else if (c < 0x20) {
      return fail(pos_, "control character " + codePointName(c) + " in string");
    } else {
      uint32_t cp = 0;
      size_t len = decodeUtf8(s_, pos_, cp);
      if (len == 0) return fail(pos_, "invalid UTF-8 in string");
      out.append(s_.data() + pos_, len);
      pos_ += len;
    }
  }
}

// Unquoted key: ASCII identifier characters and \uXXXX escapes (of non-ASCII characters or
// of ASCII identifier characters).
bool Parser::parseIdentifier(std::string& out) {
  const size_t start = pos_;
  out.clear();
  while (pos_ < n_) {
    const unsigned char c = at(pos_);
    if (isAsciiIdentStart(c) || (isDigit(c) && !out.empty())) {
      out.push_back(static_cast<char>(c));
      ++pos_;
      continue;
    }
    if (c == '\\') {
      const size_t escapeStart = pos_;
      if (pos_ + 1 >= n_ || s_[pos_ + 1] != 'u') return fail(escapeStart, "invalid escape in unquoted key");
      pos_ += 2;
      uint32_t cp = 0;
      if (!readHex(4, cp)) return false;
      const bool ok = cp < 0x80 ? (isAsciiIdentStart(static_cast<unsigned char>(cp)) ||
                                   (isDigit(static_cast<unsigned char>(cp)) && !out.empty()))
                                : !(cp >= 0xD800 && cp <= 0xDFFF) && !isUnicodeSpace(cp);
      if (!ok) return fail(escapeStart, "escape " + codePointName(cp) + " is not allowed in an unquoted key");
      appendUtf8(out, cp);
      continue;
    }
    break;
  }
  if (out.empty()) return fail(start, "expected a key, found " + describeAt(start));
  if (out.size() > options_.maxStringBytes) {
    return fail(start, "key longer than " + std::to_string(options_.maxStringBytes) + " bytes", ErrorCode::TooLarge);
  }
  return true;
}

bool Parser::parseNumber(json& out) {
  const size_t start = pos_;
  bool negative = false;
  if (at(pos_) == '+' || at(pos_) == '-') {
    negative = at(pos_) == '-';
    ++pos_;
  }
  const auto endsCleanly = [&]() {
    if (pos_ < n_ && (isAsciiIdentPart(at(pos_)) || at(pos_) == '.')) {
      return fail(start, "invalid number");
    }
    return true;
  };
  if (pos_ < n_ && isAsciiIdentStart(at(pos_))) {
    const size_t wordStart = pos_;
    while (pos_ < n_ && isAsciiIdentPart(at(pos_))) ++pos_;
    const std::string_view word = s_.substr(wordStart, pos_ - wordStart);
    if (word == "Infinity") {
      out = negative ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
      return true;
    }
    if (word == "NaN") {
      out = std::numeric_limits<double>::quiet_NaN();
      return true;
    }
    return fail(start, "invalid number");
  }
  // Hexadecimal.
  if (pos_ + 1 < n_ && at(pos_) == '0' && (at(pos_ + 1) == 'x' || at(pos_ + 1) == 'X')) {
    pos_ += 2;
    const size_t digitsStart = pos_;
    uint64_t value = 0;
    double approx = 0;
    bool overflow = false;
    while (pos_ < n_ && hexValue(at(pos_)) >= 0) {
      const auto h = static_cast<uint64_t>(hexValue(at(pos_)));
      if (!overflow && value > (std::numeric_limits<uint64_t>::max() >> 4)) {
        overflow = true;
        approx = static_cast<double>(value);
      }
      if (overflow) {
        approx = approx * 16 + static_cast<double>(h);
      } else {
        value = (value << 4) | h;
      }
      ++pos_;
    }
    if (pos_ == digitsStart) return fail(start, "hex number without digits");
    if (!endsCleanly()) return false;
    if (overflow) {
      out = negative ? -approx : approx;
    } else if (!negative) {
      if (value <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
        out = static_cast<int64_t>(value);
      } else {
        out = value;
      }
    } else if (value <= uint64_t{1} << 63) {
      out = value == 0 ? -0.0 : static_cast<int64_t>(0 - value);
    } else {
      out = -static_cast<double>(value);
    }
    return true;
  }
  // Decimal: DecimalIntegerLiteral? ('.' DecimalDigits?)? ExponentPart?
  const size_t bodyStart = pos_;
  while (pos_ < n_ && isDigit(at(pos_))) ++pos_;
  const size_t intDigits = pos_ - bodyStart;
  if (intDigits > 1 && at(bodyStart) == '0') return fail(start, "leading zeros are not allowed in numbers");
  bool isFloat = false;
  size_t fracDigits = 0;
  if (pos_ < n_ && at(pos_) == '.') {
    isFloat = true;
    ++pos_;
    const size_t fracStart = pos_;
    while (pos_ < n_ && isDigit(at(pos_))) ++pos_;
    fracDigits = pos_ - fracStart;
  }
  if (intDigits == 0 && fracDigits == 0) return fail(start, "invalid number");
  if (pos_ < n_ && (at(pos_) == 'e' || at(pos_) == 'E')) {
    isFloat = true;
    ++pos_;
    if (pos_ < n_ && (at(pos_) == '+' || at(pos_) == '-')) ++pos_;
    const size_t expStart = pos_;
    while (pos_ < n_ && isDigit(at(pos_))) ++pos_;
    if (pos_ == expStart) return fail(start, "exponent without digits");
  }
  if (!endsCleanly()) return false;
  const char* first = s_.data() + bodyStart;
  const char* last = s_.data() + pos_;
  if (!isFloat) {
    uint64_t value = 0;
    auto [ptr, ec] = std::from_chars(first, last, value);
    if (ec == std::errc() && ptr == last) {
      if (!negative) {
        if (value <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
          out = static_cast<int64_t>(value);
        } else {
          out = value;
        }
        return true;
      }
      if (value == 0) {
        out = -0.0;  // as JSON5.parse("-0")
        return true;
      }
      if (value <= uint64_t{1} << 63) {
        out = static_cast<int64_t>(0 - value);
        return true;
      }
    }
    // Too big for 64 bits: fall through to double.
  }
  // strtod, not std::from_chars: libc++ before LLVM 17 (the Mac's older Xcodes) has no
  // floating-point from_chars. The harness never calls setlocale, so strtod reads '.' as the
  // decimal point; the token is copied so that strtod stops where the grammar above did.
  const std::string token(first, last);
  // Out of range is not an error, as in JSON5.parse: strtod gives HUGE_VAL (infinity) for
  // "1e400" and the nearest subnormal or 0 for "1e-400".
  char* end = nullptr;
  const double value = std::strtod(token.c_str(), &end);
  if (end != token.c_str() + token.size()) return fail(start, "invalid number");
  out = negative ? -value : value;
  return true;
}

// A value that is not an object or array. pos_ is at its first character.
bool Parser::parseScalar(json& out) {
  const unsigned char c = at(pos_);
  if (c == '"' || c == '\'') {
    std::string value;
    if (!parseString(value)) return false;
    out = std::move(value);
    return true;
  }
  if (isDigit(c) || c == '-' || c == '+' || c == '.') return parseNumber(out);
  if (isAsciiIdentStart(c)) {
    const size_t start = pos_;
    while (pos_ < n_ && isAsciiIdentPart(at(pos_))) ++pos_;
    const std::string_view word = s_.substr(start, pos_ - start);
    if (word == "true") {
      out = true;
    } else if (word == "false") {
      out = false;
    } else if (word == "null") {
      out = nullptr;
    } else if (word == "Infinity") {
      out = std::numeric_limits<double>::infinity();
    } else if (word == "NaN") {
      out = std::numeric_limits<double>::quiet_NaN();
    } else {
      // Quote the word only when it looks like a mistyped keyword or enum value (letters, short):
      // an unquoted token or API key would otherwise be echoed into the report, and a config that
      // does not parse has given the redactor no secrets to mask.
      const bool lettersOnly = std::all_of(word.begin(), word.end(), [](char ch) {
        return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
      });
      if (lettersOnly && word.size() <= 16) {
        return fail(start, "unexpected identifier '" + std::string(word) + "' (strings must be quoted)");
      }
      return fail(start, "unexpected unquoted value of " + std::to_string(word.size()) +
                             " characters (not shown: it may be a secret; strings must be quoted)");
    }
    return true;
  }
  return fail(pos_, "unexpected " + describeAt(pos_));
}

KeyPath Parser::currentPath() const {
  KeyPath path;
  for (const Frame& frame : stack_) {
    if (frame.object) {
      if (frame.key != nullptr) appendKey(path, *frame.key);
    } else if (!frame.node->empty()) {
      appendIndex(path, frame.node->size() - 1);
    }
  }
  return path;
}

// Reads `key :` and returns the slot for the value. pos_ is at the key.
json* Parser::parseMember(Frame& frame) {
  if (pos_ >= n_) {
    fail(pos_, "unexpected end of input: expected a key or '}'");
    return nullptr;
  }
  const unsigned char c = at(pos_);
  if (c == '"' || c == '\'') {
    if (!parseString(keyBuffer_)) return nullptr;
  } else if (isAsciiIdentStart(c) || c == '\\') {
    if (!parseIdentifier(keyBuffer_)) return nullptr;
  } else {
    fail(pos_, "expected a key or '}', found " + describeAt(pos_));
    return nullptr;
  }
  if (!skipWhitespace()) return nullptr;
  if (pos_ >= n_ || at(pos_) != ':') {
    fail(pos_, "expected ':' after key, found " + describeAt(pos_));
    return nullptr;
  }
  ++pos_;
  auto& members = frame.node->get_ref<json::object_t&>();
  auto [it, inserted] = members.try_emplace(keyBuffer_);
  frame.key = &it->first;
  if (!inserted) {
    it->second = nullptr;  // the last occurrence wins, as in JSON5.parse
    duplicates_.push_back(currentPath());
  }
  return &it->second;
}

Result<Json5Document> Parser::run() {
  Json5Document doc;
  json* target = &doc.value;
  stack_.reserve(options_.maxDepth < 64 ? options_.maxDepth : 64);
  while (true) {
    // Parse one value into *target.
    if (!skipWhitespace()) return *error_;
    if (pos_ >= n_) {
      fail(pos_, stack_.empty() ? "empty document" : "unexpected end of input");
      return *error_;
    }
    const unsigned char c = at(pos_);
    if (c == '{' || c == '[') {
      if (stack_.size() >= options_.maxDepth) {
        fail(pos_, "nesting deeper than " + std::to_string(options_.maxDepth) + " levels", ErrorCode::TooLarge);
        return *error_;
      }
      ++pos_;
      const bool object = c == '{';
      *target = object ? json::object() : json::array();
      stack_.push_back(Frame{target, object});
      if (!skipWhitespace()) return *error_;
      if (pos_ < n_ && at(pos_) == (object ? '}' : ']')) {
        ++pos_;
        stack_.pop_back();
      } else if (object) {
        target = parseMember(stack_.back());
        if (target == nullptr) return *error_;
        continue;
      } else {
        target = &stack_.back().node->emplace_back();
        continue;
      }
    } else if (!parseScalar(*target)) {
      return *error_;
    }

    // A value is complete: close containers until one expects another element.
    bool more = false;
    while (!stack_.empty()) {
      Frame& frame = stack_.back();
      if (!skipWhitespace()) return *error_;
      const char close = frame.object ? '}' : ']';
      if (pos_ >= n_) {
        fail(pos_, std::string("unexpected end of input: expected ',' or '") + close + "'");
        return *error_;
      }
      const unsigned char next = at(pos_);
      if (next == static_cast<unsigned char>(close)) {
        ++pos_;
        stack_.pop_back();
        continue;
      }
      if (next != ',') {
        fail(pos_, std::string("expected ',' or '") + close + "', found " + describeAt(pos_));
        return *error_;
      }
      ++pos_;
      if (!skipWhitespace()) return *error_;
      if (pos_ < n_ && at(pos_) == static_cast<unsigned char>(close)) {  // trailing comma
        ++pos_;
        stack_.pop_back();
        continue;
      }
      if (frame.object) {
        target = parseMember(frame);
        if (target == nullptr) return *error_;
      } else {
        target = &frame.node->emplace_back();
      }
      more = true;
      break;
    }
    if (more) continue;

    if (!skipWhitespace()) return *error_;
    if (pos_ < n_) {
      fail(pos_, "unexpected " + describeAt(pos_) + " after the root value");
      return *error_;
    }
    doc.duplicateKeys = std::move(duplicates_);
    return doc;
  }
}

}  // namespace

Result<Json5Document> parseJson5(std::string_view text, const Json5Options& options) {
  Parser parser(text, options);
  return parser.run();
}

}  // namespace harness
