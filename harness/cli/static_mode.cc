#include "harness/cli/static_mode.h"

#include <pwd.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <fstream>

#include "harness/checks/static_check.h"
#include "harness/cli/version.h"
#include "harness/core/file_reader.h"
#include "harness/report/reporter.h"

namespace harness {
namespace {

namespace fs = std::filesystem;

std::string isoNow() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Result<fs::path> resolveHome(const VerifyHostOptions& options, const std::map<std::string, std::string>& env) {
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
  return buildRescueSpec(home, overrides);
}

}  // namespace

int runStaticMode(const VerifyHostOptions& options, const std::map<std::string, std::string>& env, std::ostream& out,
                  std::ostream& err, bool outIsTerminal) {
  const auto start = std::chrono::steady_clock::now();
  auto home = resolveHome(options, env);
  if (!home) {
    err << "verify-host: home " << home.error().describe() << "\n";
    return kExitUsage;
  }
  auto spec = resolveSpec(options, *home);
  if (!spec) {
    err << "verify-host: spec " << spec.error().describe() << "\n";
    return kExitUsage;
  }
  // ${VAR} resolves as OpenClaw would see it on this host: the process environment with HOME
  // pointing at the home being checked.
  auto checkEnv = env;
  checkEnv["HOME"] = home->string();

  auto snapshot = loadHostSnapshot(*spec, checkEnv);
  auto results = runStaticChecks(snapshot);

  const bool colour = !options.noColour && options.outputFile.empty() && outIsTerminal &&
                      shouldUseColour(STDOUT_FILENO);
  auto reporter = makeReporter(options.format, colour, options.strict);
  if (!reporter) {
    err << "verify-host: " << reporter.error().describe() << "\n";
    return kExitUsage;
  }
  ReportContext context;
  context.version = kHarnessVersion;
  context.mode = "static";
  context.home = home->string();
  context.timestamp = isoNow();
  if (!spec->openclawVersion.empty()) context.extra["openclawVersion"] = spec->openclawVersion;
  context.durationMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  const std::string text = (*reporter)->render(results, context, snapshot.redactor);

  if (options.outputFile.empty()) {
    out << text;
    out.flush();
  } else {
    std::ofstream file(options.outputFile, std::ios::binary | std::ios::trunc);
    if (!(file << text)) {
      err << "verify-host: cannot write report to " << options.outputFile << "\n";
      return kExitUsage;
    }
  }
  const auto summary = summarize(results);
  if (summary.fail > 0) return kExitChecksFailed;
  if (options.strict && summary.warn > 0) return kExitChecksFailed;
  return kExitOk;
}

}  // namespace harness
