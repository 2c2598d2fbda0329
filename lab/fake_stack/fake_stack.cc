#include "lab/fake_stack/fake_stack.h"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "fakes/discord/fake_discord_process.h"
#include "fakes/model/fake_model_process.h"
#include "harness/platform/platform.h"
#include "harness/core/deadline_scale.h"
#include "harness/core/file_reader.h"
#include "harness/launchd/launchctl_service_manager.h"
#include "harness/openclaw/process_openclaw_cli.h"
#include "harness/plist/plist_reader.h"
#include "harness/probe/free_port.h"
#include "harness/probe/http_probe.h"
#include "harness/process/process_runner.h"

#ifndef HARNESS_BUILD_DIR
#define HARNESS_BUILD_DIR ""
#endif

namespace harness {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr std::chrono::milliseconds kStepTimeout{30'000};
// A real release's CLI call (`doctor --fix` takes 1-2 min idle); HARNESS_TIMEOUT_SCALE
// stretches it on a loaded machine.
const std::chrono::milliseconds kRealCliTimeout = scaled(std::chrono::milliseconds(180'000));

std::string tail(const fs::path& file, size_t maxBytes = 6000) {
  auto text = readFileLimited(file, 16 << 20);
  if (!text) return "(" + text.error().describe() + ")\n";
  if (text->empty()) return "(empty)\n";
  if (text->size() > maxBytes) return "...\n" + text->substr(text->size() - maxBytes);
  return *text;
}

std::optional<pid_t> readPid(const fs::path& file) {
  auto text = readFileLimited(file, 64);
  if (!text) return std::nullopt;
  try {
    long pid = std::stol(*text);
    if (pid > 1) return static_cast<pid_t>(pid);
  } catch (...) {
  }
  return std::nullopt;
}

// The supervisor double-forks; as its subreaper we wait for it so no zombie is left.
void reapBounded(pid_t pid) {
  const auto deadline = std::chrono::steady_clock::now() + kStepTimeout;
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid || (r < 0 && errno == ECHILD) || ::kill(pid, 0) != 0) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

uint16_t configPort(const json& config, uint16_t fallback) {
  auto gw = config.find("gateway");
  if (gw == config.end() || !gw->is_object()) return fallback;
  auto p = gw->find("port");
  return p != gw->end() && p->is_number_integer() ? p->get<uint16_t>() : fallback;
}

}  // namespace

Result<FakeStackBinaries> FakeStackBinaries::locate(const std::optional<fs::path>& buildDir) {
  fs::path dir;
  if (buildDir) dir = *buildDir;
  else if (const char* env = std::getenv("HARNESS_BUILD_DIR"); env && *env) dir = env;
  else dir = HARNESS_BUILD_DIR;
  FakeStackBinaries b{dir / "fakes/launchd/fake-launchd", dir / "fakes/bin/openclaw", dir / "fakes/bin/fake-discord",
                      dir / "fakes/macos/bin/fake-macos", dir / "fakes/bin/fake-model"};
  for (const auto& p : {b.fakeLaunchd, b.fakeOpenclaw, b.fakeDiscord, dir / "fakes/bin/fake-openclaw-gateway", b.fakeModel}) {
    if (::access(p.c_str(), X_OK) != 0) {
      return Error{ErrorCode::NotFound, "fake not built (cmake --build the harness first, or pass the build dir)",
                   p.string()};
    }
  }
  return b;
}

FakeStack::FakeStack(FakeStackBinaries binaries, FakeStackOptions options)
    : binaries_(std::move(binaries)), options_(std::move(options)) {
  home_ = options_.dir / "home";
  root_ = options_.dir / "launchd";
  discordDir_ = options_.dir / "discord";
  binDir_ = options_.dir / "bin";
  secrets_ = {kCanaryMainDiscordToken, kCanaryRescueDiscordToken, kCanaryMainGatewayToken, kCanaryRescueGatewayToken,
              kCanaryAnthropicKey, kCanaryRescueAnthropicKey};
  for (const auto& s : secrets_) redactor_.addSecret(s);
}

Result<std::unique_ptr<FakeStack>> FakeStack::start(const FakeStackBinaries& binaries, const FakeStackOptions& options) {
  if (options.dir.empty()) return Error{ErrorCode::InvalidInput, "no directory for the fake stack", ""};
  if (options.realOpenClaw && ::access(binaries.fakeMacos.c_str(), X_OK) != 0) {
    return Error{ErrorCode::NotFound, "fake-macos not built (needed to run a real OpenClaw release)",
                 binaries.fakeMacos.string()};
  }
  // The fake launchd supervisor double-forks away from us; as subreaper this process can
  // still reap it and the jobs' orphans (some CI pid 1s do not).
  platform::becomeChildSubreaper();
  std::unique_ptr<FakeStack> stack(new FakeStack(binaries, options));
  std::error_code ec;
  fs::create_directories(stack->discordDir_, ec);
  if (ec) return Error{ErrorCode::Io, ec.message(), stack->discordDir_.string()};
  try {
    stack->ports_.main = pickFreePortRange(120);
    stack->ports_.rescue = pickFreePortRange(120, {stack->ports_.main});
  } catch (const std::exception& e) {
    return Error{ErrorCode::Io, e.what(), "free ports"};
  }
  for (auto step : {&FakeStack::startDiscord, &FakeStack::startModel, &FakeStack::layOutHome, &FakeStack::startLaunchd,
                    &FakeStack::installMainWithRelease, &FakeStack::loadAgents}) {
    if (auto s = (stack.get()->*step)(); !s) return s.error();
  }
  return stack;
}

FakeStack::~FakeStack() { shutdown(); }

std::map<std::string, std::string> FakeStack::environment() const {
  std::map<std::string, std::string> env = {
      {"HOME", home_.string()},
      {"PATH", (root_ / "bin").string() + ":" + openclawCommand().parent_path().string() + ":/usr/bin:/bin"},
      {"LANG", "C"},
      {"OPENCLAW_FAKE_RELEASE", options_.release}};
  if (options_.realOpenClaw) {
    // A real release writes its JSON log under the temporary directory (/tmp/openclaw on
    // 2026.3.24): keep it inside the stack.
    env["TMPDIR"] = (options_.dir / "tmp").string();
    env["NO_COLOR"] = "1";
    for (const auto& [k, v] : options_.realOpenClaw->registryEnvironment) env.emplace(k, v);
  }
  return env;
}

fs::path FakeStack::openclawCommand() const {
  return options_.realOpenClaw ? binDir_ / "openclaw" : binaries_.fakeOpenclaw;
}

json FakeStack::gatewayProgram(const std::string& profile, uint16_t port) const {
  const RealGateways real = options_.realOpenClaw ? options_.realOpenClaw->realGateways : RealGateways::None;
  if (real == RealGateways::Both || (real == RealGateways::Rescue && !profile.empty())) {
    // The node shim fake-macos puts in the namespace loads the darwin preload whatever the
    // job's environment says (fakes/macos/README.md).
    std::error_code ec;
    fs::path entry = fs::canonical(options_.realOpenClaw->openclaw, ec);
    if (ec) entry = options_.realOpenClaw->openclaw;
    return gatewayProgramArguments({"/opt/fake-macos/bin/node", entry.string()}, profile, port);
  }
  return gatewayProgramArguments({binaries_.fakeOpenclaw.string()}, profile, port);
}

json FakeStack::jobEnvironment() const {
  const auto env = environment();
  json out = {{"PATH", options_.realOpenClaw ? (root_ / "bin").string() + ":/opt/fake-macos/bin:" +
                                                   binaries_.fakeOpenclaw.parent_path().string() + ":/usr/bin:/bin"
                                             : env.at("PATH")},
              {"DISCORD_API_URL", discord_->apiUrl()},
              {"OPENCLAW_FAKE_RELEASE", options_.release}};
  if (options_.realOpenClaw) {
    out["TMPDIR"] = env.at("TMPDIR");
    for (const auto& [k, v] : options_.realOpenClaw->registryEnvironment) out[k] = v;
  }
  return out;
}

std::string FakeStack::discordApiUrl() const { return discord_ ? discord_->apiUrl() : std::string(); }

fakes::discord::FakeDiscordClient& FakeStack::discord() { return discord_->client(); }

fakes::model::FakeModelClient& FakeStack::model() { return model_->client(); }

std::string FakeStack::modelBaseUrl() const { return model_ ? model_->baseUrl() : std::string(); }

Status FakeStack::startModel() {
  auto started = fakes::model::FakeModelProcess::start(
      binaries_.fakeModel, options_.dir / "model", {{"main", kCanaryAnthropicKey}, {"rescue", kCanaryRescueAnthropicKey}});
  if (!started) return started.error();
  model_ = std::move(*started);
  return ok();
}

Status FakeStack::startDiscord() {
  const fs::path botsFile = discordDir_ / "bots.json";
  const json bots = {{"bots", json::array({{{"token", kCanaryMainDiscordToken}, {"id", kMainBotId}, {"username", kMainBotName}},
                                           {{"token", kCanaryRescueDiscordToken},
                                            {"id", kRescueBotId},
                                            {"username", kRescueBotName}}})}};
  {
    std::ofstream out(botsFile, std::ios::trunc);
    if (!(out << bots.dump(2))) return Error{ErrorCode::Io, "cannot write", botsFile.string()};
  }
  ::chmod(botsFile.c_str(), 0600);
  auto started = fakes::discord::FakeDiscordProcess::start(binaries_.fakeDiscord, botsFile,
                                                           discordDir_ / "fake-discord.log", {});
  if (!started) return started.error();
  discord_ = std::move(*started);
  return ok();
}

Status FakeStack::layOutHome() {
  RunbookLayout layout(home_);
  auto adapt = [&](json& config, json& plist, const std::string& profile, uint16_t port) {
    config["gateway"]["port"] = port;
    config["models"]["providers"]["anthropic"]["baseUrl"] = model_->baseUrl();
    plist["ProgramArguments"] = gatewayProgram(profile, port);
    plist["EnvironmentVariables"].update(jobEnvironment());
  };
  adapt(layout.mainConfig, layout.mainPlist, "", ports_.main);
  adapt(layout.rescueConfig, layout.rescuePlist, "rescue", ports_.rescue);
  layout.rescueAuthProfiles["profiles"]["anthropic:default"]["key"] = kCanaryRescueAnthropicKey;
  // A real release installs main's LaunchAgent itself (installMainWithRelease).
  if (options_.realOpenClaw) layout.writeMainPlist = false;
  if (options_.edit) options_.edit(layout, ports_);
  if (auto s = layout.write(); !s) return s;
  mainConfigPort_ = configPort(layout.mainConfig, ports_.main);
  rescueConfigPort_ = configPort(layout.rescueConfig, ports_.rescue);
  if (!options_.realOpenClaw) {
    if (auto s = buildSpec({}); !s) return s;
  }

  ProcessOpenClawCliOptions cli;
  cli.executable = openclawCommand();
  cli.environment = environment();
  cli.release = options_.release;
  // A real release's CLI takes seconds to start, and its `gateway install` may install plugins.
  cli.timeout = options_.realOpenClaw ? kRealCliTimeout : kStepTimeout;
  cli.secrets = secrets_;
  openclaw_ = makeProcessOpenClawCli(cli);
  return ok();
}

Status FakeStack::buildSpec(const json& mainLogs) {
  json overrides = {{"main", {{"port", mainConfigPort_}, {"discordBotName", kMainBotName}}},
                    {"rescue", {{"port", rescueConfigPort_}, {"discordBotName", kRescueBotName}}},
                    {"openclawVersion", options_.release}};
  if (mainLogs.is_object()) overrides["main"].update(mainLogs);  // buildSpec({}) passes null
  auto spec = buildRescueSpec(home_, overrides);
  if (!spec) return spec.error();
  spec_ = std::move(*spec);
  return ok();
}

Status FakeStack::writeRealOpenClawWrapper() { return writeOpenClawCommand(options_.realOpenClaw->openclaw, openclawCommand()); }

Status FakeStack::writeOpenClawCommand(const fs::path& openclaw, const fs::path& wrapper) const {
  if (!options_.realOpenClaw) return Error{ErrorCode::Unsupported, "the stack runs the fake CLI", wrapper.string()};
  std::error_code ec;
  fs::create_directories(wrapper.parent_path(), ec);
  fs::create_directories(options_.dir / "tmp", ec);
  std::ofstream out(wrapper, std::ios::trunc);
  out << "#!/bin/sh\n# " << openclaw.string() << " on this fake Mac (fakes/macos)\n"
      << "exec '" << binaries_.fakeMacos.string() << "' --root '" << root_.string() << "' --home '" << home_.string()
      << "' --node '" << options_.realOpenClaw->node.string() << "' -- '" << openclaw.string() << "' \"$@\"\n";
  if (!out.flush()) return Error{ErrorCode::Io, "cannot write", wrapper.string()};
  out.close();
  ::chmod(wrapper.c_str(), 0755);
  return ok();
}

// main's LaunchAgent as the release writes it (`openclaw gateway install`); with the fake
// gateway, its program is swapped for the fake one and the rest (label, logs, keys) kept.
Status FakeStack::installMainWithRelease() {
  if (!options_.realOpenClaw) return ok();
  const bool realMain = options_.realOpenClaw->realGateways == RealGateways::Both;
  if (realMain) {
    // Where 2026.9.5+'s Discord plugin reads DISCORD_API_URL besides the process env.
    std::ofstream(home_ / ".openclaw/.env", std::ios::app) << "DISCORD_API_URL=" << discord_->apiUrl() << "\n";
  }
  auto install = openclaw_->gateway(GatewayAction::Install, OpenClawTarget{}, mainConfigPort_);
  if (!install) return install.error();
  if (!install->ok && install->message.find("doctor --fix") != std::string::npos) {
    // A release that wants its state migrated first (2026.9.6: main's auth-profiles.json into
    // SQLite) gets what an upgrading user would run; the refusal is kept for the drift report.
    mainInstallRefusal_ = install->message;
    auto doctor = runProcess(ProcessSpec{.executable = openclawCommand(),
                                         .args = {"doctor", "--fix", "--non-interactive"},
                                         .environment = environment(),
                                         .timeout = kRealCliTimeout});
    if (!doctor) return doctor.error();
    install = openclaw_->gateway(GatewayAction::Install, OpenClawTarget{}, mainConfigPort_);
    if (!install) return install.error();
  }
  if (!install->ok) {
    return Error{ErrorCode::ProcessFailed, "main's `openclaw gateway install` failed: " + install->message,
                 install->commandLine};
  }
  const fs::path plistPath = home_ / "Library/LaunchAgents/ai.openclaw.gateway.plist";
  auto plist = readPlistFile(plistPath);
  if (!plist) return plist.error();
  json& root = plist->root;
  json logs;
  if (root.contains("StandardOutPath") && root["StandardOutPath"].is_string()) logs["logPath"] = root["StandardOutPath"];
  if (root.contains("StandardErrorPath") && root["StandardErrorPath"].is_string()) {
    logs["errLogPath"] = root["StandardErrorPath"];
  }
  if (auto s = buildSpec(logs); !s) return s;
  if (realMain) return ok();

  (void)launchd_->bootout("ai.openclaw.gateway");
  root["ProgramArguments"] = gatewayProgram("", mainConfigPort_);
  if (!root["EnvironmentVariables"].is_object()) root["EnvironmentVariables"] = json::object();
  root["EnvironmentVariables"].update(jobEnvironment());
  {
    std::ofstream out(plistPath, std::ios::trunc);
    if (!(out << toXmlPlist(root))) return Error{ErrorCode::Io, "cannot write", plistPath.string()};
  }
  if (auto s = launchd_->bootstrap(plistPath); !s) return s;
  if (auto s = launchd_->enable("ai.openclaw.gateway"); !s) return s;
  return launchd_->kickstart("ai.openclaw.gateway", true);
}

Status FakeStack::startLaunchd() {
  auto init = runProcess(ProcessSpec{.executable = binaries_.fakeLaunchd,
                                     .args = {"init", root_.string()},
                                     .environment = environment(),
                                     .timeout = kStepTimeout});
  if (!init) return init.error();
  if (!init->succeeded()) return Error{ErrorCode::ProcessFailed, init->diagnosticText(), "fake-launchd init"};
  {
    const fs::path throttle = root_ / "etc/throttle-override";
    std::ofstream out(throttle, std::ios::trunc);
    if (!(out << options_.throttleSeconds << "\n")) return Error{ErrorCode::Io, "cannot write", throttle.string()};
  }
  if (options_.realOpenClaw) {
    // The supervisor must start inside fake-macos's namespace so every job it spawns sees the
    // fake macOS (fakes/macos/README.md); later calls from outside reach it over its socket.
    if (auto s = writeRealOpenClawWrapper(); !s) return s;
    auto started = runProcess(ProcessSpec{.executable = binaries_.fakeMacos,
                                          .args = {"--root", root_.string(), "--home", home_.string(), "--node",
                                                   options_.realOpenClaw->node.string(), "--", "true"},
                                          .environment = environment(),
                                          .timeout = kStepTimeout});
    if (!started) return started.error();
    if (!started->succeeded()) {
      return Error{ErrorCode::ProcessFailed, redactor_.redact(started->diagnosticText()), "fake-macos"};
    }
  }
  LaunchctlOptions options;
  options.launchctl = root_ / "bin/launchctl";
  options.environment = environment();
  options.callTimeout = kStepTimeout;
  launchd_ = makeLaunchctlServiceManager(options);
  return ok();
}

Status FakeStack::loadAgents() {
  // R21: bootstrap, enable, kickstart -k, for each LaunchAgent (a real release loaded main's
  // itself when it installed it).
  for (const InstanceSpec* g : {&spec_.main, &spec_.rescue}) {
    if (options_.realOpenClaw && g == &spec_.main) continue;
    if (auto s = launchd_->bootstrap(g->plistPath); !s) return s;
    if (auto s = launchd_->enable(g->label); !s) return s;
    if (auto s = launchd_->kickstart(g->label, true); !s) return s;
  }
  return ok();
}

void FakeStack::keepRunning() {
  shutDown_ = true;
  if (discord_) keptDiscordPid_ = discord_->process().detach();
  if (model_) keptModelPid_ = model_->process().detach();
}

void FakeStack::shutdown() {
  if (shutDown_) return;
  shutDown_ = true;
  if (fs::exists(root_ / "etc")) {
    auto pid = readPid(root_ / "run/launchd.pid");
    (void)runProcess(ProcessSpec{.executable = binaries_.fakeLaunchd,
                                 .args = {"shutdown", root_.string()},
                                 .environment = environment(),
                                 .timeout = kStepTimeout});
    if (pid) reapBounded(*pid);
  }
  discord_.reset();
  model_.reset();
  int status = 0;
  while (::waitpid(-1, &status, WNOHANG) > 0) {
  }
}

Status FakeStack::waitUntilServing(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::string missing;
  while (true) {
    missing.clear();
    for (const auto& [instance, botId] : {std::pair{&spec_.main, kMainBotId}, std::pair{&spec_.rescue, kRescueBotId}}) {
      if (!probeGatewayHealth(HttpTarget{.port = instance->port, .timeout = std::chrono::milliseconds(500)}).ready) {
        missing += instance->name + " not ready; ";
      } else if (auto bot = discord().bot(botId); !bot || bot->sessions != 1) {
        missing += instance->name + " not logged into Discord; ";
      }
    }
    if (missing.empty()) return ok();
    if (std::chrono::steady_clock::now() >= deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return Error{ErrorCode::Timeout, missing + "after " + std::to_string(timeout.count()) + " ms", options_.dir.string()};
}

Status FakeStack::reboot() {
  auto r = runProcess(ProcessSpec{.executable = binaries_.fakeLaunchd,
                                  .args = {"reboot", root_.string(), "--home", home_.string()},
                                  .environment = environment(),
                                  .timeout = kStepTimeout});
  if (!r) return r.error();
  if (!r->succeeded()) return Error{ErrorCode::ProcessFailed, redactor_.redact(r->diagnosticText()), "fake-launchd reboot"};
  return ok();
}

std::string FakeStack::diagnostics() {
  std::ostringstream out;
  out << "=== fake stack (OpenClaw " << options_.release << ") in " << options_.dir.string() << "\n";
  for (const InstanceSpec* g : {&spec_.main, &spec_.rescue}) {
    out << "--- " << g->name << " (" << g->label << ", port " << g->port << ") launchctl print: ";
    if (launchd_) {
      auto job = launchd_->print(g->label);
      if (!job) out << job.error().describe() << "\n";
      else out << "loaded=" << job->loaded << " state=" << job->state << " pid=" << (job->pid ? *job->pid : -1)
               << " runs=" << job->runs << "\n";
    }
    out << "--- " << g->logPath.string() << ":\n" << tail(g->logPath);
    out << "--- " << g->errLogPath.string() << ":\n" << tail(g->errLogPath);
  }
  out << "--- fake launchd log:\n" << tail(root_ / "log/launchd.log");
  out << "--- fake discord log:\n" << tail(discordDir_ / "fake-discord.log");
  out << "--- fake model log:\n" << tail(options_.dir / "model/fake-model.log");
  return redactor_.redact(out.str());
}

std::string FakeStack::describe() const {
  std::ostringstream out;
  out << "sandbox: " << options_.dir.string() << "\n"
      << "  HOME=" << home_.string() << "\n"
      << "  main:   " << spec_.main.label << " on http://127.0.0.1:" << spec_.main.port << "/healthz\n"
      << "  rescue: " << spec_.rescue.label << " on http://127.0.0.1:" << spec_.rescue.port << "/healthz\n"
      << "  fake Discord: " << discordApiUrl() << " (control API: GET /_fake/bots)\n"
      << "  fake model:   " << modelBaseUrl() << " (control API: GET /_fake/requests)\n"
      << "  shell:  env HOME=" << home_.string() << " PATH=" << environment().at("PATH") << " OPENCLAW_FAKE_RELEASE="
      << options_.release << " sh\n"
      << "  stop:   " << binaries_.fakeLaunchd.string() << " shutdown " << root_.string() << "; kill "
      << (keptDiscordPid_ > 0 ? keptDiscordPid_ : discord_ ? const_cast<fakes::discord::FakeDiscordProcess&>(*discord_).process().pid() : -1)
      << " " << (keptModelPid_ > 0 ? keptModelPid_ : model_ ? const_cast<fakes::model::FakeModelProcess&>(*model_).process().pid() : -1)
      << "; rm -rf " << options_.dir.string() << "\n";
  return out.str();
}

}  // namespace harness
