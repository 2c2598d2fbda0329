// libFuzzer target: the fake Discord's Gateway frame handling (fakes/discord/gateway_protocol.h),
// without sockets. The input is a sequence of frames, one per line, sent to one connection; the
// line `#binary` stands for a binary frame. When the protocol closes the connection (as
// WebsocketSession does) the rest of the lines go to a new connection on the same server state,
// so IDENTIFY, RESUME of an earlier session and the session bookkeeping all get exercised.
// Session ids are random, so `$session` in a frame stands for the newest one seen.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fakes/discord/gateway_connection.h"
#include "fakes/discord/gateway_protocol.h"
#include "fakes/discord/shared_state.h"

namespace {

using fakes::discord::BotConfig;
using fakes::discord::GatewayProtocol;

// Tokens the seeds use; one bot may not ask for MESSAGE_CONTENT (close 4014).
std::vector<BotConfig> bots() {
  return {BotConfig{"fuzz-main-token", "111122223333444455", "Main Bot", "111122223333444455", true},
          BotConfig{"fuzz-quiet-token", "999988887777666655", "Quiet Bot", "999", false}};
}

class DiscardingConnection : public fakes::discord::GatewayConnection {
 public:
  void sendText(std::string frame) override { bytesSent += frame.size(); }
  size_t bytesSent = 0;
};

struct Connection {
  explicit Connection(fakes::discord::SharedState& state) : protocol(state, socket, "ws://127.0.0.1:1") {
    protocol.start();
  }
  DiscardingConnection socket;  // declared first: the protocol refers to it until destroyed
  GatewayProtocol protocol;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  fakes::discord::SharedState state(bots(), fakes::discord::ServerSettings{});
  auto connection = std::make_unique<Connection>(state);
  // Earlier connections stay alive (closed), as a WebsocketSession does until its close handshake.
  std::vector<std::unique_ptr<Connection>> closed;
  std::string lastSession;
  while (!input.empty()) {
    const size_t end = input.find('\n');
    std::string frame(input.substr(0, end));
    input = end == std::string_view::npos ? std::string_view() : input.substr(end + 1);
    if (const size_t at = frame.find("$session"); at != std::string::npos) frame.replace(at, 8, lastSession);
    auto close = frame == "#binary" ? connection->protocol.onBinary() : connection->protocol.onText(frame);
    if (close) {
      connection->protocol.onClosed();
      closed.push_back(std::move(connection));
      connection = std::make_unique<Connection>(state);
    }
    if (connection->protocol.authenticated()) lastSession = connection->protocol.sessionId();
  }
  // Dispatches reach only attached (open) connections; a dangling one shows up under ASan.
  for (const auto& bot : bots()) (void)state.dispatchToBot(bot.id, "MESSAGE_CREATE", {{"content", "hi"}});
  return 0;
}
