#include "lab/fake_stack/fake_stack.h"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "fakes/clawhub/fake_clawhub_process.h"
#include "fakes/discord/fake_discord_process.h"
#include "fakes/model/fake_model_process.h"
#include "harness/platform/platform.h"
#include "harness/core/file_reader.h"
#include "harness/launchd/launchctl_service_manager.h"
#include "harness/openclaw/process_openclaw_cli.h"
#include "harness/probe/free_port.h"
#include "harness/probe/http_probe.h"
#include "harness/process/process_runner.h"
#include "lab/fake_stack/fake_cli_installation.h"

#ifndef HARNESS_BUILD_DIR
#define HARNESS_BUILD_DIR ""
#endif

namespace harness {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr std::chrono::milliseconds kStepTimeout = kFakeStackStepTimeout;

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
                      dir / "fakes/macos/bin/fake-macos", dir / "fakes/bin/fake-model", dir / "fakes/bin/fake-clawhub"};
  for (const auto& p : {b.fakeLaunchd, b.fakeOpenclaw, b.fakeDiscord, dir / "fakes/bin/fake-openclaw-gateway", b.fakeModel,
                        b.fakeClawhub}) {
    if (::access(p.c_str(), X_OK) != 0) {
      return Error{ErrorCode::NotFound, "fake not built (cmake --build the harness first, or pass the build dir)",
                   p.string()};
    }
  }
  return b;
}

FakeStack::FakeStack(FakeStackBinaries binaries, FakeStackOptions options)
    : binaries_(std::move(binaries)),
      options_(std::move(options)),
      installation_(options_.installation ? options_.installation : std::make_shared<FakeCliInstallation>()) {
  home_ = options_.dir / "home";
  root_ = options_.dir / "launchd";
  discordDir_ = options_.dir / "discord";
  secrets_ = {kCanaryMainDiscordToken, kCanaryRescueDiscordToken, kCanaryMainGatewayToken, kCanaryRescueGatewayToken,
              kCanaryAnthropicKey, kCanaryRescueAnthropicKey};
  for (const auto& s : secrets_) redactor_.addSecret(s);
}

Result<std::unique_ptr<FakeStack>> FakeStack::start(const FakeStackBinaries& binaries, const FakeStackOptions& options) {
  if (options.dir.empty()) return Error{ErrorCode::InvalidInput, "no directory for the fake stack", ""};
  if (options.installation) {
    if (auto s = options.installation->check(binaries); !s) return s.error();
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
  for (auto step : {&FakeStack::startDiscord, &FakeStack::startModel, &FakeStack::startClawHub, &FakeStack::layOutHome,
                    &FakeStack::startLaunchd, &FakeStack::installMain, &FakeStack::loadAgents}) {
    if (auto s = (stack.get()->*step)(); !s) return s.error();
  }
  return stack;
}

FakeStack::~FakeStack() { shutdown(); }

FakeMacPaths FakeStack::paths() const { return FakeMacPaths{binaries_, options_.dir, home_, root_}; }

std::map<std::string, std::string> FakeStack::environment() const {
  std::map<std::string, std::string> env = {
      {"HOME", home_.string()},
      {"PATH", (root_ / "bin").string() + ":" + openclawCommand().parent_path().string() + ":/usr/bin:/bin"},
      {"LANG", "C"},
      {"OPENCLAW_FAKE_RELEASE", options_.release}};
  if (clawhub_) env["OPENCLAW_CLAWHUB_URL"] = clawhub_->baseUrl();
  installation_->addShellEnvironment(paths(), env);
  return env;
}

fs::path FakeStack::openclawCommand() const { return installation_->command(paths()); }

json FakeStack::gatewayProgram(const std::string& profile, uint16_t port) const {
  return installation_->gatewayProgram(paths(), profile, port);
}

json FakeStack::jobEnvironment() const {
  json out = installation_->jobEnvironment(paths(), environment());
  out["DISCORD_API_URL"] = discord_->apiUrl();
  out["OPENCLAW_FAKE_RELEASE"] = options_.release;
  if (clawhub_) out["OPENCLAW_CLAWHUB_URL"] = clawhub_->baseUrl();
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

// Only a real release asks ClawHub for plugins; the lab has no network, so it gets one that
// answers "not found" at once (fakes/clawhub/README.md).
Status FakeStack::startClawHub() {
  if (!installation_->looksUpClawHub()) return ok();
  auto started = fakes::clawhub::FakeClawHubProcess::start(binaries_.fakeClawhub, options_.dir / "clawhub");
  if (!started) return started.error();
  clawhub_ = std::move(*started);
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
  // An installation that installs main's LaunchAgent itself writes it (installMain).
  layout.writeMainPlist = !installation_->installsMain();
  if (options_.edit) options_.edit(layout, ports_);
  if (auto s = layout.write(); !s) return s;
  mainConfigPort_ = configPort(layout.mainConfig, ports_.main);
  rescueConfigPort_ = configPort(layout.rescueConfig, ports_.rescue);

  ProcessOpenClawCliOptions cli;
  cli.executable = openclawCommand();
  cli.environment = environment();
  cli.release = options_.release;
  cli.timeout = installation_->cliTimeout();
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

Status FakeStack::writeOpenClawCommand(const fs::path& openclaw, const fs::path& wrapper) const {
  return installation_->writeCommand(paths(), openclaw, wrapper);
}

// main's LaunchAgent: the runbook's plist, or the installation's own; then the spec, with the
// log paths the installation's plist has.
Status FakeStack::installMain() {
  const auto env = environment();
  const json job = jobEnvironment();
  auto main = installation_->installMain(
      paths(), MainInstallContext{*openclaw_, *launchd_, env, job, discord_->apiUrl(),
                                   clawhub_ ? clawhub_->baseUrl() : std::string(), mainConfigPort_});
  if (!main) return main.error();
  mainInstallRefusal_ = main->refusal;
  return buildSpec(main->logs ? *main->logs : json());
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
  if (auto s = installation_->prepareLaunchd(paths(), environment(), redactor_); !s) return s;
  LaunchctlOptions options;
  options.launchctl = root_ / "bin/launchctl";
  options.environment = environment();
  options.callTimeout = kStepTimeout;
  launchd_ = makeLaunchctlServiceManager(options);
  return ok();
}

Status FakeStack::loadAgents() {
  // R21: bootstrap, enable, kickstart -k, for each LaunchAgent (an installation that installs
  // main loaded it itself).
  for (const InstanceSpec* g : {&spec_.main, &spec_.rescue}) {
    if (g == &spec_.main && installation_->installsMain()) continue;
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
  clawhub_.reset();
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
