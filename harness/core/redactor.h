#pragma once

// Redactor: the last line of defence that keeps secrets out of every output.
//
// Checks never put secret values into findings in the first place; every reporter and log
// writer still passes its text through a Redactor that knows the secret values read from
// the host (Discord tokens, gateway tokens, API keys), so a mistake upstream cannot leak.

#include <string>
#include <string_view>
#include <vector>

namespace harness {

class Redactor {
 public:
  static constexpr std::string_view kMask = "[redacted]";

  // Values shorter than this are not registered: masking "a" or "on" everywhere would make
  // reports unreadable, and such values are not secrets worth the name.
  static constexpr size_t kMinimumSecretLength = 6;

  void addSecret(std::string_view value);
  std::string redact(std::string_view text) const;
  bool empty() const { return secrets_.empty(); }
  size_t size() const { return secrets_.size(); }

 private:
  std::vector<std::string> secrets_;  // longest first, so a secret containing another is masked whole
};

}  // namespace harness
