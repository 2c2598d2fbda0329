#include "tests/unit/report/mini_xml.h"

#include <cstdint>
#include <cstdlib>

#include "harness/report/report_text.h"

namespace harness::testing {

const XmlElement* XmlElement::child(std::string_view childName) const {
  for (const auto& c : children) {
    if (c.name == childName) return &c;
  }
  return nullptr;
}

std::vector<const XmlElement*> XmlElement::childrenNamed(std::string_view childName) const {
  std::vector<const XmlElement*> out;
  for (const auto& c : children) {
    if (c.name == childName) out.push_back(&c);
  }
  return out;
}

std::string XmlElement::attribute(std::string_view attributeName) const {
  auto it = attributes.find(std::string(attributeName));
  return it == attributes.end() ? "" : it->second;
}

namespace {

class Parser {
 public:
  explicit Parser(std::string_view doc) : doc_(doc) {}

  XmlParseResult run() {
    XmlParseResult result;
    if (toValidUtf8(doc_) != doc_) return fail("invalid UTF-8");
    for (unsigned char c : doc_) {
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return fail("character forbidden in XML 1.0");
    }
    if (doc_.substr(0, 5) == "<?xml") {
      const size_t end = doc_.find("?>");
      if (end == std::string_view::npos) return fail("unterminated declaration");
      pos_ = end + 2;
    }
    skipSpace();
    if (!element(result.root)) return fail(error_);
    skipSpace();
    if (pos_ != doc_.size()) return fail("content after the root element");
    result.ok = true;
    return result;
  }

 private:
  XmlParseResult fail(const std::string& why) {
    XmlParseResult result;
    result.error = why + " at offset " + std::to_string(pos_);
    return result;
  }
  bool error(const std::string& why) {
    if (error_.empty()) error_ = why;
    return false;
  }
  bool at(std::string_view s) const { return doc_.substr(pos_, s.size()) == s; }
  void skipSpace() {
    while (pos_ < doc_.size() && (doc_[pos_] == ' ' || doc_[pos_] == '\n' || doc_[pos_] == '\t' ||
                                  doc_[pos_] == '\r')) {
      ++pos_;
    }
  }
  static bool nameChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.' || c == ':';
  }
  bool name(std::string& out) {
    const size_t start = pos_;
    while (pos_ < doc_.size() && nameChar(doc_[pos_])) ++pos_;
    if (pos_ == start) return error("expected a name");
    out = std::string(doc_.substr(start, pos_ - start));
    return true;
  }
  static void appendUtf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  bool entity(std::string& out) {  // at '&'
    const size_t end = doc_.find(';', pos_);
    if (end == std::string_view::npos || end - pos_ > 10) return error("bare '&'");
    const std::string_view ref = doc_.substr(pos_ + 1, end - pos_ - 1);
    if (ref == "amp") out += '&';
    else if (ref == "lt") out += '<';
    else if (ref == "gt") out += '>';
    else if (ref == "quot") out += '"';
    else if (ref == "apos") out += '\'';
    else if (ref.size() > 1 && ref[0] == '#') {
      const bool hex = ref[1] == 'x';
      const std::string digits(ref.substr(hex ? 2 : 1));
      if (digits.empty()) return error("empty character reference");
      char* endp = nullptr;
      const unsigned long cp = std::strtoul(digits.c_str(), &endp, hex ? 16 : 10);
      if (*endp != '\0') return error("bad character reference");
      const bool legal = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
                         (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
      if (!legal) return error("reference to a character XML 1.0 forbids");
      appendUtf8(out, static_cast<uint32_t>(cp));
    } else {
      return error("unknown entity &" + std::string(ref) + ";");
    }
    pos_ = end + 1;
    return true;
  }
  bool element(XmlElement& out) {
    if (!at("<")) return error("expected '<'");
    ++pos_;
    if (!name(out.name)) return false;
    for (;;) {
      const size_t before = pos_;
      skipSpace();
      if (at("/>")) {
        pos_ += 2;
        return true;
      }
      if (at(">")) {
        ++pos_;
        break;
      }
      if (pos_ == before) return error("expected whitespace before an attribute");
      std::string attrName;
      if (!name(attrName)) return false;
      if (!at("=")) return error("expected '='");
      ++pos_;
      if (pos_ >= doc_.size() || (doc_[pos_] != '"' && doc_[pos_] != '\'')) return error("unquoted attribute");
      const char quote = doc_[pos_++];
      std::string value;
      while (pos_ < doc_.size() && doc_[pos_] != quote) {
        if (doc_[pos_] == '<') return error("'<' in an attribute value");
        if (doc_[pos_] == '&') {
          if (!entity(value)) return false;
        } else {
          value += doc_[pos_++];
        }
      }
      if (pos_ >= doc_.size()) return error("unterminated attribute value");
      ++pos_;
      if (!out.attributes.emplace(attrName, value).second) return error("duplicate attribute " + attrName);
    }
    // Content.
    for (;;) {
      if (pos_ >= doc_.size()) return error("unterminated element <" + out.name + ">");
      if (at("</")) {
        pos_ += 2;
        std::string closing;
        if (!name(closing)) return false;
        if (closing != out.name) return error("</" + closing + "> closes <" + out.name + ">");
        skipSpace();
        if (!at(">")) return error("expected '>'");
        ++pos_;
        return true;
      }
      if (at("<")) {
        out.children.emplace_back();
        if (!element(out.children.back())) return false;
      } else if (at("&")) {
        if (!entity(out.text)) return false;
      } else {
        if (at("]]>")) return error("']]>' in text");
        out.text += doc_[pos_++];
      }
    }
  }

  std::string_view doc_;
  size_t pos_ = 0;
  std::string error_;
};

}  // namespace

XmlParseResult parseXml(std::string_view document) { return Parser(document).run(); }

}  // namespace harness::testing
