#include "fakes/gateway/agent_turn.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "fakes/gateway/logger.h"

namespace fakes::gateway {
namespace {

using nlohmann::json;

constexpr int kMaxRounds = 8;

bool isLoopback(const std::string& host) {
  return host == "127.0.0.1" || host == "localhost" || host == "::1" || host == "[::1]" || host.rfind("127.", 0) == 0;
}

json execToolSchema() {
  return json{{"name", "exec"},
              {"description", "Run a shell command on the host"},
              {"input_schema",
               {{"type", "object"},
                {"properties", {{"command", {{"type", "string"}}}}},
                {"required", json::array({"command"})}}}};
}

std::string providerMessage(const httplib::Result& res) {
  if (!res) return "request failed: " + httplib::to_string(res.error());
  json body = json::parse(res->body, nullptr, false);
  std::string message = body.is_object() && body.contains("error") && body["error"].is_object()
                            ? body["error"].value("message", "")
                            : "";
  return "HTTP " + std::to_string(res->status) + (message.empty() ? "" : ": " + message);
}

}  // namespace

std::optional<ModelEndpoint> resolveModelEndpoint(const config::FakeOpenClawConfig* config, const std::string& provider) {
  if (!config) return std::nullopt;
  auto p = config->modelProviders.find(provider);
  if (p == config->modelProviders.end() || !p->second.baseUrl) return std::nullopt;
  if (p->second.api && *p->second.api != "anthropic-messages") return std::nullopt;
  std::string url = *p->second.baseUrl;
  const std::string scheme = "http://";
  if (url.compare(0, scheme.size(), scheme) != 0) return std::nullopt;
  url = url.substr(scheme.size());
  const auto slash = url.find('/');
  std::string hostPort = url.substr(0, slash);
  ModelEndpoint out;
  out.basePath = slash == std::string::npos ? "" : url.substr(slash);
  while (!out.basePath.empty() && out.basePath.back() == '/') out.basePath.pop_back();
  if (out.basePath.size() >= 3 && out.basePath.substr(out.basePath.size() - 3) == "/v1")
    out.basePath.resize(out.basePath.size() - 3);  // both "http://h:p" and "http://h:p/v1" are used
  const auto colon = hostPort.rfind(':');
  if (colon != std::string::npos && hostPort.find(']') == std::string::npos) {
    try {
      const long port = std::stol(hostPort.substr(colon + 1));
      if (port <= 0 || port > 65535) return std::nullopt;
      out.port = static_cast<uint16_t>(port);
    } catch (...) {
      return std::nullopt;
    }
    hostPort.resize(colon);
  }
  out.host = hostPort;
  if (!isLoopback(out.host)) return std::nullopt;
  return out;
}

TurnResult runAgentTurn(const ModelEndpoint& endpoint, const AgentAuth& agent, const std::string& userText,
                        const ExecRunner& exec, Logger& log) {
  TurnResult out;
  httplib::Client http(endpoint.host, endpoint.port);
  http.set_connection_timeout(std::chrono::seconds(5));
  http.set_read_timeout(std::chrono::seconds(60));
  httplib::Headers headers{{"anthropic-version", "2023-06-01"}};
  if (!agent.apiKey.empty()) headers.emplace("x-api-key", agent.apiKey);

  json messages = json::array({{{"role", "user"}, {"content", userText}}});
  for (int round = 0; round < kMaxRounds; ++round) {
    const json body{{"model", agent.modelId},
                    {"max_tokens", 1024},
                    {"system", "You are the " + agent.agentId + " agent of an OpenClaw gateway (fake)."},
                    {"tools", json::array({execToolSchema()})},
                    {"messages", messages}};
    auto res = http.Post(endpoint.basePath + "/v1/messages", headers, body.dump(), "application/json");
    if (!res || res->status != 200) {
      out.error = providerMessage(res);
      return out;
    }
    json reply = json::parse(res->body, nullptr, false);
    if (!reply.is_object() || !reply.contains("content") || !reply["content"].is_array()) {
      out.error = "the provider's answer is not a message";
      return out;
    }
    std::string text;
    json results = json::array();
    for (const auto& block : reply["content"]) {
      const std::string type = block.value("type", "");
      if (type == "text") {
        text += (text.empty() ? "" : "\n") + block.value("text", "");
      } else if (type == "tool_use") {
        const std::string id = block.value("id", "");
        const std::string name = block.value("name", "");
        if (name != "exec" || !block.contains("input") || !block["input"].contains("command") ||
            !block["input"]["command"].is_string()) {
          results.push_back({{"type", "tool_result"}, {"tool_use_id", id}, {"content", "unknown tool " + name}, {"is_error", true}});
          continue;
        }
        const std::string command = block["input"]["command"].get<std::string>();
        log.info("agent/exec", "exec: " + command);
        ++out.execCalls;
        const ExecOutcome ran = exec(command);
        log.info("agent/exec", "exec exited " + std::to_string(ran.exitCode) + (ran.timedOut ? " (timed out)" : ""));
        results.push_back({{"type", "tool_result"},
                           {"tool_use_id", id},
                           {"content", ran.output.empty() ? "(no output)" : ran.output},
                           {"is_error", ran.exitCode != 0}});
      }
    }
    if (reply.value("stop_reason", "") != "tool_use" || results.empty()) {
      out.ok = true;
      out.text = text;
      return out;
    }
    messages.push_back({{"role", "assistant"}, {"content", reply["content"]}});
    messages.push_back({{"role", "user"}, {"content", results}});
  }
  out.error = "the model kept calling tools for " + std::to_string(kMaxRounds) + " rounds";
  return out;
}

}  // namespace fakes::gateway
