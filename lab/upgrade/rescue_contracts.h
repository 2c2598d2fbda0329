#pragma once

// The rescue rescues (G8), against one real OpenClaw release: its rescue gateway (real Discord
// plugin on the fake Discord, real agent on the fake model) while main is stopped.
//
//   contract.rescue.non-owner-refused   a DM from someone in no owner list reaches no model (S1);
//                                       sent first and judged last, so its watch costs nothing
//   contract.rescue.dm-answered         the owner's DM reaches the model with the rescue's own key
//                                       and the answer comes back as a Discord message (G8, G4)
//   contract.rescue.brings-main-back    the model's exec of `openclaw gateway start` brings main back
//                                       through launchd with no approval prompt (G8, G5); the message
//                                       names the job it acted on (main, the rescue itself, refused),
//                                       the OPENCLAW_* environment the exec'd command saw, and, when
//                                       the plain command did not do it, the unset-variables form and
//                                       then launchd's own (each retried once after a restart of the
//                                       rescue when its agent could not take the turn, with why)
//   contract.rescue.message-rescue-mode 2026.9+: `/openclaw status`, `/openclaw restart gateway` and
//                                       `/openclaw yes` in an owner DM, which gateway they act on
//   contract.rescue.no-auth             the rescue's auth store moved away: no request with a key
//                                       reaches the model, and the DM gets the release's error (R16,
//                                       G4); the store moves before `/openclaw yes`, whose restart is
//                                       then the start without it (else a kickstart -k)
//
// Kept apart from contract_runner.cc, which calls runRescueContracts once its own contracts ran.

#include <chrono>
#include <functional>
#include <string>

#include "lab/fake_stack/fake_stack.h"
#include "lab/upgrade/drift.h"

namespace harness::upgrade {

struct RescueContractContext {
  FakeStack& stack;
  std::string release;
  std::chrono::milliseconds gatewayTimeout{std::chrono::minutes(3)};
  // Adds one result (the runner redacts and prints it).
  std::function<void(std::string id, std::string title, std::vector<std::string> requirements, DriftStatus status,
                     std::string message, double seconds)>
      add;
  // Time spent waiting on OpenClaw (its CLI, its gateway, its agent) is not the harness's.
  double* openclawSeconds = nullptr;
  // How long a stranger's DM is watched for a model request it must not cause: an agent run
  // reaches the model within seconds of its DM (a fake gateway's within milliseconds).
  std::chrono::milliseconds strangerWatch{std::chrono::seconds(15)};
};

void runRescueContracts(const RescueContractContext& context);
// Each of the group's contracts as skipped, for `why`.
void skipRescueContracts(const RescueContractContext& context, const std::string& why);

}  // namespace harness::upgrade
