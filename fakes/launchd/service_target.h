#pragma once

// launchctl target specifiers: `gui/501`, `gui/501/LABEL`, `user/501/LABEL`, `system`,
// `system/LABEL`. Anything else is "Unrecognized target specifier." (exit 64).

#include <optional>
#include <string>
#include <string_view>

namespace fakes::launchd {

struct ServiceTarget {
  enum class Kind { Gui, User, System };
  Kind kind = Kind::Gui;
  unsigned uid = 0;      // gui/user only
  std::string label;     // empty for a domain target

  bool isService() const { return !label.empty(); }
  // "gui/501", "user/501" or "system".
  std::string domain() const;
  // "user gui: 501", "user: 501" or "system", as in "Could not find service "L" in domain for ...".
  std::string domainDescription() const;
  std::string toString() const;
};

std::optional<ServiceTarget> parseServiceTarget(std::string_view text);

// The domain name for a caller uid: "gui/<uid>".
std::string guiDomain(unsigned uid);

}  // namespace fakes::launchd
