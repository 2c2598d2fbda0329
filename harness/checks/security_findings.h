#pragma once

// What the security checks share (security_checks.cc: owner-only Discord and gateway exposure;
// secret_checks.cc: placeholder secrets; file_permission_checks.cc: file permissions): the
// findings collector and the helpers that read secrets from a config or a plist. Internal to
// harness/checks.

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "harness/checks/check_support.h"

namespace harness::security {

using nlohmann::json;

inline CheckStatus worse(CheckStatus a, CheckStatus b) {
  auto rank = [](CheckStatus s) { return s == CheckStatus::Fail ? 3 : s == CheckStatus::Warn ? 2 : 1; };
  return rank(b) > rank(a) ? b : a;
}

// Findings collected by a check: evidence for each problem, the worst status, and the fix
// commands in order without repeats.
struct Findings {
  CheckStatus status = CheckStatus::Pass;
  std::vector<Evidence> evidence;
  std::vector<CheckStatus> statusFor;  // parallel to evidence
  std::vector<std::string> fixFor;     // parallel to evidence; "" when the finding has no own fix
  std::vector<std::string> fixes;   // in order, without repeats

  void add(CheckStatus s, Evidence e, const std::string& fix) {
    status = worse(status, s);
    evidence.push_back(std::move(e));
    statusFor.push_back(s);
    fixFor.push_back(fix);
    if (!fix.empty() && std::find(fixes.begin(), fixes.end(), fix) == fixes.end()) fixes.push_back(fix);
  }
  // Adds the other's findings whose key and detail are not reported yet.
  void merge(const Findings& other) {
    for (size_t i = 0; i < other.evidence.size(); ++i) {
      const auto& e = other.evidence[i];
      bool dup = std::any_of(evidence.begin(), evidence.end(),
                             [&](const Evidence& x) { return x.key == e.key && x.detail == e.detail; });
      if (!dup) add(other.statusFor[i], e, other.fixFor[i]);
    }
  }
  std::string remediation(const std::string& separator = " && ") const {
    std::string out;
    for (const auto& f : fixes) out += (out.empty() ? "" : separator) + f;
    return out;
  }
  CheckResult result(const CheckInfo& info, const std::string& failMessage, const std::string& warnMessage,
                     const std::string& passMessage, std::vector<Evidence> passEvidence = {}) const {
    if (status == CheckStatus::Fail) return failed(info, failMessage, evidence, remediation());
    if (status == CheckStatus::Warn) return warned(info, warnMessage, evidence, remediation());
    passEvidence.insert(passEvidence.end(), evidence.begin(), evidence.end());
    return passed(info, passMessage, passEvidence);
  }
};

inline const json* member(const json& object, const std::string& key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

inline const json* plistEnvironment(const InstanceSnapshot& inst) {
  if (!inst.plist.plist || !inst.plist.plist->root.is_object()) return nullptr;
  const json* env = member(inst.plist.plist->root, "EnvironmentVariables");
  return env && env->is_object() ? env : nullptr;
}

inline bool plistEnvSet(const InstanceSnapshot& inst, const char* var) {
  const json* env = plistEnvironment(inst);
  const json* v = env ? member(*env, var) : nullptr;
  return v && v->is_string() && !isPlaceholderSecret(v->get_ref<const std::string&>());
}

inline std::set<std::string> unresolvedKeyPaths(const OpenClawConfig& config) {
  std::set<std::string> out;
  for (const auto& issue : config.issues) {
    if (issue.kind == ConfigIssueKind::UnresolvedEnvVar) out.insert(issue.keyPath);
  }
  return out;
}

// A secret value that OpenClaw can use: a non-placeholder string whose ${VAR}s resolved, or a
// SecretRef object (resolved by OpenClaw, not by the harness).
inline bool usableSecret(const json* v, const std::string& keyPath, const std::set<std::string>& unresolved) {
  if (!v) return false;
  if (v->is_object()) return v->contains("source") && v->contains("id");  // a SecretRef, not any object
  return v->is_string() && !isPlaceholderSecret(v->get_ref<const std::string&>()) && !unresolved.count(keyPath);
}

// security.placeholder-secrets (secret_checks.cc) and security.file-permissions
// (file_permission_checks.cc), registered by addSecurityChecks in their place.
CheckResult checkPlaceholderSecrets(const CheckInfo& info, const HostSnapshot& snap);
CheckResult checkFilePermissions(const CheckInfo& info, const HostSnapshot& snap);

}  // namespace harness::security
