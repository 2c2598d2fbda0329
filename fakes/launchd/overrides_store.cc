#include "fakes/launchd/overrides_store.h"

#include <cstdio>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace fakes::launchd {

OverridesStore::OverridesStore(std::filesystem::path file) : file_(std::move(file)) {
  std::ifstream in(file_);
  if (!in) return;
  std::ostringstream ss;
  ss << in.rdbuf();
  auto j = nlohmann::json::parse(ss.str(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) return;
  for (const auto& [domain, labels] : j.items()) {
    if (!labels.is_object()) continue;
    for (const auto& [label, value] : labels.items()) {
      if (value.is_string()) overrides_[domain][label] = value.get<std::string>() == "disabled";
    }
  }
}

void OverridesStore::set(const std::string& domain, const std::string& label, bool disabled) {
  overrides_[domain][label] = disabled;
  save();
}

std::optional<bool> OverridesStore::disabled(const std::string& domain, const std::string& label) const {
  auto d = overrides_.find(domain);
  if (d == overrides_.end()) return std::nullopt;
  auto l = d->second.find(label);
  if (l == d->second.end()) return std::nullopt;
  return l->second;
}

bool OverridesStore::isDisabled(const std::string& domain, const std::string& label, bool plistDisabled) const {
  return disabled(domain, label).value_or(plistDisabled);
}

std::map<std::string, bool> OverridesStore::forDomain(const std::string& domain) const {
  auto d = overrides_.find(domain);
  return d == overrides_.end() ? std::map<std::string, bool>{} : d->second;
}

void OverridesStore::save() const {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [domain, labels] : overrides_) {
    for (const auto& [label, disabled] : labels) j[domain][label] = disabled ? "disabled" : "enabled";
  }
  const std::string tmp = file_.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << j.dump(2) << "\n";
    if (!out) return;
  }
  std::rename(tmp.c_str(), file_.c_str());
}

}  // namespace fakes::launchd
