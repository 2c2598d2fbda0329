#include "fakes/discord/gateway_protocol.h"

#include <nlohmann/json.hpp>

#include "fakes/discord/gateway_connection.h"
#include "fakes/discord/rest_router.h"
#include "fakes/discord/shared_state.h"

namespace fakes::discord {

using nlohmann::json;

namespace {

GatewayClose decodeError() { return {4002, "Error while decoding payload."}; }

std::string shortId(const std::string& sessionId) { return sessionId.substr(0, 8); }

// Real Gateway payloads are a few levels deep. A frame nested deeper is refused before it is
// parsed: copying or walking a json tree recurses per level, so a frame of 100000 '[' would
// overflow the io thread's stack and take the whole fake down (found by the hardening corpus).
constexpr int kMaxPayloadDepth = 32;

bool nestedTooDeep(std::string_view text) {
  int depth = 0;
  bool inString = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (inString) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        inString = false;
      }
    } else if (c == '"') {
      inString = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxPayloadDepth) return true;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return false;
}

}  // namespace

GatewayProtocol::GatewayProtocol(SharedState& state, GatewayConnection& connection, std::string resumeGatewayUrl)
    : state_(state), connection_(connection), resumeGatewayUrl_(std::move(resumeGatewayUrl)) {}

GatewayProtocol::~GatewayProtocol() { onClosed(); }

void GatewayProtocol::sendOp(int op, const std::string& dataJson) {
  connection_.sendText(R"({"t":null,"s":null,"op":)" + std::to_string(op) + R"(,"d":)" + dataJson + "}");
}

void GatewayProtocol::start() {
  const json hello = {{"heartbeat_interval", state_.settings().heartbeatInterval.count()},
                      {"_trace", json::array({"[\"fake-discord\",{\"micros\":0}]"})}};
  sendOp(10, hello.dump());
}

std::optional<GatewayClose> GatewayProtocol::onBinary() {
  // Only encoding=json is emulated; zlib/etf payloads arrive as binary frames.
  state_.log("[gateway] binary frame received; closing 4002");
  return decodeError();
}

std::optional<GatewayClose> GatewayProtocol::onText(std::string_view text) {
  if (nestedTooDeep(text)) {
    state_.log("[gateway] payload nested deeper than " + std::to_string(kMaxPayloadDepth) + " levels; closing 4002");
    return decodeError();
  }
  const json payload = json::parse(text, nullptr, false);
  if (payload.is_discarded() || !payload.is_object() || !payload.contains("op") ||
      !payload["op"].is_number_integer()) {
    state_.log("[gateway] undecodable payload; closing 4002");
    return decodeError();
  }
  const int op = payload["op"].get<int>();
  const json data = payload.contains("d") ? payload["d"] : json(nullptr);
  switch (op) {
    case 1:  // heartbeat; Discord accepts it before IDENTIFY too
      sendOp(11, "null");
      return std::nullopt;
    case 2:
      return identify(data);
    case 6:
      return resume(data);
    case 3:   // presence update
    case 4:   // voice state update
    case 8:   // request guild members
    case 31:  // request soundboard sounds
      if (!authenticated()) {
        state_.log("[gateway] op " + std::to_string(op) + " before IDENTIFY; closing 4003");
        return GatewayClose{4003, "Not authenticated."};
      }
      return std::nullopt;
    default:
      state_.log("[gateway] unknown opcode " + std::to_string(op) + "; closing 4001");
      return GatewayClose{4001, "Unknown opcode."};
  }
}

