#pragma once

// FakeOpenClawCli: canned answers for the OpenClawCli calls the live checks make. Each answer
// is a Result the test sets; calls are counted. Thread-safe (collection runs calls in parallel).

#include <atomic>
#include <map>
#include <mutex>
#include <string>

#include "harness/openclaw/openclaw_cli.h"

namespace harness::testing {

class FakeOpenClawCli : public OpenClawCli {
 public:
  FakeOpenClawCli() {
    GatewayServiceStatus running;
    running.installed = running.loaded = running.running = true;
    running.pid = 4242;
    running.label = "ai.openclaw.gateway.rescue";
    status = running;
    ConfigValidation valid;
    valid.valid = true;
    for (const char* profile : {"", "rescue"}) {
      validation.insert_or_assign(profile, Result<ConfigValidation>(valid));
      audit.insert_or_assign(profile, Result<SecurityAudit>(SecurityAudit{}));
    }
  }

  // Per profile ("" = main).
  void setChannels(const std::string& profile, Result<ChannelsStatus> r) {
    std::lock_guard lock(mu_);
    channels.insert_or_assign(profile, std::move(r));
  }
  static ChannelsStatus connectedAs(const std::string& id, const std::string& name, bool connected = true) {
    ChannelsStatus c;
    c.discord.push_back({"default", connected, id, name, connected ? "" : "gateway closed: 4004"});
    return c;
  }

  Result<std::string> version() override {
    ++calls;
    return versionAnswer;
  }
  Result<CommandOutcome> gateway(GatewayAction, const OpenClawTarget&, std::optional<uint16_t>) override {
    return Error{ErrorCode::Unsupported, "not used by the live checks", ""};
  }
  Result<GatewayServiceStatus> gatewayStatus(const OpenClawTarget& target) override {
    ++calls;
    std::lock_guard lock(mu_);
    if (target.launchdLabel) {
      lastStatusLabel = *target.launchdLabel;
      return status;
    }
    ++derivedStatusCalls;
    return derivedStatus;
  }
  Result<ConfigValidation> validateConfig(const OpenClawTarget& target) override {
    ++calls;
    std::lock_guard lock(mu_);
    return validation.at(target.profile);
  }
  Result<ChannelsStatus> channelsStatus(const OpenClawTarget& target) override {
    ++calls;
    std::lock_guard lock(mu_);
    auto it = channels.find(target.profile);
    if (it == channels.end()) return Error{ErrorCode::ProcessFailed, "channels status failed (exit 1): gateway closed", ""};
    return it->second;
  }
  Result<SecurityAudit> securityAudit(const OpenClawTarget& target) override {
    ++calls;
    std::lock_guard lock(mu_);
    return audit.at(target.profile);
  }

  std::mutex mu_;
  Result<std::string> versionAnswer = std::string("2026.3.24");
  Result<GatewayServiceStatus> status = Error{ErrorCode::Io, "unset", ""};
  Result<GatewayServiceStatus> derivedStatus = Error{ErrorCode::Io, "no derived status", ""};
  std::map<std::string, Result<ConfigValidation>> validation;
  std::map<std::string, Result<ChannelsStatus>> channels;
  std::map<std::string, Result<SecurityAudit>> audit;
  std::string lastStatusLabel;
  int derivedStatusCalls = 0;
  std::atomic<int> calls{0};
};

}  // namespace harness::testing
