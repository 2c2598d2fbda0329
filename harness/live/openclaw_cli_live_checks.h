#pragma once

// The live checks that ask the openclaw CLI (openclaw_cli_live_checks.cc), and what they share
// with the gateway checks of live_checks.cc, which registers them all in order. Internal to
// harness/live.

#include <string>

#include "harness/live/live_checks.h"

namespace harness::live {

// launchd's service target, "gui/501/ai.openclaw.gateway.rescue".
inline std::string launchdTarget(const LiveInstance& in) { return in.domain + "/" + in.spec.label; }

CheckResult openclawStatusCheck(const CheckInfo& info, const LiveSnapshot& s);
CheckResult configValidateCheck(const CheckInfo& info, const LiveSnapshot& s);
CheckResult securityAuditCheck(const CheckInfo& info, const LiveSnapshot& s);
CheckResult versionCheck(const CheckInfo& info, const LiveSnapshot& s);

}  // namespace harness::live
