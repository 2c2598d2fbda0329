#pragma once

// enable/disable overrides per domain, persisted as JSON in ROOT/var/overrides.json so they
// survive bootout, plist deletion, supervisor restarts and the test-only reboot, like
// launchd's disabled.<uid>.plist.

#include <filesystem>
#include <map>
#include <optional>
#include <string>

namespace fakes::launchd {

class OverridesStore {
 public:
  explicit OverridesStore(std::filesystem::path file);

  // Records `label => disabled|enabled` in `domain` and writes the file (tmp + rename).
  void set(const std::string& domain, const std::string& label, bool disabled);
  // The override, if any.
  std::optional<bool> disabled(const std::string& domain, const std::string& label) const;
  // Override if present, else the plist's Disabled key.
  bool isDisabled(const std::string& domain, const std::string& label, bool plistDisabled) const;
  // label -> disabled for one domain.
  std::map<std::string, bool> forDomain(const std::string& domain) const;

 private:
  void save() const;

  std::filesystem::path file_;
  std::map<std::string, std::map<std::string, bool>> overrides_;
};

}  // namespace fakes::launchd
