#include "lab/upgrade/booted_out_doctor.h"

#include "harness/process/process_runner.h"
#include "lab/upgrade/contract_support.h"

namespace harness::upgrade {

std::string doctorFixWithGatewayBootedOut(FakeStack& stack, const InstanceSpec& gateway, const BootedOutDoctor& how) {
  (void)stack.launchd().bootout(gateway.label);
  // Doctor refuses while the old process still holds the state: wait for it to be gone.
  waitUntil(std::chrono::seconds(30),
            [&] { return !jobPid(stack.launchd(), gateway.label) && !healthzOk(gateway.port); });
  std::vector<std::string> args = how.profile;
  for (const char* a : {"doctor", "--fix", "--non-interactive"}) args.emplace_back(a);
  auto r = countedInto(how.openclawSeconds, [&] {
    return runProcess(ProcessSpec{.executable = how.openclaw,
                                  .args = args,
                                  .environment = stack.environment(),
                                  .timeout = how.timeout});
  });
  std::string said = !r ? r.error().describe() : r->timedOut ? std::string("timed out") : "exit " + std::to_string(r->exitCode);
  // Its last words say why (redacted by the runner like every message).
  if (r && r->exitCode != 0) said += ": " + lastWords(r->stdoutText + r->stderrText, 400);
  (void)stack.launchd().bootstrap(gateway.plistPath);
  return said;
}

}  // namespace harness::upgrade
