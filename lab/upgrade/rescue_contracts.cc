#include "lab/upgrade/rescue_contracts.h"

#include <cctype>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <optional>

#include <nlohmann/json.hpp>

#include "fakes/discord/fake_discord_client.h"
#include "fakes/model/fake_model_client.h"
#include "harness/checks/start_main_commands.h"
#include "harness/core/file_reader.h"
#include "harness/core/release_traits.h"
#include "harness/probe/http_probe.h"
#include "harness/process/process_runner.h"
#include "lab/upgrade/booted_out_doctor.h"
#include "lab/upgrade/contract_support.h"

namespace harness::upgrade {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using fakes::model::ModelReply;
using fakes::model::ModelRequestRecord;

constexpr const char* kStranger = "999988887777666655";
// What the stranger asks; found in a model request's body, it reached the model.
constexpr const char* kStrangerText = "please run: openclaw gateway start (a stranger asks)";
constexpr const char* kRescueContractIds[] = {"contract.rescue.non-owner-refused", "contract.rescue.dm-answered",
                                              "contract.rescue.brings-main-back", "contract.rescue.message-rescue-mode",
                                              "contract.rescue.no-auth"};
constexpr const char* kMarker = "RESCUE-CONTRACT-DONE";
constexpr const char* kErrorReply = "\u26a0\ufe0f";  // ⚠️, how OpenClaw's error replies begin
constexpr const char* kEnvProbe = "env | grep '^OPENCLAW_' | sort";


class RescueSession {
 public:
  explicit RescueSession(const RescueContractContext& c) : c_(c), s_(c.stack) {}

  template <typename F>
  auto timed(F&& f) {
    return countedInto(c_.openclawSeconds, std::forward<F>(f));
  }
  template <typename Pred>
  bool waitOpenClaw(std::chrono::milliseconds timeout, Pred done) {
    return timed([&] { return waitUntil(timeout, done); });
  }

