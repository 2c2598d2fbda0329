#pragma once

// FakeStackBackend: the isolation scenarios on harness/sandbox's FakeStack (fake launchd, fake
// `openclaw` CLI and gateways, fake Discord, in a temporary directory), driven through the real
// LaunchctlServiceManager and ProcessOpenClawCli.

#include "scenarios/isolation_backend.h"

namespace harness::scenarios {

// `release`: the OpenClaw release the fake CLI emulates.
IsolationBackendPtr makeFakeStackBackend(std::string release = "2026.3.24");

}  // namespace harness::scenarios
