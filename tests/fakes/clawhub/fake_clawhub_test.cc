// fake-clawhub answers every lookup "not found" at once and lists what it was asked, never a
// token a release sends along.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "fakes/clawhub/fake_clawhub_process.h"
#include "harness/testing/scoped_temp_dir.h"

namespace fakes::clawhub {
namespace {

using harness::testing::readFile;
using harness::testing::ScopedTempDir;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kToken = "clh-canary-token-0201";

class FakeClawHubTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto started = FakeClawHubProcess::start(FAKE_CLAWHUB_BIN, dir_.path());
    ASSERT_TRUE(started) << started.error().describe();
    hub_ = std::move(*started);
  }
  httplib::Client client() { return httplib::Client("127.0.0.1", hub_->port()); }

  ScopedTempDir dir_;
  std::unique_ptr<FakeClawHubProcess> hub_;
};

TEST_F(FakeClawHubTest, APackageLookupIsNotFoundAtOnce) {
  auto c = client();
  auto r = c.Get("/api/v1/packages/%40openclaw%2Facpx");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  const auto body = nlohmann::json::parse(r->body, nullptr, false);
  ASSERT_TRUE(body.is_object()) << r->body;
  EXPECT_EQ(body.value("error", ""), "not found");
  EXPECT_EQ(r->get_header_value("Content-Type"), "application/json");
}

TEST_F(FakeClawHubTest, ListsEveryLookupInOrderWithoutItsToken) {
  auto c = client();
  httplib::Headers auth{{"Authorization", std::string("Bearer ") + kToken}};
  ASSERT_TRUE(c.Get("/api/v1/packages/%40openclaw%2Facpx", auth));
  auto posted = c.Post("/api/v1/telemetry", auth, "{}", "application/json");
  ASSERT_TRUE(posted);
  EXPECT_EQ(posted->status, 404);
  auto lookups = hub_->lookups();
  ASSERT_TRUE(lookups) << lookups.error().describe();
  EXPECT_THAT(*lookups, ElementsAre("GET /api/v1/packages/@openclaw/acpx", "POST /api/v1/telemetry"));
  hub_.reset();  // stopped: the log is complete
  const std::string log = readFile(dir_.path() / "fake-clawhub.log");
  EXPECT_THAT(log, HasSubstr("404 GET /api/v1/packages/@openclaw/acpx"));
  EXPECT_THAT(log, Not(HasSubstr(kToken)));
}

TEST_F(FakeClawHubTest, ANewHubHasBeenAskedNothing) {
  auto lookups = hub_->lookups();
  ASSERT_TRUE(lookups) << lookups.error().describe();
  EXPECT_TRUE(lookups->empty());
}

TEST_F(FakeClawHubTest, LookupsOfAStoppedHubAreAnErrorNotAnEmptyList) {
  hub_->process().stop();
  auto lookups = hub_->lookups();
  ASSERT_FALSE(lookups);
  EXPECT_THAT(lookups.error().describe(), HasSubstr("127.0.0.1"));
}

TEST(FakeClawHubStartTest, AMissingExecutableIsAnErrorNamingIt) {
  ScopedTempDir dir;
  auto started = FakeClawHubProcess::start(dir.path() / "no-such-fake-clawhub", dir.path(), std::chrono::seconds(2));
  ASSERT_FALSE(started);
  EXPECT_THAT(started.error().describe(), HasSubstr("no-such-fake-clawhub"));
}

}  // namespace
}  // namespace fakes::clawhub
