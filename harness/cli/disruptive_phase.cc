#include "harness/cli/disruptive_phase.h"

#include <signal.h>

#include <filesystem>
#include <string>

#include "harness/checks/check_result.h"
#include "harness/disruptive/restore_journal.h"

namespace harness {
namespace {

std::atomic<int> gSignal{0};
struct sigaction gPrevious[3];
constexpr int kSignals[3] = {SIGINT, SIGTERM, SIGHUP};

extern "C" void recordSignal(int signal) { gSignal.store(signal); }

}  // namespace

ScopedSignalFlag::ScopedSignalFlag() {
  gSignal.store(0);
  struct sigaction sa {};
  sa.sa_handler = recordSignal;
  sigemptyset(&sa.sa_mask);
  for (int i = 0; i < 3; ++i) ::sigaction(kSignals[i], &sa, &gPrevious[i]);
}

ScopedSignalFlag::~ScopedSignalFlag() {
  for (int i = 0; i < 3; ++i) ::sigaction(kSignals[i], &gPrevious[i], nullptr);
}

const std::atomic<int>* ScopedSignalFlag::flag() const { return &gSignal; }
int ScopedSignalFlag::signal() const { return gSignal.load(); }

Result<DisruptiveOptions> disruptiveOptions(const RunContext& ctx, const VerifyHostOptions& options,
                                            std::chrono::milliseconds defaultHold) {
  auto journal = defaultRestoreJournalPath(ctx.env);
  if (!journal) return journal.error();
  DisruptiveOptions o;
  o.journalPath = *journal;
  o.hold = options.holdSeconds ? std::chrono::milliseconds(static_cast<long long>(*options.holdSeconds * 1000))
                               : defaultHold;
  return o;
}

DisruptiveDeps disruptiveDeps(RunContext& ctx, const std::atomic<int>* interrupt, std::ostream& err) {
  DisruptiveDeps deps{*ctx.services};
  deps.openclaw = ctx.openclaw.cli;
  deps.spec = ctx.spec();
  deps.interrupt = interrupt;
  deps.progress = [&err](const std::string& line) { err << line << "\n" << std::flush; };
  deps.probe = ctx.sources.gatewayProbe;
  return deps;
}

std::optional<CheckResult> restorePendingJournal(RunContext& ctx, std::ostream& err) {
  auto options = disruptiveOptions(ctx, VerifyHostOptions{});
  if (!options || !std::filesystem::exists(options->journalPath)) return std::nullopt;
  err << "verify-host: a restore journal from an interrupted disruptive run exists (" << options->journalPath.string()
      << "); restoring first\n";
  DisruptiveDeps deps = disruptiveDeps(ctx, nullptr, err);
  return recoverFromJournal(deps, *options);
}

std::vector<CheckResult> runDisruptivePhase(RunContext& ctx, const VerifyHostOptions& options,
                                            const std::atomic<int>* interrupt, std::ostream& err,
                                            std::chrono::milliseconds defaultHold) {
  auto o = disruptiveOptions(ctx, options, defaultHold);
  if (!o) {
    CheckInfo info{kDisruptivePreconditions, "Disruptive", {"G1", "G2"}};
    return {
        failed(info, "no place for the restore journal: " + o.error().describe(), {}, "set HOME or XDG_STATE_HOME")};
  }
  DisruptiveDeps deps = disruptiveDeps(ctx, interrupt, err);
  if (ctx.expected.rescue.expected) {
    deps.rescueDiscordLogin =
        makeLogDiscordLoginProbe(*ctx.services, ctx.spec().rescue, ctx.expected.rescue.id, ctx.expected.rescue.name);
  }
  return runDisruptiveCheck(deps, *o);
}

}  // namespace harness
