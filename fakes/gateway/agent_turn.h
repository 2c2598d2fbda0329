#pragma once

// One agent turn against the configured model provider (Anthropic Messages API, non-streaming):
// the DM's text as the user message, the exec tool offered; each tool_use of exec is run
// (ExecRunner) and answered with a tool_result, until the model ends its turn with text. The fake
// gateway only ever calls a provider whose baseUrl is plain http on a loopback host (a fake model):
// it never talks to a real provider.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "fakes/gateway/agent_auth.h"
#include "fakes/gateway/exec_tool.h"
#include "fakes/common/fake_openclaw_config.h"

namespace fakes::gateway {

class Logger;

struct ModelEndpoint {
  std::string host;
  uint16_t port = 80;
  std::string basePath;  // "" or "/prefix" (no trailing slash); the request goes to basePath + "/v1/messages"
};

// models.providers.<provider>.baseUrl when it is http://<loopback>[:port][/path] and its api is
// anthropic-messages (or unset); nullopt otherwise.
std::optional<ModelEndpoint> resolveModelEndpoint(const config::FakeOpenClawConfig* config, const std::string& provider);

using ExecRunner = std::function<ExecOutcome(const std::string& command)>;

struct TurnResult {
  bool ok = false;
  std::string text;   // the model's final text
  std::string error;  // why the turn failed (the provider's message), when !ok
  int execCalls = 0;
};

TurnResult runAgentTurn(const ModelEndpoint& endpoint, const AgentAuth& agent, const std::string& userText,
                        const ExecRunner& exec, Logger& log);

}  // namespace fakes::gateway