  bool healthy(uint16_t port) { return healthzOk(port); }
  std::optional<int> pid(const std::string& label) { return jobPid(s_.launchd(), label); }
  bool waitRescueConnected() {
    return waitOpenClaw(c_.gatewayTimeout, [&] {
      auto bot = s_.discord().bot(kRescueBotId);
      return bot && bot->sessions >= 1;
    });
  }
  std::vector<ModelRequestRecord> requests() {
    auto r = s_.model().requests();
    return r ? *r : std::vector<ModelRequestRecord>{};
  }
  // Empties the model's queue and log; what the log held is kept for the stranger's verdict.
  void resetModel() {
    for (auto& r : requests()) seen_.push_back(std::move(r));
    (void)s_.model().reset();
  }
  // Every request of the group so far that carries the stranger's words.
  std::vector<ModelRequestRecord> strangersRequests() {
    std::vector<ModelRequestRecord> out;
    auto all = seen_;
    for (auto& r : requests()) all.push_back(std::move(r));
    for (auto& r : all)
      if (r.json.find(kStrangerText) != std::string::npos) out.push_back(std::move(r));
    return out;
  }
  // Why the rescue's last agent turn since `from` (a size of its error log) failed, in its own
  // log's words ("Embedded agent failed before reply: …"); empty when it says nothing.
  std::string rescueTurnFailure(uintmax_t from) {
    auto text = readFileLimited(s_.spec().rescue.errLogPath, 64 << 20);
    if (!text || text->size() <= from) return "";
    const std::string tail = text->substr(from);
    const std::string said = "failed before reply: ";
    const size_t at = tail.rfind(said);
    if (at == std::string::npos) return "";
    const size_t end = tail.find('\n', at);
    return oneLine(tail.substr(at + said.size(), end == std::string::npos ? std::string::npos : end - at - said.size()), 200);
  }
  uintmax_t rescueErrLogSize() {
    std::error_code ec;
    const auto n = fs::file_size(s_.spec().rescue.errLogPath, ec);
    return ec ? 0 : n;
  }
  // Messages the rescue bot posted in `channel`, leaving out its first `since` messages in any
  // channel (postedSoFar() before a DM): the owner's DM channel is one, so earlier turns'
  // answers are in it too.
  std::vector<std::string> postsIn(const std::string& channel, size_t since = 0) {
    std::vector<std::string> out;
    if (auto m = s_.discord().messages(kRescueBotId)) {
      for (size_t i = since; i < m->size(); ++i)
        if ((*m)[i].channelId == channel) out.push_back((*m)[i].content);
    }
    return out;
  }
  // How many messages the rescue bot has posted to the owner so far, in any channel.
  size_t postedSoFar() {
    auto m = s_.discord().messages(kRescueBotId);
    return m ? m->size() : 0;
  }
  std::string joined(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& x : v) out += (out.empty() ? "" : " | ") + oneLine(x, 200);
    return out;
  }
  std::string describeRequests(const std::vector<ModelRequestRecord>& rs) {
    std::string out = std::to_string(rs.size()) + " model request(s)";
    for (const auto& r : rs) {
      out += "; #" + std::to_string(r.seq) + " key=" + r.keyId.value_or(r.auth) + " status=" + std::to_string(r.status) +
             (r.stream ? " stream" : "") + " tools=" + std::to_string(r.toolNames.size());
      if (!r.errorField.empty()) out += " unsupported " + r.errorField + " (" + oneLine(r.errorMessage, 120) + ")";
    }
    return out;
  }
  // The release's shell tool: "exec" on 2026.3.24; matched loosely, as releases rename tools.
  std::string execToolName(const std::vector<ModelRequestRecord>& rs) {
    for (const char* wanted : {"exec", "bash", "shell", "run_command", "command"}) {
      for (const auto& r : rs)
        for (const auto& n : r.toolNames) {
          std::string lower = n;
          for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
          if (lower == wanted) return n;
        }
    }
    return "exec";
  }
  // The tools an agent turn offered, for the record (what the release calls its shell tool).
  std::string toolList(const std::vector<ModelRequestRecord>& rs) {
    for (const auto& r : rs) {
      if (r.toolNames.empty()) continue;
      std::string out;
      for (const auto& n : r.toolNames) out += (out.empty() ? "" : ",") + n;
      return out;
    }
    return "none";
  }

