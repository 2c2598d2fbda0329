#include "harness/checks/check_support.h"

#include <algorithm>
#include <cctype>

namespace harness {

namespace fs = std::filesystem;

std::string describeValue(const nlohmann::json* value, bool secret) {
  if (!value) return "<missing>";
  if (secret) {
    if (value->is_string()) return value->get_ref<const std::string&>().empty() ? "<empty>" : "<set>";
    return "<set, " + std::string(value->type_name()) + ">";
  }
  if (value->is_string()) return "\"" + value->get<std::string>() + "\"";
  std::string dumped = value->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (dumped.size() > 200) dumped = dumped.substr(0, 197) + "...";
  return dumped;
}

Evidence configEvidence(const InstanceSnapshot& instance, std::string_view keyPath, bool secret) {
  Evidence e;
  e.file = instance.spec.configPath.string();
  e.key = std::string(keyPath);
  if (instance.config.config) {
    auto found = instance.config.config->find(keyPath);
    e.detail = describeValue(found.value, secret);
  }
  return e;
}

Evidence fileEvidence(const FileInfo& file, std::string_view detail) {
  Evidence e;
  e.file = file.path.string();
  if (!detail.empty()) {
    e.detail = std::string(detail);
  } else if (!file.exists()) {
    e.detail = file.error.empty() ? "missing" : file.error;
    if (file.isSymlink() && file.linkTarget) e.detail += " (symlink to " + file.linkTarget->string() + ")";
  } else {
    e.detail = std::string(file.isDirectory() ? "directory" : file.isRegularFile() ? "file" : "special file") +
               ", mode " + formatMode(file.mode) + ", owner uid " + std::to_string(file.owner);
    if (file.isSymlink() && file.linkTarget) e.detail += ", symlink to " + file.linkTarget->string();
  }
  return e;
}

std::optional<CheckResult> skipWithoutConfig(const CheckInfo& info, const InstanceSnapshot& instance) {
  if (instance.config.config) return std::nullopt;
  return skipped(info, instance.spec.name + " config is not readable; see " + instance.spec.name + ".config.readable",
                 {fileEvidence(instance.config.file)});
}

std::string openclawCommand(const InstanceSpec& instance) {
  return instance.profile.empty() ? "openclaw" : "openclaw --profile " + instance.profile;
}

std::string configSetCommand(const InstanceSpec& instance, std::string_view keyPath, std::string_view jsonValue) {
  return openclawCommand(instance) + " config set " + std::string(keyPath) + " '" + std::string(jsonValue) + "'";
}

std::string shellQuote(const std::string& s) {
  bool plain = !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '/' || c == '.' || c == '_' || c == '-' || c == '+' || c == ':' || c == '@';
  });
  if (plain) return s;
  std::string out = "'";
  for (char c : s) out += (c == '\'') ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

const nlohmann::json* plistRoot(const LoadedPlist& plist) {
  return (plist.plist && plist.plist->root.is_object()) ? &plist.plist->root : nullptr;
}

std::string typeName(const nlohmann::json& value) {
  const std::string t = value.type_name();
  return (t[0] == 'a' || t[0] == 'o' ? "an " : "a ") + t;
}

bool isPlaceholderSecret(std::string_view value) {
  std::string v(value);
  std::string upper(v);
  std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
  auto trimmed = upper;
  trimmed.erase(0, trimmed.find_first_not_of(" \t"));
  if (trimmed.empty()) return true;
  if (trimmed.find("YOUR_") != std::string::npos || trimmed.find("YOUR-") != std::string::npos) return true;
  static const char* kPlaceholders[] = {"CHANGEME", "CHANGE_ME", "<TOKEN>", "TOKEN", "***", "[REDACTED]",
                                        "XXX",      "TODO",      "REPLACE_ME", "PLACEHOLDER"};
  for (const char* p : kPlaceholders) {
    if (trimmed == p) return true;
  }
  if (trimmed.size() >= 2 && trimmed.front() == '<' && trimmed.back() == '>') return true;
  // Fill-in instructions ("REPLACE_WITH_TOKEN", "PASTE_TOKEN_HERE", "token-goes-here") and one
  // character repeated ("xxxxxxxx", "********", "00000000"): no generated secret looks like that.
  for (const char* prefix : {"REPLACE", "PASTE", "INSERT_", "ENTER_", "CHANGE_ME", "CHANGEME"}) {
    if (trimmed.rfind(prefix, 0) == 0) return true;
  }
  for (const char* marker : {"_HERE", "-HERE", "GOES_HERE", "GOES-HERE"}) {
    if (trimmed.size() > std::string_view(marker).size() &&
        trimmed.compare(trimmed.size() - std::string_view(marker).size(), std::string::npos, marker) == 0) {
      return true;
    }
  }
  if (trimmed.size() >= 3 && trimmed.find_first_not_of(trimmed[0]) == std::string::npos) return true;
  // A ${VAR} reference left in the value (malformed, so never substituted): OpenClaw would use
  // the literal text as the secret.
  if (trimmed.find("${") != std::string::npos) return true;
  return false;
}

namespace {

fs::path normalised(const fs::path& p) {
  std::error_code ec;
  auto canonical = fs::weakly_canonical(p, ec);  // resolves the existing prefix, keeps the rest
  return (ec ? p.lexically_normal() : canonical.lexically_normal());
}

}  // namespace

bool samePath(const fs::path& a, const fs::path& b) {
  auto na = normalised(a), nb = normalised(b);
  if (!na.empty() && na.filename().empty()) na = na.parent_path();
  if (!nb.empty() && nb.filename().empty()) nb = nb.parent_path();
  return na == nb;
}

bool pathWithin(const fs::path& inner, const fs::path& outer) {
  auto ni = normalised(inner), no = normalised(outer);
  auto it = ni.begin();
  for (const auto& part : no) {
    if (part.empty()) continue;
    while (it != ni.end() && it->empty()) ++it;
    if (it == ni.end() || *it != part) return false;
    ++it;
  }
  return true;
}

}  // namespace harness
