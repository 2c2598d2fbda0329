#include "scenarios/fake_stack_backend.h"

#include "fakes/discord/fake_discord_client.h"
#include "harness/testing/process_scan.h"
#include "harness/testing/scoped_temp_dir.h"

namespace harness::scenarios {
namespace {

class FakeDiscordObserver : public DiscordObserver {
 public:
  explicit FakeDiscordObserver(fakes::discord::FakeDiscordClient& client) : client_(client) {}

  int sessions(const std::string& botId) override {
    auto bot = client_.bot(botId);
    return bot ? bot->sessions : -1;
  }

  Status sendDm(const std::string& botId, const std::string& content) override {
    return sendDmFrom(botId, kOwnerDiscordId, content);
  }

  Status sendDmFrom(const std::string& botId, const std::string& authorId, const std::string& content) override {
    auto delivered = client_.sendDm(botId, content, authorId);
    if (!delivered) return delivered.error();
    if (delivered->delivered < 1) {
      return Error{ErrorCode::NotFound, "no session of bot " + botId + " received the DM", "fake discord"};
    }
    return ok();
  }

  std::vector<std::string> postedBy(const std::string& botId) override {
    std::vector<std::string> out;
    if (auto messages = client_.messages(botId)) {
      for (const auto& m : *messages) out.push_back(m.content);
    }
    return out;
  }

 private:
  fakes::discord::FakeDiscordClient& client_;
};

class FakeStackBackend : public IsolationBackend {
 public:
  FakeStackBackend(std::string release, std::optional<RealOpenClawOptions> real = {}, std::string unavailable = {})
      : release_(std::move(release)), real_(std::move(real)), unavailable_(std::move(unavailable)) {}
  ~FakeStackBackend() override { tearDown(); }

  std::string name() const override { return (real_ ? "openclaw@" : "fake-stack@") + release_; }
  std::string unavailable() const override { return unavailable_; }

  Status setUp(const HomeEdit& edit) override {
    auto binaries = FakeStackBinaries::locate();
    if (!binaries) return binaries.error();
    auto stack = FakeStack::start(
        *binaries, FakeStackOptions{.dir = tmp_.path(),
                                    .release = release_,
                                    .edit = edit,
                                    .installation = real_ ? std::make_shared<RealReleaseInstallation>(*real_) : nullptr});
    if (!stack) return stack.error();
    stack_ = std::move(*stack);
    main_ = GatewayHandle{"main", stack_->spec().main, OpenClawTarget{}, kMainBotId, kMainBotName};
    rescue_ = GatewayHandle{"rescue", stack_->spec().rescue, OpenClawTarget{"rescue", stack_->spec().rescue.label},
                            kRescueBotId, kRescueBotName};
    observer_ = std::make_unique<FakeDiscordObserver>(stack_->discord());
    return ok();
  }

  void tearDown() override {
    observer_.reset();
    if (stack_) stack_->shutdown();
  }

  const RescueSpec& spec() const override { return stack_->spec(); }
  std::map<std::string, std::string> environment() const override { return {{"HOME", stack_->home().string()}}; }
  const GatewayHandle& gateway(Which which) const override { return which == Which::Main ? main_ : rescue_; }
  ServiceManager& launchd() override { return stack_->launchd(); }
  OpenClawCli& openclaw() override { return stack_->openclaw(); }
  DiscordObserver& discord() override { return *observer_; }
  fakes::model::FakeModelClient& model() override { return stack_->model(); }
  Status reboot() override { return stack_->reboot(); }
  std::string diagnostics() override { return stack_ ? stack_->diagnostics() : "fake stack not started\n"; }

  std::vector<pid_t> leftoverProcesses() override {
    testing::reapExitedChildren();
    return testing::processesMentioning(tmp_.path().string());
  }

 private:
  std::string release_;
  std::optional<RealOpenClawOptions> real_;
  std::string unavailable_;
  testing::ScopedTempDir tmp_{"scenario"};
  std::unique_ptr<FakeStack> stack_;
  std::unique_ptr<DiscordObserver> observer_;
  GatewayHandle main_, rescue_;
};

}  // namespace

IsolationBackendPtr makeFakeStackBackend(std::string release) {
  return std::make_unique<FakeStackBackend>(std::move(release));
}

IsolationBackendPtr makeRealOpenClawBackend(std::string release, RealOpenClawOptions real, std::string unavailable) {
  return std::make_unique<FakeStackBackend>(std::move(release), std::move(real), std::move(unavailable));
}

const char* toString(Which which) { return which == Which::Main ? "main" : "rescue"; }

}  // namespace harness::scenarios
