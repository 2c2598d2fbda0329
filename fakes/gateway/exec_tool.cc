#include "fakes/gateway/exec_tool.h"

#include "harness/core/environment.h"
#include "harness/process/process_runner.h"

namespace fakes::gateway {

ExecOutcome runExecTool(const std::string& command, const std::filesystem::path& workingDirectory,
                        const std::filesystem::path& pathPrefix, std::chrono::milliseconds timeout) {
  harness::ProcessSpec spec;
  spec.executable = "/bin/sh";
  spec.args = {"-c", command};
  spec.environment = std::nullopt;  // the gateway's own environment, as OpenClaw's exec
  if (!pathPrefix.empty()) {
    auto env = harness::currentEnvironment();
    const std::string path = env["PATH"];
    env["PATH"] = pathPrefix.string() + (path.empty() ? "" : ":" + path);
    spec.environment = std::move(env);
  }
  std::error_code ec;
  if (!workingDirectory.empty() && std::filesystem::is_directory(workingDirectory, ec)) spec.workingDirectory = workingDirectory;
  spec.timeout = timeout;
  ExecOutcome out;
  auto result = harness::runProcess(spec);
  if (!result) {
    out.output = result.error().describe();
    return out;
  }
  out.exitCode = result->exitCode;
  out.timedOut = result->timedOut;
  out.output = result->stdoutText + result->stderrText;
  constexpr size_t kMax = 16 * 1024;
  if (out.output.size() > kMax) out.output = out.output.substr(0, kMax) + "\n[output truncated]";
  return out;
}

}  // namespace fakes::gateway
