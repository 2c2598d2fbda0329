#include "harness/cli/run_context.h"

#include <pwd.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "harness/core/file_reader.h"
#include "harness/openclaw/process_openclaw_cli.h"
#include "harness/process/process_runner.h"

namespace harness {
namespace {

namespace fs = std::filesystem;

RunContextPtr makeContext(const fs::path& home, RescueSpec spec, const Environment& env, RunContextSources sources) {
  auto ctx = std::make_unique<RunContext>();
  ctx->home = home;
  ctx->env = env;
  ctx->sources = std::move(sources);
  const SnapshotLoader& load = ctx->sources.loadSnapshot;
  ctx->snapshot = load ? load(spec, ctx->checkedEnvironment()) : loadHostSnapshot(spec, ctx->checkedEnvironment());
  ctx->expected = liveExpectations(ctx->snapshot);
  return ctx;
}

OpenClawSetup setUpOpenClaw(const VerifyHostOptions& options, const RunContext& ctx) {
  OpenClawSetup s;
  auto pathVar = ctx.env.find("PATH");
  const std::string_view path = pathVar == ctx.env.end() ? std::string_view() : std::string_view(pathVar->second);
  const std::string name = options.openclawPath.empty() ? std::string("openclaw") : options.openclawPath;
  auto found = findExecutable(name, path);
  if (!found) {
    s.unavailable = options.openclawPath.empty() ? "no openclaw executable in PATH"
                                                 : "--openclaw " + options.openclawPath + " is not an executable file";
    return s;
  }
  const fs::path exe = fs::absolute(*found);
  ProcessOpenClawCliOptions o;
  o.executable = exe;
  o.environment = ctx.env;
  // The CLI must look at the home being checked.
  o.environmentOverrides["HOME"] = ctx.home.string();
  o.timeout = kOpenClawCallTimeout;
  o.redactor = &ctx.redactor();
  s.owned = makeProcessOpenClawCli(std::move(o));
  s.cli = s.owned.get();
  s.path = exe.string();
  return s;
}

}  // namespace

Environment RunContext::checkedEnvironment() const {
  Environment checked = env;
  checked["HOME"] = home.string();
  return checked;
}

std::map<std::string, std::string> RunContext::reportExtra(const VerifyHostOptions& options) const {
  std::map<std::string, std::string> extra;
  if (!spec().openclawVersion.empty()) extra["openclawVersion"] = spec().openclawVersion;
  if (!openclaw.path.empty()) extra["openclaw"] = openclaw.path;
  if (options.waitSeconds) extra["waitSeconds"] = std::to_string(*options.waitSeconds);
  return extra;
}

Result<fs::path> resolveHome(const VerifyHostOptions& options, const Environment& env) {
  fs::path home;
  if (!options.home.empty()) {
    home = options.home;
  } else if (auto it = env.find("HOME"); it != env.end() && !it->second.empty()) {
    home = it->second;
  } else if (const passwd* pw = ::getpwuid(::getuid()); pw && pw->pw_dir) {
    home = pw->pw_dir;
  }
  if (home.empty()) return Error{ErrorCode::NotFound, "no home directory: pass --home", ""};
  auto info = inspectPath(home);
  if (!info.isDirectory()) {
    return Error{ErrorCode::NotFound, info.exists() ? "is not a directory" : "does not exist", home.string()};
  }
  std::error_code ec;
  fs::directory_iterator probe(home, ec);
  if (ec) return Error{ErrorCode::PermissionDenied, "cannot be read: " + ec.message(), home.string()};
  return fs::absolute(home).lexically_normal();
}

Result<RescueSpec> resolveSpec(const VerifyHostOptions& options, const fs::path& home) {
  nlohmann::json overrides = nlohmann::json::object();
  if (!options.specFile.empty()) {
    auto text = readFileLimited(options.specFile, 1 << 20);
    if (!text) return text.error();
    overrides = nlohmann::json::parse(*text, nullptr, false);
    if (overrides.is_discarded()) return Error{ErrorCode::InvalidInput, "is not valid JSON", options.specFile};
  }
  for (const auto& kv : options.overrides) {
    auto eq = kv.find('=');
    if (eq == std::string::npos) return Error{ErrorCode::InvalidInput, "expected KEY=VALUE", "--set " + kv};
    auto set = setSpecOverride(overrides, kv.substr(0, eq), kv.substr(eq + 1));
    if (!set) {
      Error e = set.error();
      e.context = "--set " + e.context;
      return e;
    }
  }
  auto spec = buildRescueSpec(home, overrides);
  if (!spec) return spec;
  if (options.mainPort) spec->main.port = *options.mainPort;
  if (options.rescuePort) spec->rescue.port = *options.rescuePort;
  if (!options.openclawVersion.empty()) spec->openclawVersion = options.openclawVersion;
  return spec;
}

Result<RunContextPtr> loadRunContext(const VerifyHostOptions& options, const Environment& env,
                                     RunContextSources sources) {
  auto home = resolveHome(options, env);
  if (!home) return Error{home.error().code, "home " + home.error().describe(), ""};
  auto spec = resolveSpec(options, *home);
  if (!spec) return Error{spec.error().code, "spec " + spec.error().describe(), ""};
  return makeContext(*home, std::move(*spec), env, std::move(sources));
}

RunContextPtr runContextForSpec(const fs::path& home, RescueSpec spec, const Environment& env,
                                RunContextSources sources) {
  return makeContext(home, std::move(spec), env, std::move(sources));
}

void connectBackends(RunContext& ctx, const VerifyHostOptions& options) {
  ctx.services = ctx.sources.services;
  if (!ctx.services) {
    LaunchctlOptions lo;
    if (!options.launchctlPath.empty()) lo.launchctl = options.launchctlPath;
    lo.callTimeout = kLaunchctlCallTimeout;
    ctx.ownedServices = makeLaunchctlServiceManager(lo);
    ctx.services = ctx.ownedServices.get();
  }
  ctx.portOwners = ctx.sources.portOwners;
  if (!ctx.portOwners) {
    ctx.ownedPortOwners = makeDefaultPortOwnerLookup();
    ctx.portOwners = ctx.ownedPortOwners.get();
  }
  if (ctx.sources.openclaw) {
    ctx.openclaw.cli = *ctx.sources.openclaw;
    if (!ctx.openclaw.cli) ctx.openclaw.unavailable = "no openclaw executable in PATH";
  } else {
    ctx.openclaw = setUpOpenClaw(options, ctx);
  }
}

void adoptInstalledRelease(RunContext& ctx) {
  if (!ctx.snapshot.spec.openclawVersion.empty() || !ctx.openclaw.cli) return;
  if (auto v = ctx.openclaw.cli->version()) {
    if (std::string detected = extractOpenClawVersion(*v); !detected.empty()) {
      ctx.snapshot.spec.openclawVersion = detected;
    }
  }
}

}  // namespace harness
