#pragma once

// What every bad input must come to, judged on the static checks' results: no check crashed
// into an "internal error", every finding says how to fix it, no canary secret reaches any
// report format, and the file (and key) the input broke is named.

#include <string>
#include <vector>

#include "harness/checks/static_check.h"
#include "harness/testing/fixture_home.h"

namespace harness::testing {

// The snapshot verify-host would read of the fixture home.
inline HostSnapshot load(const FixtureHome& home) { return loadHostSnapshot(home.spec(), home.environment()); }

// Runs the static checks the way verify-host does (loadHostSnapshot + runStaticChecks).
std::vector<CheckResult> runAllChecks(const HostSnapshot& snapshot);

// No internal error, remediation on every fail/warn, and none of the canaries in the human,
// JSON or JUnit rendering of the results. `input` names the case in failure messages.
void expectSafeResults(const std::vector<CheckResult>& results, const Redactor& redactor, const std::string& input);

// A fail or warn (or a skip pointing at it) whose evidence names `file`.
bool findingNamesFile(const std::vector<CheckResult>& results, const std::string& file);

// A fail or warn whose evidence names `file` at `key`, an enclosing key or a key inside it
// (a wrong type at agents.list[0].id may be reported at agents.list[0]).
bool findingNamesKey(const std::vector<CheckResult>& results, const std::string& file, const std::string& key);

// The result with that id (ADD_FAILURE and an empty result when absent).
CheckResult resultFor(const std::vector<CheckResult>& results, const std::string& id);

// "id: status: message" lines, for failure messages.
std::string describeResults(const std::vector<CheckResult>& results, bool onlyProblems = true);

}  // namespace harness::testing
