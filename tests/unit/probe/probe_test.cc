#include <gtest/gtest.h>
#include <httplib.h>

#include <thread>

#include "harness/probe/http_probe.h"
#include "harness/probe/port_probe.h"
#include "harness/testing/free_port.h"
#include "harness/testing/wait.h"

namespace harness {
namespace {

using testing::waitFor;

// A stand-in gateway whose health answers the test chooses.
class HealthServer {
 public:
  HealthServer() {
    server_.Get("/healthz", [this](const httplib::Request&, httplib::Response& res) {
      res.status = liveStatus;
      res.set_content(R"({"ok":true,"status":"live"})", "application/json");
    });
    server_.Get("/readyz", [this](const httplib::Request&, httplib::Response& res) {
      res.status = readyBody.find("\"ready\":true") != std::string::npos ? 200 : 503;
      res.set_content(readyBody, "application/json");
    });
    port = static_cast<uint16_t>(server_.bind_to_any_port("127.0.0.1"));
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    EXPECT_TRUE(waitFor("health server running", [this] { return server_.is_running(); }));
  }
  ~HealthServer() {
    server_.stop();
    thread_.join();
  }
  int liveStatus = 200;
  std::string readyBody = R"({"ready":true,"failing":[],"uptimeMs":5})";
  uint16_t port = 0;

 private:
  httplib::Server server_;
  std::thread thread_;
};

TEST(HttpProbeTest, HealthyGatewayIsLiveAndReady) {
  HealthServer server;
  const GatewayHealth h = probeGatewayHealth(HttpTarget{.port = server.port});
  EXPECT_TRUE(h.live);
  EXPECT_TRUE(h.ready);
  EXPECT_TRUE(h.error.empty()) << h.error;
}

TEST(HttpProbeTest, NotReadyListsWhatIsFailing) {
  HealthServer server;
  server.readyBody = R"({"ready":false,"failing":["discord"],"uptimeMs":5})";
  const GatewayHealth h = probeGatewayHealth(HttpTarget{.port = server.port});
  EXPECT_TRUE(h.live);
  EXPECT_FALSE(h.ready);
  EXPECT_EQ(h.failing, std::vector<std::string>{"discord"});
  EXPECT_NE(h.error.find("discord"), std::string::npos) << h.error;
}

TEST(HttpProbeTest, MalformedReadyBodyIsNotReady) {
  HealthServer server;
  server.readyBody = "not json";
  EXPECT_FALSE(probeGatewayHealth(HttpTarget{.port = server.port}).ready);
}

TEST(HttpProbeTest, NothingListeningIsAnErrorNamingTheUrl) {
  const uint16_t port = testing::pickFreePort();
  auto r = httpGet(HttpTarget{.port = port}, "/healthz");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().context.find(":" + std::to_string(port) + "/healthz"), std::string::npos);
  const GatewayHealth h = probeGatewayHealth(HttpTarget{.port = port});
  EXPECT_FALSE(h.live);
  EXPECT_FALSE(h.ready);
  EXPECT_FALSE(h.error.empty());
}

TEST(PortProbeTest, SeesAListenerAndItsAbsence) {
  auto server = std::make_unique<HealthServer>();
  const uint16_t port = server->port;
  EXPECT_TRUE(tcpPortAccepting("127.0.0.1", port));
  server.reset();
  EXPECT_FALSE(tcpPortAccepting("127.0.0.1", port));
}

}  // namespace
}  // namespace harness
