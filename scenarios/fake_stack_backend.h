#pragma once

// FakeStackBackend: the isolation scenarios on harness/sandbox's FakeStack (fake launchd, fake
// `openclaw` CLI and gateways, fake Discord, in a temporary directory), driven through the real
// LaunchctlServiceManager and ProcessOpenClawCli.

#include "scenarios/isolation_backend.h"

namespace harness::scenarios {

// `release`: the OpenClaw release the fake CLI emulates.
IsolationBackendPtr makeFakeStackBackend(std::string release = "2026.3.24");

// The same stack with a real OpenClaw release's CLI (and optionally its gateway) under
// fake-macos instead of the fake CLI: main installed by the release's own `gateway install`,
// rescue from the runbook's plist (RealReleaseInstallation). `unavailable` non-empty
// (release not in the cache, fake-macos not built): every scenario skips with that reason.
IsolationBackendPtr makeRealOpenClawBackend(std::string release, RealOpenClawOptions real, std::string unavailable);

}  // namespace harness::scenarios
