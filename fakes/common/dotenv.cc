#include "fakes/common/dotenv.h"

#include <cctype>

namespace fakes::config {
namespace {

bool isBlank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }
bool isKeyChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-'; }

std::string unescapeNewlines(std::string_view in) {
  std::string out;
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '\\' && i + 1 < in.size() && (in[i + 1] == 'n' || in[i + 1] == 'r')) {
      out.push_back(in[++i] == 'n' ? '\n' : '\r');
    } else {
      out.push_back(in[i]);
    }
  }
  return out;
}

}  // namespace

std::map<std::string, std::string> parseDotenv(std::string_view text) {
  std::map<std::string, std::string> vars;
  size_t i = 0;
  const size_t n = text.size();
  auto skipBlanks = [&] {
    while (i < n && isBlank(text[i])) ++i;
  };
  auto toLineEnd = [&] {
    while (i < n && text[i] != '\n') ++i;
    if (i < n) ++i;
  };
  while (i < n) {
    skipBlanks();
    if (text.compare(i, 7, "export ") == 0 || text.compare(i, 7, "export\t") == 0) {
      i += 7;
      skipBlanks();
    }
    const size_t keyStart = i;
    while (i < n && isKeyChar(text[i])) ++i;
    const std::string key(text.substr(keyStart, i - keyStart));
    skipBlanks();
    const bool colon = i + 1 < n && text[i] == ':' && isBlank(text[i + 1]);
    if (key.empty() || !(colon || (i < n && text[i] == '='))) {
      toLineEnd();  // a comment, a blank line or not an assignment
      continue;
    }
    ++i;
    skipBlanks();
    const char quote = i < n ? text[i] : '\0';
    if (quote == '\'' || quote == '"' || quote == '`') {
      size_t close = i + 1;
      while (close < n && (text[close] != quote || text[close - 1] == '\\')) ++close;
      if (close < n) {
        const std::string_view inner = text.substr(i + 1, close - i - 1);
        vars[key] = quote == '"' ? unescapeNewlines(inner) : std::string(inner);
        i = close + 1;
        toLineEnd();
        continue;
      }
    }
    const size_t valueStart = i;
    while (i < n && text[i] != '\n' && text[i] != '#') ++i;
    size_t valueEnd = i;
    while (valueEnd > valueStart && isBlank(text[valueEnd - 1])) --valueEnd;
    vars[key] = std::string(text.substr(valueStart, valueEnd - valueStart));
    toLineEnd();
  }
  return vars;
}

}  // namespace fakes::config
