#include "harness/core/poll.h"
#include "fakes/model/model_server.h"

#include <httplib.h>

#include <chrono>
#include <memory>
#include <thread>

namespace fakes::model {
namespace {

using nlohmann::json;

std::string presentedKey(const httplib::Request& req) {
  if (req.has_header("x-api-key")) return req.get_header_value("x-api-key");
  const std::string auth = req.get_header_value("authorization");
  const std::string bearer = "Bearer ";
  if (auth.compare(0, bearer.size(), bearer) == 0) return auth.substr(bearer.size());
  return "";
}

void sendJson(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_content(body.dump(), "application/json");
}

}  // namespace

struct ModelServer::Impl {
  ModelState& state;
  ModelServerOptions options;
  httplib::Server server;
  int port = 0;

  Impl(ModelState& s, ModelServerOptions o) : state(s), options(std::move(o)) {}

  void log(const std::string& line) {
    if (options.logger) options.logger(state.redactor().redact(line));
  }

  // Keeps the record free of keys: everything goes through the Redactor of the configured keys.
  int record(json entry) { return state.record(json::parse(state.redactor().redact(entry.dump()), nullptr, false)); }

  void handleMessages(const httplib::Request& req, httplib::Response& res) {
    json entry{{"method", req.method},
               {"path", req.path},
               {"anthropicVersion", req.get_header_value("anthropic-version")},
               {"anthropicBeta", req.get_header_value("anthropic-beta")},
               {"userAgent", req.get_header_value("user-agent")},
               {"keyId", nullptr}};
    std::string keyId;
    const AuthOutcome auth = state.authenticate(presentedKey(req), &keyId);
    entry["auth"] = toString(auth);
    if (auth == AuthOutcome::Matched) entry["keyId"] = keyId;
    auto finish = [&](int status, const std::string& summary) {
      entry["status"] = status;
      const int seq = record(entry);
      log("#" + std::to_string(seq) + " " + req.method + " " + req.path + " auth=" + toString(auth) +
          (keyId.empty() ? "" : " key=" + keyId) + " status=" + std::to_string(status) + " " + summary);
    };
    if (auth != AuthOutcome::Matched) {
      const std::string message = auth == AuthOutcome::Missing ? "x-api-key header is required" : "invalid x-api-key";
      sendJson(res, 401, errorBody("authentication_error", message));
      finish(401, message);
      return;
    }
    json body = json::parse(req.body, nullptr, false);
    if (body.is_discarded()) {
      entry["error"] = {{"field", "(body)"}, {"message", "not JSON"}};
      sendJson(res, 400, errorBody("invalid_request_error", "fake-model: the body is not JSON"));
      finish(400, "body not JSON");
      return;
    }
    entry["body"] = body;
    auto parsed = parseMessagesRequest(body);
    if (!parsed) {
      const auto& e = parsed.error();
      entry["error"] = {{"field", e.context}, {"message", e.message}};
      sendJson(res, 400, errorBody("invalid_request_error", "fake-model: " + e.context + ": " + e.message));
      finish(400, "unsupported: " + e.context + ": " + e.message);
      return;
    }
    const MessagesRequest& request = *parsed;
    entry["model"] = request.model;
    entry["stream"] = request.stream;
    entry["toolNames"] = request.toolNames;
    entry["lastUserText"] = request.lastUserText;
    json results = json::array();
    for (const auto& r : request.toolResults)
      results.push_back({{"toolUseId", r.toolUseId}, {"text", r.text}, {"isError", r.isError}});
    entry["toolResults"] = results;

    ModelState::NextReply next = state.takeReply(request.toolNames);
    if (!next.refusal.empty()) {
      entry["error"] = {{"field", "tools"}, {"message", next.refusal}};
      sendJson(res, 400, errorBody("invalid_request_error", "fake-model: " + next.refusal));
      finish(400, next.refusal);
      return;
    }
    entry["replyIndex"] = next.index;
    if (next.scripted && next.scripted->errorStatus) {
      sendJson(res, *next.scripted->errorStatus, errorBody(next.scripted->errorType, next.scripted->errorMessage));
      finish(*next.scripted->errorStatus, "scripted error");
      return;
    }
    RenderedReply reply;
    reply.messageId = "msg_fake_" + std::to_string(state.nextId());
    reply.model = request.model;
    reply.inputTokens = static_cast<int>(req.body.size() / 4);
    std::string summary;
    if (!next.scripted) {
      reply.blocks.push_back(ReplyBlock{"text", state.defaultReply(), "", "", json::object()});
      summary = "default reply";
    } else {
      if (!next.scripted->text.empty())
        reply.blocks.push_back(ReplyBlock{"text", next.scripted->text, "", "", json::object()});
      if (next.scripted->toolName) {
        reply.blocks.push_back(ReplyBlock{"tool_use", "", "toolu_fake_" + std::to_string(state.nextId()),
                                          *next.scripted->toolName, next.scripted->toolInput});
      }
      summary = "reply #" + std::to_string(next.index) + (next.scripted->toolName ? " tool_use " + *next.scripted->toolName : " text");
    }
    reply.outputTokens = 0;
    for (const auto& b : reply.blocks) reply.outputTokens += static_cast<int>((b.text.size() + b.input.dump().size()) / 4 + 1);
    entry["reply"] = toMessageJson(reply);
    finish(200, summary + (request.stream ? " (stream)" : ""));

    if (!request.stream) {
      sendJson(res, 200, toMessageJson(reply));
      return;
    }
    auto events = std::make_shared<std::vector<SseEvent>>(toSseEvents(reply));
    res.set_header("cache-control", "no-cache");
    res.set_chunked_content_provider("text/event-stream", [events, next = size_t{0}](size_t, httplib::DataSink& sink) mutable {
      if (next < events->size()) {
        const std::string wire = (*events)[next++].wire();
        return sink.write(wire.data(), wire.size());
      }
      sink.done();
      return true;
    });
  }

