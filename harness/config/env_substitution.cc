#include "harness/config/env_substitution.h"

#include <algorithm>

namespace harness {
namespace {

bool isEnvNameStart(char c) { return (c >= 'A' && c <= 'Z') || c == '_'; }
bool isEnvNamePart(char c) { return isEnvNameStart(c) || (c >= '0' && c <= '9'); }

bool isEnvName(std::string_view name) {
  if (name.empty() || !isEnvNameStart(name[0])) return false;
  return std::all_of(name.begin(), name.end(), isEnvNamePart);
}

}  // namespace

Substitution substituteEnv(std::string_view in, const ConfigEnvironment& env) {
  Substitution out;
  if (in.find('$') == std::string_view::npos) {
    out.text.assign(in);
    return out;
  }
  out.text.reserve(in.size());
  size_t i = 0;
  while (i < in.size()) {
    const size_t dollar = in.find('$', i);
    if (dollar == std::string_view::npos) {
      out.text.append(in.substr(i));
      break;
    }
    out.text.append(in.substr(i, dollar - i));
    i = dollar;
    const bool escaped = i + 2 < in.size() && in[i + 1] == '$' && in[i + 2] == '{';
    const size_t brace = escaped ? i + 2 : i + 1;
    if (brace >= in.size() || in[brace] != '{') {
      out.text.push_back('$');
      ++i;
      continue;
    }
    const size_t close = in.find('}', brace + 1);
    const std::string_view name =
        close == std::string_view::npos ? std::string_view() : in.substr(brace + 1, close - brace - 1);
    if (close == std::string_view::npos || !isEnvName(name)) {
      // Not a reference: copy "$" (or "$$") and go on after it.
      out.text.append(in.substr(i, brace - i));
      i = brace;
      continue;
    }
    if (escaped) {
      out.text.append(in.substr(brace - 1, close - brace + 2));  // "${NAME}"
    } else {
      auto it = env.vars.find(std::string(name));
      if (it == env.vars.end() || it->second.empty()) {
        out.unresolved.emplace_back(name);
        out.text.append(in.substr(i, close - i + 1));
        if (i == 0 && close + 1 == in.size()) out.onlyUnresolved = true;
      } else {
        out.text.append(it->second);
        out.values.emplace_back(it->second);
      }
    }
    i = close + 1;
  }
  return out;
}

}  // namespace harness
