#include "fakes/discord_gateway_client/gateway_payloads.h"

#include <nlohmann/json.hpp>

namespace fakes::discord_gateway {

using nlohmann::json;

json identifyPayload(const std::string& token, int64_t intents, const ClientProperties& properties) {
  return {{"op", kOpIdentify},
          {"d",
           {{"token", token},
            {"intents", intents},
            {"properties", {{"os", properties.os}, {"browser", properties.browser}, {"device", properties.device}}}}}};
}

json resumePayload(const std::string& token, const std::string& sessionId, std::optional<int64_t> sequence) {
  return {{"op", kOpResume},
          {"d", {{"token", token}, {"session_id", sessionId}, {"seq", sequence ? json(*sequence) : json()}}}};
}

json heartbeatPayload(std::optional<int64_t> sequence) {
  return {{"op", kOpHeartbeat}, {"d", sequence ? json(*sequence) : json()}};
}

json onlinePresencePayload() {
  return {{"op", kOpPresenceUpdate},
          {"d", {{"since", nullptr}, {"activities", json::array()}, {"status", "online"}, {"afk", false}}}};
}

}  // namespace fakes::discord_gateway
