#include "harness/disruptive/disruptive_context.h"

#include <cstdio>

namespace harness::disruptive {
namespace {

constexpr const char* kDefaultMainLabel = "ai.openclaw.gateway";
constexpr size_t kMaxDetail = 300;

}  // namespace

Gateway gatewayFromSpec(const InstanceSpec& s, bool isMain) {
  Gateway g{s.name.empty() ? (isMain ? "main" : "rescue") : s.name, s.label, s.plistPath, s.port, {}, s.errLogPath};
  g.target.profile = s.profile;
  // The runbook addresses main as plain `openclaw gateway ...`, rescue with its label override.
  if (!isMain || s.label != kDefaultMainLabel) g.target.launchdLabel = s.label;
  return g;
}

Gateway gatewayFromJournal(const JournalEntry& e) {
  return Gateway{e.gateway, e.label, e.plist, e.port, OpenClawTarget{e.profile, e.launchdLabel}, {}};
}

std::string runbookCommand(const OpenClawTarget& t, GatewayAction action) {
  std::string s;
  if (t.launchdLabel) s += "OPENCLAW_LAUNCHD_LABEL=" + *t.launchdLabel + " ";
  s += "openclaw ";
  if (!t.profile.empty()) s += "--profile " + t.profile + " ";
  return s + "gateway " + toString(action);
}

std::string oneLine(std::string text) {
  for (auto& c : text) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  while (!text.empty() && text.back() == ' ') text.pop_back();
  if (text.size() > kMaxDetail) text = text.substr(0, kMaxDetail) + "...";
  return text;
}

std::string formatSeconds(std::chrono::milliseconds ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f s", static_cast<double>(ms.count()) / 1000.0);
  return buf;
}

DisruptiveContext::DisruptiveContext(DisruptiveDeps& deps, const DisruptiveOptions& options)
    : deps_(deps), options_(options), begin_(std::chrono::steady_clock::now()) {}

std::chrono::milliseconds DisruptiveContext::elapsed() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - begin_);
}

void DisruptiveContext::say(const std::string& text) {
  if (!deps_.progress) return;
  char prefix[32];
  std::snprintf(prefix, sizeof prefix, "[%5.1fs] ", static_cast<double>(elapsed().count()) / 1000.0);
  deps_.progress(prefix + text);
}

int DisruptiveContext::interrupted() const { return deps_.interrupt ? deps_.interrupt->load() : 0; }

GatewayObservation DisruptiveContext::observe(const Gateway& g) {
  return observeGateway(deps_.services, deps_.probe ? *deps_.probe : http_, g.address(), options_.httpTimeout);
}

bool DisruptiveContext::isDown(const Gateway& g) {
  return gatewayIsDown(deps_.services, deps_.probe ? *deps_.probe : http_, g.address());
}

PollEnd DisruptiveContext::waitUntil(const std::function<bool()>& condition, std::chrono::milliseconds timeout,
                                     bool honourInterrupt) {
  PollOptions poll{.interval = options_.pollInterval};
  if (honourInterrupt) poll.interrupted = [this] { return interrupted() != 0; };
  return pollFor(timeout, condition, poll);
}

std::string DisruptiveContext::journalKeptNote() const {
  return "the restore journal is kept at " + options_.journalPath.string() +
         "; once the cause is fixed, `verify-host recover` restores and removes it";
}

}  // namespace harness::disruptive