std::optional<GatewayClose> GatewayProtocol::identify(const json& data) {
  if (!data.is_object() || !data.contains("token") || !data["token"].is_string()) return decodeError();
  if (authenticated()) {
    state_.log("[gateway] second IDENTIFY on one connection; closing 4005");
    return GatewayClose{4005, "Already authenticated."};
  }
  const BotConfig* bot = state_.botForToken(data["token"].get<std::string>());
  if (!bot) {
    state_.log("[gateway] IDENTIFY with an unknown token; closing 4004");
    return GatewayClose{4004, "Authentication failed."};
  }
  state_.countIdentify(bot->id);
  if (!data.contains("intents") || !data["intents"].is_number_integer()) {
    state_.log("[gateway] IDENTIFY bot " + bot->id + " without intents; closing 4013");
    return GatewayClose{4013, "Invalid intent(s)."};
  }
  const int64_t intents = data["intents"].get<int64_t>();
  if ((intents & kIntentMessageContent) && !bot->allowMessageContent) {
    state_.log("[gateway] IDENTIFY bot " + bot->id + " asks for MESSAGE_CONTENT, which is not allowed; closing 4014");
    return GatewayClose{4014, "Disallowed intent(s)."};
  }
  botId_ = bot->id;
  sessionId_ = state_.createSession(bot->id);
  json ready = {
      {"v", 10},
      {"user",
       {{"id", bot->id},
        {"username", bot->username},
        {"discriminator", "0"},
        {"global_name", nullptr},
        {"avatar", nullptr},
        {"bot", true},
        {"verified", true},
        {"mfa_enabled", false},
        {"flags", 0}}},
      {"session_id", sessionId_},
      {"session_type", "normal"},
      {"resume_gateway_url", resumeGatewayUrl_},
      {"guilds", json::array()},
      {"private_channels", json::array()},
      {"relationships", json::array()},
      {"presences", json::array()},
      {"user_settings", json::object()},
      {"guild_join_requests", json::array()},
      {"geo_ordered_rtc_regions", json::array()},
      {"application",
       {{"id", bot->applicationId}, {"flags", bot->allowMessageContent ? kAppFlagGatewayMessageContent : 0}}},
      {"_trace", json::array({"[\"fake-discord\",{\"micros\":0}]"})}};
  if (data.contains("shard")) ready["shard"] = data["shard"];
  // Attach before sending READY so a DM dispatched right after READY reaches this socket.
  state_.attach(sessionId_, &connection_);
  connection_.sendText(state_.dispatchFrame(sessionId_, "READY", ready));
  state_.log("[gateway] IDENTIFY bot " + bot->id + " intents " + std::to_string(intents) + " -> READY (session " +
             shortId(sessionId_) + ")");
  return std::nullopt;
}

std::optional<GatewayClose> GatewayProtocol::resume(const json& data) {
  if (!data.is_object() || !data.contains("token") || !data["token"].is_string() || !data.contains("session_id") ||
      !data["session_id"].is_string())
    return decodeError();
  if (authenticated()) return GatewayClose{4005, "Already authenticated."};
  const BotConfig* bot = state_.botForToken(data["token"].get<std::string>());
  if (!bot) {
    state_.log("[gateway] RESUME with an unknown token; closing 4004");
    return GatewayClose{4004, "Authentication failed."};
  }
  const std::string sessionId = data["session_id"].get<std::string>();
  const auto owner = state_.sessionBot(sessionId);
  if (!owner || *owner != bot->id) {
    state_.log("[gateway] RESUME of an unknown session for bot " + bot->id + " -> op 9 (not resumable)");
    sendOp(9, "false");
    return std::nullopt;
  }
  botId_ = bot->id;
  sessionId_ = sessionId;
  state_.attach(sessionId_, &connection_);
  connection_.sendText(state_.dispatchFrame(sessionId_, "RESUMED", json{{"_trace", json::array()}}));
  state_.log("[gateway] RESUME bot " + bot->id + " session " + shortId(sessionId_) + " -> RESUMED");
  return std::nullopt;
}

void GatewayProtocol::onClosed() {
  if (closed_) return;
  closed_ = true;
  state_.detach(&connection_);
  if (authenticated()) state_.log("[gateway] bot " + botId_ + " session " + shortId(sessionId_) + " disconnected");
}

}  // namespace fakes::discord