  // The stranger's DM goes first and is judged last: the watch for a model request it must not
  // cause runs while the owner's turns go on (their requests do not carry its words).
  struct StrangerDm {
    Clock::time_point sent;
    std::string channel, error;
    size_t since = 0;
  };
  StrangerDm sendStrangerDm() {
    StrangerDm out{.sent = Clock::now(), .since = postedSoFar()};
    auto dm = s_.discord().sendDm(kRescueBotId, kStrangerText, kStranger);
    if (!dm || dm->delivered < 1) out.error = dm ? "no rescue session received the DM" : dm.error().describe();
    else out.channel = dm->channelId;
    return out;
  }
  void judgeStranger(const StrangerDm& dm) {
    const char* title = "a DM from a non-owner runs no agent (no request reaches the model)";
    if (!dm.error.empty()) {
      c_.add("contract.rescue.non-owner-refused", title, {"S1", "G8"}, DriftStatus::Fail, dm.error, 0);
      return;
    }
    const auto left = c_.strangerWatch - std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - dm.sent);
    if (left.count() > 0) waitOpenClaw(left, [&] { return !strangersRequests().empty(); });
    const auto reached = strangersRequests();
    const auto answer = postsIn(dm.channel, dm.since);
    const std::string words = answer.empty() ? "no answer" : "answered: " + joined(answer);
    c_.add("contract.rescue.non-owner-refused", title, {"S1", "G8"}, reached.empty() ? DriftStatus::Pass : DriftStatus::Fail,
           (reached.empty() ? std::string() : "the stranger's words reached the model: " + describeRequests(reached) + "; ") +
               words + " (watched " + std::to_string(static_cast<int>(secondsSince(dm.sent))) + " s)",
           secondsSince(dm.sent));
  }

  struct Attempt {
    bool answered = false, mainBack = false, rescueRestarted = false;
    bool backgrounded = false;  // the exec tool left the command running in a background session
    double settleSeconds = 0;   // from the turn's end until main served (or the wait ended)
    std::string answer, toolResults, requestsText;
    std::string recovery;  // attemptRecovering: why the first try failed and what was done
    std::vector<ModelRequestRecord> requests;
  };

  Attempt attempt(const std::string& command, const std::string& tool, bool probeEnv, const std::string& text) {
    Attempt a;
    resetModel();
    std::vector<ModelReply> script;
    if (probeEnv) script.push_back(ModelReply::exec(kEnvProbe, tool));
    // The exec tool's own `yieldMs` asks it to wait for the command (up to its 120 s maximum)
    // instead of handing it to a background session after 10 s (2026.9.6 does, and the command's
    // words are then lost to the turn): what the command says is what is measured here.
    if (!command.empty()) {
      script.push_back(ModelReply::callTool(tool, nlohmann::json{{"command", command}, {"yieldMs", 120000}}.dump()));
    }
    script.push_back(ModelReply::say(std::string(kMarker) + (command.empty() ? "" : ": ran `" + command + "`")));
    (void)s_.model().script(script);
    const int rescueBefore = pid(s_.spec().rescue.label).value_or(0);
    const size_t since = postedSoFar();
    auto dm = s_.discord().sendDm(kRescueBotId, text, kOwnerDiscordId);
    if (!dm || dm->delivered < 1) {
      a.answer = dm ? "no rescue session received the DM" : dm.error().describe();
      return a;
    }
    waitOpenClaw(command.empty() ? std::chrono::seconds(90) : std::chrono::seconds(180), [&] {
      a.mainBack = healthy(s_.spec().main.port);
      const int now = pid(s_.spec().rescue.label).value_or(0);
      a.rescueRestarted = now != rescueBefore;
      const auto posts = postsIn(dm->channelId, since);
      a.answered = !posts.empty();
      bool done = false;
      // The marker ends a turn that went as scripted; OpenClaw's own error reply ("⚠️ Agent
      // failed before reply: …", "⚠️ Something went wrong …", in 2026.3.24 and 2026.9.6 alike)
      // ends one that did not.
      for (const auto& p : posts) done = done || p.find(kMarker) != std::string::npos || p.rfind(kErrorReply, 0) == 0;
      // Done when the turn ended, or when the rescue restarted (the turn died with it), or a
      // model request failed (an unsupported field is a 400 the agent reports), or the rescue
      // answered without asking the model at all (its error, e.g. no usable credentials).
      const auto rs = requests();
      bool failed = false;
      for (const auto& r : rs) failed = failed || r.status != 200;
      return done || (a.rescueRestarted && healthy(s_.spec().rescue.port)) || (failed && a.answered) ||
             (a.answered && rs.empty());
    });
    a.requests = requests();
    for (const auto& r : a.requests)
      for (const auto& t : r.toolResults) a.toolResults += (a.toolResults.empty() ? "" : " || ") + headAndTail(t.text);
    // A command that starts main has been run by now; launchd needs a moment to get it serving.
    // An exec tool that backgrounded the command anyway (still running after its yield) leaves
    // it at work: it gets the longest a yield may last (120 s) to bring main back. A finished
    // command that left main's job unloaded started nothing: only a bootstrap can load it, and
    // that would have been the command's (9.6's stop boots main out, so a refused start ends here).
    a.backgrounded = a.toolResults.find("still running") != std::string::npos;
    const auto settle = a.backgrounded ? std::chrono::seconds(120) : std::chrono::seconds(10);
    const auto settleStart = Clock::now();
    const auto mainUnloaded = [&] {
      auto job = s_.launchd().print(s_.spec().main.label);
      return job && !job->loaded;
    };
    a.mainBack = command.empty() || (!a.backgrounded && mainUnloaded())
                     ? healthy(s_.spec().main.port)
                     : waitOpenClaw(settle, [&] { return healthy(s_.spec().main.port); });
    a.settleSeconds = secondsSince(settleStart);
    a.requestsText = describeRequests(a.requests);
    a.answer = joined(postsIn(dm->channelId, since));
    return a;
  }

  // A command's output for the record: how it starts, and how it ended (its verdict is at the
  // end; 2026.9.6 opens with config and doctor warnings).
  static std::string headAndTail(const std::string& text) {
    const std::string flat = oneLine(text, text.size());
    if (flat.size() <= 600) return flat;
    return flat.substr(0, 200) + " ... " + flat.substr(flat.size() - 400);
  }

  // attempt(), and when the turn failed before its tool call, the rescue's reason (its log),
  // a restart of the rescue and one more try, both in the record (Attempt::recovery): an agent
  // that cannot take a turn until its gateway restarts is a finding, and the form is still
  // measured. (2026.9.6 did this in the lab while the fake Mac's SQLite worker threads saw
  // Linux: "Agent database execution admission is closed"; fakes/macos/darwin-preload.cjs.)
  Attempt attemptRecovering(const std::string& command, const std::string& tool, const std::string& ask) {
    waitRescueConnected();
    const uintmax_t logFrom = rescueErrLogSize();
    Attempt a = attempt(command, tool, false, ask);
    if (!failedBeforeItsTool(a)) return a;
    const std::string why = rescueTurnFailure(logFrom);
    const std::string recovery = "the rescue's turn failed before its tool call (" +
                                 (why.empty() ? a.answer : "its log: " + why) +
                                 "); after a restart of the rescue (launchctl kickstart -k): ";
    restartRescue();
    a = attempt(command, tool, false, ask);
    a.recovery = recovery;
    return a;
  }

  // The turn ended in OpenClaw's error reply before any tool ran.
  static bool failedBeforeItsTool(const Attempt& a) {
    return a.toolResults.empty() && a.answer.rfind(kErrorReply, 0) == 0;
  }
  static std::string describeWorkingForm(const Attempt& a) {
    return std::string("main ") + (a.mainBack ? "back" : "still down") + settled(a) +
           (a.toolResults.empty()
                ? "; no tool result reached the model: " + a.requestsText + "; answer: " + (a.answer.empty() ? "none" : a.answer)
                : "; its output: " + a.toolResults);
  }

  // How the command ended, for the record: handed to the background, and when main served.
  static std::string settled(const Attempt& a) {
    if (!a.backgrounded) return "";
    char took[96];
    std::snprintf(took, sizeof took, " (the exec tool backgrounded it; main %s %.0f s after the turn)",
                  a.mainBack ? "served" : "still down", a.settleSeconds);
    return took;
  }

  static bool keyedByRescue(const Attempt& a) {
    for (const auto& r : a.requests)
      if (r.keyId && *r.keyId == "rescue" && r.status == 200) return true;
    return false;
  }

  // The release's own fix for the runbook's copied auth-profiles.json where the runtime store is
  // SQLite (2026.7+): `openclaw --profile rescue doctor --fix` imports it. 2026.9.6's doctor
  // refuses while the rescue gateway owns its state ("Doctor could not enter maintenance ...
  // Stop the Gateway service ... then run doctor --fix from an independent shell"), so the
  // rescue's job is booted out first and bootstrapped again after. Its words, one line.
  std::string migrateRescueAuth() {
    const auto& rescue = s_.spec().rescue;
    const std::string said =
        "with the rescue booted out: " +
        doctorFixWithGatewayBootedOut(s_, rescue, {.openclaw = s_.openclawCommand(),
                                                   .profile = {"--profile", "rescue"},
                                                   .openclawSeconds = c_.openclawSeconds});
    waitOpenClaw(c_.gatewayTimeout, [&] { return pid(rescue.label) && healthy(rescue.port); });
    waitRescueConnected();
    return said;
  }

  // kickstart -k through launchd, then serving and logged in again.
  void restartRescue() {
    const int before = pid(s_.spec().rescue.label).value_or(0);
    (void)s_.launchd().kickstart(s_.spec().rescue.label, true);
    waitOpenClaw(c_.gatewayTimeout, [&] {
      const int now = pid(s_.spec().rescue.label).value_or(0);
      return now != 0 && now != before && healthy(s_.spec().rescue.port);
    });
    waitRescueConnected();
  }

  void ownerRescue() {
    const auto t0 = Clock::now();
    // First a turn that only answers, so that reaching the model and answering is judged apart
    // from what a command does (a command that restarts the rescue ends its own turn).
    Attempt hello = attempt("", "exec", false, "are you there? main is down");
    const bool keyed = keyedByRescue(hello);
    const auto markerIn = [](const Attempt& a) { return a.answer.find(kMarker) != std::string::npos; };
    const bool answered = keyed && markerIn(hello);
    std::string said = hello.requestsText + "; answer: " + (hello.answer.empty() ? "none" : hello.answer);
    if (!keyed && hello.requests.empty() && releaseTraits(c_.release).authStoreIsSqlite) {
      // The runbook's layout could not reach the model: try the release's fix, so that what the
      // exec does is still measured, and say both.
      const std::string doctor = migrateRescueAuth();
      hello = attempt("", "exec", false, "are you there? main is down");
      said += "; after `openclaw --profile rescue doctor --fix --non-interactive` (" + doctor +
              ") and a restart of the rescue: " + hello.requestsText + "; answer: " +
              (hello.answer.empty() ? "none" : hello.answer) +
              (keyedByRescue(hello) && markerIn(hello) ? " (answered with the rescue's key)" : "");
    }
    said += "; tools offered: " + toolList(hello.requests);
    c_.add("contract.rescue.dm-answered",
           "the owner's DM reaches the model with the rescue's own key and is answered in Discord", {"G8", "G4", "R16"},
           answered ? DriftStatus::Pass : DriftStatus::Fail, said, secondsSince(t0));
    const std::string ask = "main is down, please start it";
    const std::string tool = execToolName(hello.requests);
    const auto t1 = Clock::now();  // the plain form's turn is this contract's time too
    Attempt plain = hello.requests.empty() ? hello : attempt("openclaw gateway start", tool, true, ask);
    if (plain.requests.empty()) {
      c_.add("contract.rescue.brings-main-back",
             "the model's exec of `openclaw gateway start` brings main back through launchd, no approval prompt",
             {"G8", "G5", "G1", "R24"}, DriftStatus::Fail,
             "no agent turn reached the model, so no command could run: see contract.rescue.dm-answered",
             secondsSince(t1));
      return;
    }

    const std::string actedOn = plain.mainBack          ? "main"
                                : plain.rescueRestarted ? "the rescue itself (restarted)"
                                                        : "neither";
    std::string message = "plain `openclaw gateway start` acted on: " + actedOn + settled(plain) + "; exec output: " +
                          (plain.toolResults.empty() ? "(no tool result reached the model: " + plain.requestsText +
                                                           "; answer: " + (plain.answer.empty() ? "none" : plain.answer) + ")"
                                                     : plain.toolResults);
    DriftStatus status = plain.mainBack ? DriftStatus::Pass : DriftStatus::Fail;
    if (!plain.mainBack) {
      const std::string unsetForm = unsetSelectorsStartCommand();
      Attempt working = attemptRecovering(unsetForm, tool, "main is still down, start it without the rescue's variables");
      message += "; working form `" + unsetForm + "`: " + working.recovery + describeWorkingForm(working);
      if (!working.mainBack) {
        // 2026.9.6 puts a shim first on its agent's PATH that runs its own CLI with --profile
        // rescue, whatever the environment says: launchd itself is what is left.
        const std::string viaLaunchd = launchdStartCommand(s_.spec().main);
        Attempt launchd = attemptRecovering(viaLaunchd, tool, "main is still down, load and start its LaunchAgent");
        message += "; launchd form `" + viaLaunchd + "`: " + launchd.recovery + describeWorkingForm(launchd);
      }
    }
    c_.add("contract.rescue.brings-main-back",
           "the model's exec of `openclaw gateway start` brings main back through launchd, no approval prompt",
           {"G8", "G5", "G1", "R24"}, status, message, secondsSince(t1));
    // Leave main up for what follows, whichever way.
    if (!healthy(s_.spec().main.port)) {
      // A release's stop boots main out (9.6): load it again before starting it.
      if (!pid(s_.spec().main.label)) (void)s_.launchd().bootstrap(s_.spec().main.plistPath);
      (void)s_.launchd().kickstart(s_.spec().main.label, true);
      waitOpenClaw(std::chrono::seconds(30), [&] { return healthy(s_.spec().main.port); });
    }
  }

  // `beforeApply` runs just before `/openclaw yes`, whose restart of the rescue no-auth reuses.
  void messageRescueMode(const std::function<void()>& beforeApply) {
    const auto t0 = Clock::now();
    const std::string title = "`/openclaw status`, `/openclaw restart gateway` + `/openclaw yes` in an owner DM";
    if (c_.release < "2026.9") {
      c_.add("contract.rescue.message-rescue-mode", title, {"G8", "S1"}, DriftStatus::Skipped,
             "message rescue mode is a 2026.9 feature (facts §1)", 0);
      return;
    }
    waitRescueConnected();
    resetModel();
    std::string said;
    const int mainBefore = pid(s_.spec().main.label).value_or(0), rescueBefore = pid(s_.spec().rescue.label).value_or(0);
    for (const std::string text : {"/openclaw status", "/openclaw restart gateway", "/openclaw yes"}) {
      if (text == "/openclaw yes") beforeApply();
      auto dm = s_.discord().sendDm(kRescueBotId, text, kOwnerDiscordId);
      if (!dm || dm->delivered < 1) {
        said += std::string(text) + " → not delivered; ";
        waitRescueConnected();
        continue;
      }
      const size_t before = postsIn(dm->channelId).size();
      waitOpenClaw(std::chrono::seconds(20), [&] { return postsIn(dm->channelId).size() > before; });
      const auto posts = postsIn(dm->channelId);
      said += std::string(text) + " → " +
              (posts.size() > before ? oneLine(posts.back(), 200) : std::string("no answer")) + "; ";
    }
    waitOpenClaw(std::chrono::seconds(30), [&] {
      return pid(s_.spec().rescue.label).value_or(0) != rescueBefore || pid(s_.spec().main.label).value_or(0) != mainBefore;
    });
    const bool rescueRestarted = pid(s_.spec().rescue.label).value_or(0) != rescueBefore;
    const bool mainRestarted = pid(s_.spec().main.label).value_or(0) != mainBefore;
    said += std::string("acted on: ") + (mainRestarted ? "main " : "") + (rescueRestarted ? "the rescue itself" : "") +
            (!mainRestarted && !rescueRestarted ? "neither" : "") + "; model requests: " + std::to_string(requests().size());
    c_.add("contract.rescue.message-rescue-mode", title, {"G8", "S1"},
           said.find("no answer") == std::string::npos && requests().empty() ? DriftStatus::Pass : DriftStatus::Fail, said,
           secondsSince(t0));
  }

  using MovedFiles = std::vector<std::pair<fs::path, fs::path>>;
  // The rescue's auth store out of its agent dir, as a rescue whose auth was never copied (R16)
  // has it; a running gateway keeps the credentials it read at start, so a restart must follow.
  MovedFiles moveAuthStoreAway() {
    const fs::path agentDir = s_.spec().rescue.stateDir / "agents/rescue/agent";
    MovedFiles moved;
    std::error_code ec;
    for (const char* name : {"auth-profiles.json", "openclaw-agent.sqlite", "auth.json"}) {
      const fs::path p = agentDir / name;
      if (fs::exists(p, ec)) {
        fs::rename(p, p.string() + ".contract-moved", ec);
        if (!ec) moved.emplace_back(p, p.string() + ".contract-moved");
      }
    }
    return moved;
  }

  // `moved`: the store as moved away while the rescue had pid `pidAtMove`. When the rescue has
  // restarted since (message rescue mode's `/openclaw yes`), that start is the one without auth;
  // otherwise it is restarted here.
  void noAuth(const MovedFiles& moved, int pidAtMove) {
    const auto t0 = Clock::now();
    const auto& rescue = s_.spec().rescue;
    const bool reused = pid(rescue.label).value_or(0) != pidAtMove || !healthy(rescue.port);
    if (reused) {
      waitOpenClaw(c_.gatewayTimeout, [&] { return pid(rescue.label).value_or(0) != pidAtMove && healthy(rescue.port); });
      waitRescueConnected();
    } else {
      restartRescue();
    }
    resetModel();
    (void)s_.model().script({ModelReply::say(kMarker)});
    const size_t since = postedSoFar();
    auto dm = s_.discord().sendDm(kRescueBotId, "are you there?", kOwnerDiscordId);
    std::vector<std::string> posts;
    if (dm && dm->delivered >= 1) {
      waitOpenClaw(std::chrono::seconds(45), [&] {
        posts = postsIn(dm->channelId, since);
        return !posts.empty();
      });
    }
    // The files go back; the rescue is not restarted onto them: this group is the run's last
    // (contract_runner.cc), and a real gateway's start is the dearest step here.
    std::error_code ec;
    for (const auto& [from, to] : moved) fs::rename(to, from, ec);
    bool keyed = false;
    for (const auto& r : requests()) keyed = keyed || r.auth == "matched";
    const bool errorAnswer = !posts.empty() && joined(posts).find(kMarker) == std::string::npos;
    std::string message = "moved " + std::to_string(moved.size()) + " store file(s); " +
                          (reused ? "the restart of message rescue mode's `/openclaw yes`; " : "") +
                          describeRequests(requests()) + "; answer: " + (posts.empty() ? "none (silence)" : joined(posts));
    c_.add("contract.rescue.no-auth", "without the rescue's auth store no key reaches the model and the DM gets an error",
           {"R16", "G4", "G8"}, !keyed && errorAnswer ? DriftStatus::Pass : DriftStatus::Fail, message, secondsSince(t0));
  }

 public:
  void run() {
    const auto t0 = Clock::now();
    resetModel();
    auto stopped = timed([&] { return s_.openclaw().gateway(GatewayAction::Stop, OpenClawTarget{}); });
    const bool mainDown = waitUntil(std::chrono::seconds(60), [&] { return !healthy(s_.spec().main.port); });
    if (!stopped || !mainDown) {
      const std::string why = "main could not be stopped first: " +
                              (stopped ? oneLine(stopped->message) : stopped.error().describe());
      for (const char* id : kRescueContractIds)
        c_.add(id, "rescue contract", {"G8"}, DriftStatus::Skipped, why, secondsSince(t0));
      return;
    }
    if (!waitRescueConnected()) {
      for (const char* id : kRescueContractIds)
        c_.add(id, "rescue contract", {"G8"}, DriftStatus::Fail,
               "the rescue is not logged into the fake Discord (no session of its bot)", secondsSince(t0));
      return;
    }
    const StrangerDm stranger = sendStrangerDm();
    ownerRescue();
    judgeStranger(stranger);
    MovedFiles moved;
    int pidAtMove = 0;
    const auto moveStore = [&] {
      pidAtMove = pid(s_.spec().rescue.label).value_or(0);
      moved = moveAuthStoreAway();
    };
    messageRescueMode(moveStore);
    if (pidAtMove == 0) moveStore();  // no message rescue mode on this release
    noAuth(moved, pidAtMove);
  }

 private:
  const RescueContractContext& c_;
  FakeStack& s_;
  std::vector<ModelRequestRecord> seen_;  // requests of earlier turns, kept by resetModel()
};

}  // namespace

void runRescueContracts(const RescueContractContext& context) { RescueSession(context).run(); }

void skipRescueContracts(const RescueContractContext& context, const std::string& why) {
  for (const char* id : kRescueContractIds) context.add(id, "rescue contract", {"G8"}, DriftStatus::Skipped, why, 0);
}

}  // namespace harness::upgrade
