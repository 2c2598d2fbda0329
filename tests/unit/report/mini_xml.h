#pragma once

// A deliberately strict, tiny XML reader for the JUnit tests (libxml2 is not guaranteed on
// the build machines). It accepts only what the JUnit reporter is meant to produce: an
// optional <?xml ...?> declaration, elements, attributes in double or single quotes, text,
// and the five predefined entities plus numeric character references. It rejects unbalanced
// tags, bare '&' or '<', characters XML 1.0 forbids and invalid UTF-8.

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace harness::testing {

struct XmlElement {
  std::string name;
  std::map<std::string, std::string> attributes;  // unescaped values
  std::vector<XmlElement> children;
  std::string text;  // unescaped character data directly inside this element, concatenated

  const XmlElement* child(std::string_view childName) const;
  std::vector<const XmlElement*> childrenNamed(std::string_view childName) const;
  std::string attribute(std::string_view attributeName) const;  // "" if absent
};

struct XmlParseResult {
  bool ok = false;
  std::string error;  // where and why parsing stopped
  XmlElement root;
};

XmlParseResult parseXml(std::string_view document);

}  // namespace harness::testing