  void routes() {
    server.Post("/v1/messages", [this](const httplib::Request& req, httplib::Response& res) { handleMessages(req, res); });
    server.Post("/messages", [this](const httplib::Request& req, httplib::Response& res) { handleMessages(req, res); });
    server.Get("/_fake/health", [](const httplib::Request&, httplib::Response& res) { sendJson(res, 200, {{"ok", true}}); });
    server.Get("/_fake/status", [this](const httplib::Request&, httplib::Response& res) { sendJson(res, 200, state.status()); });
    server.Get("/_fake/requests",
               [this](const httplib::Request&, httplib::Response& res) { sendJson(res, 200, state.requests()); });
    server.Post("/_fake/replies", [this](const httplib::Request& req, httplib::Response& res) {
      json body = json::parse(req.body, nullptr, false);
      auto replies = parseScriptedReplies(body);
      if (!replies) {
        sendJson(res, 400, {{"error", replies.error().describe()}});
        return;
      }
      const size_t n = replies->size();
      state.appendReplies(std::move(*replies));
      log("script: +" + std::to_string(n) + " repl" + (n == 1 ? "y" : "ies") + ", " +
          std::to_string(state.pendingReplies()) + " pending");
      sendJson(res, 200, {{"queued", n}, {"pendingReplies", state.pendingReplies()}});
    });
    server.Post("/_fake/reset", [this](const httplib::Request&, httplib::Response& res) {
      state.reset();
      log("reset");
      sendJson(res, 200, {{"ok", true}});
    });
    server.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
      if (res.status == 404) sendJson(res, 404, errorBody("not_found_error", "fake-model: no route " + req.method + " " + req.path));
    });
  }
};

harness::Result<std::unique_ptr<ModelServer>> ModelServer::create(ModelState& state, ModelServerOptions options) {
  auto impl = std::make_unique<Impl>(state, std::move(options));
  impl->routes();
  impl->server.set_payload_max_length(16 << 20);
  impl->server.set_read_timeout(30, 0);
  const auto& o = impl->options;
  if (o.port == 0) impl->port = impl->server.bind_to_any_port(o.host);
  else impl->port = impl->server.bind_to_port(o.host, o.port) ? o.port : -1;
  if (impl->port <= 0)
    return harness::Error{harness::ErrorCode::Io, "cannot listen", o.host + ":" + std::to_string(o.port)};
  return std::unique_ptr<ModelServer>(new ModelServer(std::move(impl)));
}

ModelServer::ModelServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ModelServer::~ModelServer() { stop(); }
uint16_t ModelServer::port() const { return static_cast<uint16_t>(impl_->port); }
void ModelServer::run() { impl_->server.listen_after_bind(); }
void ModelServer::stop() { impl_->server.stop(); }
bool ModelServer::waitUntilRunning(std::chrono::milliseconds timeout) const {
  return harness::pollFor(timeout, [this] { return impl_->server.is_running(); },
                          {.interval = std::chrono::milliseconds(1)}) == harness::PollEnd::Done;
}

}  // namespace fakes::model
