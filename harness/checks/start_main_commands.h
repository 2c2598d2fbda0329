#pragma once

// What the rescue's agent can run to start main (G8), in one place: the verify-host check that
// recommends it (rescue.agent.starts-main), the real-release contract that measures it
// (contract.rescue.brings-main-back) and the fake-world scenarios all use these words.
//
//   unsetSelectorsStartCommand()   env -u OPENCLAW_PROFILE … openclaw gateway start: works where
//                                  the agent's `openclaw` is not pinned to the rescue (2026.3.24)
//   launchdStartCommand(main)      launchctl bootstrap …; launchctl kickstart -k …: launchd's own,
//                                  whichever release (the only one from 2026.8.1)

#include <array>
#include <string>

#include "harness/spec/rescue_spec.h"

namespace harness {

// The runbook's rescue plist sets these (R19) and every command its agent runs inherits them.
inline constexpr std::array<const char*, 4> kInheritedProfileSelectors = {"OPENCLAW_PROFILE", "OPENCLAW_STATE_DIR",
                                                                          "OPENCLAW_CONFIG_PATH", "OPENCLAW_LAUNCHD_LABEL"};

std::string unsetSelectorsStartCommand();
// Loads main's LaunchAgent if a stop booted it out, then (re)starts it.
std::string launchdStartCommand(const InstanceSpec& main);

}  // namespace harness
