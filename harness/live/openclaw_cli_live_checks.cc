// The OpenClaw CLI's own answers about the running rescue (R22, R25, R26, S1, S3, S4): its
// gateway status, config validate, security audit and version. Registered by live_checks.cc.

#include "harness/live/openclaw_cli_live_checks.h"

#include "harness/checks/check_support.h"
#include "harness/core/release_version.h"

namespace harness::live {
namespace {

std::optional<CheckResult> skipWithoutOpenClaw(const CheckInfo& info, const LiveSnapshot& s) {
  if (s.openclawAvailable) return std::nullopt;
  return skipped(info, "needs the openclaw CLI: " +
                           (s.openclawUnavailable.empty() ? std::string("none given") : s.openclawUnavailable) +
                           " (pass --openclaw PATH)");
}

std::string describeStatus(const GatewayServiceStatus& st) {
  std::string d = std::string("installed=") + (st.installed ? "true" : "false") + ", loaded=" +
                  (st.loaded ? "true" : "false") + ", running=" + (st.running ? "true" : "false");
  if (st.pid) d += ", pid " + std::to_string(*st.pid);
  if (!st.label.empty()) d += ", label " + st.label;
  return d;
}

std::string validateCommand(const InstanceSpec& spec) { return openclawCommand(spec) + " config validate --json"; }

std::string auditCommand(const InstanceSpec& spec) { return openclawCommand(spec) + " security audit --json"; }

std::string installedVersion(const LiveSnapshot& s) {
  if (s.openclawVersion && *s.openclawVersion) return extractOpenClawVersion(**s.openclawVersion);
  return {};
}

}  // namespace

CheckResult openclawStatusCheck(const CheckInfo& info, const LiveSnapshot& s) {
  if (auto skip = skipWithoutOpenClaw(info, s)) return *skip;
  if (!s.rescueStatus) return skipped(info, "the rescue's status was not collected");
  const std::string cmd = s.rescueStatusCommand;
  const auto& r = *s.rescueStatus;
  const bool refused = (!r && isLabelOverrideRefusal(r.error())) || (r && isDiagnosticOnlyStatus(*r));
  if (refused) {
    std::vector<Evidence> ev = {{"", cmd, r ? "service.targetRole: diagnostic-only" : r.error().message}};
    if (s.rescueStatusDerived) {
      ev.push_back({"", s.rescueStatusDerivedCommand,
                    *s.rescueStatusDerived ? describeStatus(**s.rescueStatusDerived)
                                           : s.rescueStatusDerived->error().message});
    }
    const std::string version = installedVersion(s);
    return warned(info,
                  "OpenClaw " + (version.empty() ? std::string("on this host") : version) +
                      " refuses the runbook's status command (`" + cmd +
                      "`): named profiles cannot override OPENCLAW_LAUNCHD_LABEL from 2026.8.1",
                  std::move(ev),
                  s.rescueStatusDerivedCommand + "  # without OPENCLAW_LAUNCHD_LABEL: reports the profile's own service "
                  "ai.openclaw." + s.rescue.spec.profile + "; for the runbook's job: launchctl print " + launchdTarget(s.rescue));
  }
  if (!r) {
    return failed(info, "`" + cmd + "` failed: " + r.error().message, {{"", cmd, r.error().message}},
                  "run it by hand: " + cmd);
  }
  std::vector<Evidence> ev = {{"", cmd, describeStatus(*r)}};
  if (r->running) {
    return passed(info, "`" + cmd + "` reports the rescue running" + (r->pid ? " (pid " + std::to_string(*r->pid) + ")"
                                                                              : std::string()),
                  std::move(ev));
  }
  return failed(info, "`" + cmd + "` does not report the rescue running (" + describeStatus(*r) + ")", std::move(ev),
                "launchctl kickstart -k " + launchdTarget(s.rescue));
}

CheckResult configValidateCheck(const CheckInfo& info, const LiveSnapshot& s) {
  if (auto skip = skipWithoutOpenClaw(info, s)) return *skip;
  std::vector<Evidence> ev;
  std::vector<std::string> failures, warnings;
  for (const LiveInstance* in : {&s.main, &s.rescue}) {
    const std::string cmd = validateCommand(in->spec);
    const std::string file = in->spec.configPath.string();
    if (!in->validation) {
      warnings.push_back(in->spec.name + ": not run");
      continue;
    }
    const auto& v = *in->validation;
    if (!v) {
      failures.push_back(in->spec.name + ": `" + cmd + "` failed: " + v.error().message);
      ev.push_back({file, cmd, v.error().message});
      continue;
    }
    for (const auto& [path, message] : v->issues) ev.push_back({file, path, "issue: " + message});
    for (const auto& [path, message] : v->warnings) ev.push_back({file, path, "warning: " + message});
    if (!v->valid) {
      std::string why = !v->issues.empty() ? v->issues.front().first + ": " + v->issues.front().second : v->error;
      failures.push_back(in->spec.name + "'s config is invalid" + (why.empty() ? "" : " (" + why + ")"));
    } else if (!v->warnings.empty()) {
      warnings.push_back(in->spec.name + ": " + std::to_string(v->warnings.size()) + " warning(s)");
    }
  }
  if (!failures.empty()) {
    std::string msg;
    for (const auto& f : failures) msg += (msg.empty() ? "" : "; ") + f;
    return failed(info, msg, std::move(ev), validateCommand(s.rescue.spec) + "; " + validateCommand(s.main.spec));
  }
  if (!warnings.empty()) {
    std::string msg = "OpenClaw accepts both configs with warnings: ";
    for (size_t i = 0; i < warnings.size(); ++i) msg += (i ? "; " : "") + warnings[i];
    return warned(info, msg, std::move(ev), "openclaw --profile " + s.rescue.spec.profile + " doctor  # review, then --fix");
  }
  return passed(info, "OpenClaw's own `config validate` accepts both configs", std::move(ev));
}

CheckResult securityAuditCheck(const CheckInfo& info, const LiveSnapshot& s) {
  if (auto skip = skipWithoutOpenClaw(info, s)) return *skip;
  std::vector<Evidence> ev;
  int critical = 0;
  std::string counts, firstCritical, errors;
  for (const LiveInstance* in : {&s.main, &s.rescue}) {
    const std::string cmd = auditCommand(in->spec);
    if (!in->audit) continue;
    const auto& a = *in->audit;
    if (!a) {
      errors += (errors.empty() ? "" : "; ") + in->spec.name + ": " + a.error().message;
      ev.push_back({"", cmd, a.error().message});
      continue;
    }
    critical += a->critical;
    counts += (counts.empty() ? "" : "; ") + in->spec.name + " " + std::to_string(a->critical) + " critical, " +
              std::to_string(a->warn) + " warn";
    for (const auto& f : a->findings) {
      if (f.severity != "critical" && f.severity != "warn") continue;
      ev.push_back({"", in->spec.name + " " + f.checkId, f.severity + ": " + f.title});
      if (f.severity == "critical" && firstCritical.empty()) firstCritical = in->spec.name + ": " + f.title;
    }
  }
  if (critical > 0) {
    return failed(info,
                  std::to_string(critical) + " critical finding(s) in OpenClaw's security audit (" + counts + ")" +
                      (firstCritical.empty() ? "" : ", e.g. " + firstCritical),
                  std::move(ev),
                  auditCommand(s.rescue.spec) + "  # read the remediations; `security audit --fix` applies the safe ones");
  }
  if (!errors.empty()) {
    return warned(info, "OpenClaw's security audit could not be read: " + errors, std::move(ev),
                  auditCommand(s.rescue.spec));
  }
  if (counts.empty()) return skipped(info, "the security audit was not run");
  return passed(info, "no critical findings in OpenClaw's security audit (" + counts + ")", std::move(ev));
}

CheckResult versionCheck(const CheckInfo& info, const LiveSnapshot& s) {
  if (auto skip = skipWithoutOpenClaw(info, s)) return *skip;
  if (!s.openclawVersion) return skipped(info, "`openclaw --version` was not run");
  if (!*s.openclawVersion) {
    return warned(info, "`openclaw --version` failed: " + s.openclawVersion->error().message,
                  {{s.openclawPath, "openclaw --version", s.openclawVersion->error().message}},
                  s.openclawPath + " --version");
  }
  const std::string v = extractOpenClawVersion(**s.openclawVersion);
  std::vector<Evidence> ev = {{s.openclawPath, "openclaw --version", **s.openclawVersion}};
  if (v.empty()) {
    return warned(info, "`openclaw --version` printed no version", std::move(ev), s.openclawPath + " --version");
  }
  if (!s.specOpenclawVersion.empty() && compareVersions(v, s.specOpenclawVersion) != 0) {
    return warned(info,
                  "the installed OpenClaw is " + v + " but release-dependent rules were judged for " +
                      s.specOpenclawVersion + " (--openclaw-version)",
                  std::move(ev), "verify-host live --openclaw-version " + v);
  }
  return passed(info, "OpenClaw " + v + (s.openclawPath.empty() ? "" : " (" + s.openclawPath + ")"), std::move(ev));
}

}  // namespace harness::live
