#include <string>
#include <string_view>

#include "harness/config/openclaw_config.h"

namespace harness {
namespace {

// Suffixes (of the lower-cased name without '_' and '-') that make a key secret.
constexpr std::string_view kSecretSuffixes[] = {
    "token",     "password",   "passwd",        "secret",     "apikey",      "apikeys",   "privatekey",
    "secretkey", "accesskey",  "signingkey",    "passphrase", "encryptionkey", "credential", "credentials"};
// Exact names that are secrets although no suffix matches.
constexpr std::string_view kSecretNames[] = {"authorization", "cookie", "pat"};
// Prefixes of counters and limits that end in "token" ("maxToken", "numToken", ...).
constexpr std::string_view kNotSecretPrefixes[] = {"max", "min", "num"};

}  // namespace

bool isSecretKeyName(std::string_view key) {
  std::string name;
  name.reserve(key.size());
  for (char c : key) {
    if (c == '_' || c == '-') continue;
    name.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  for (std::string_view exact : kSecretNames) {
    if (name == exact) return true;
  }
  for (std::string_view suffix : kSecretSuffixes) {
    if (name.size() < suffix.size() || name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0) {
      continue;
    }
    if (suffix == "token") {
      for (std::string_view prefix : kNotSecretPrefixes) {
        if (name.size() > prefix.size() && name.compare(0, prefix.size(), prefix) == 0) return false;
      }
    }
    return true;
  }
  return false;
}

}  // namespace harness
