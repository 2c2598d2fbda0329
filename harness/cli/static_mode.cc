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

namespace fs = std::filesystem;


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

Result<CheckedHost> loadCheckedHost(const VerifyHostOptions& options, const std::map<std::string, std::string>& env) {
  auto home = resolveHome(options, env);
  if (!home) return Error{home.error().code, "home " + home.error().describe(), ""};
  auto spec = resolveSpec(options, *home);
  if (!spec) return Error{spec.error().code, "spec " + spec.error().describe(), ""};
  auto checkEnv = env;
  checkEnv["HOME"] = home->string();
  return CheckedHost{*home, *spec, loadHostSnapshot(*spec, checkEnv)};
}

int runStaticMode(const VerifyHostOptions& options, const std::map<std::string, std::string>& env, std::ostream& out,
                  std::ostream& err, bool outIsTerminal) {
  const auto start = std::chrono::steady_clock::now();
  auto host = loadCheckedHost(options, env);
  if (!host) {
    err << "verify-host: " << host.error().message << "\n";
    return kExitUsage;
  }
  auto results = runStaticChecks(host->snapshot);

  ReportContext context;
  context.version = kHarnessVersion;
  context.mode = "static";
  context.home = host->home.string();
  context.timestamp = isoNow();
  if (!host->spec.openclawVersion.empty()) context.extra["openclawVersion"] = host->spec.openclawVersion;
  context.durationMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return emitReport(options, results, context, host->snapshot.redactor, out, err, outIsTerminal);
}

}  // namespace harness
