#pragma once

// Environment or behaviour: whether a result says something about the release or only about
// this machine. A contract (or a helper adding one) turns what it saw into a DriftStatus here,
// so that the rule is one rule:
//
//   - a deadline that ran out while the release was still making progress, or any bounded
//     wait of the harness's that ran out (ErrorCode::Timeout): environment;
//   - an unreachable or unresolvable host, a network error, an npm error in what the release
//     printed: environment (the release's plugin installs and update checks reach out);
//   - everything else the release did (refusals, exits, crash loops, wrong answers): behaviour.
//
// An environment result is retried once (mergeRetry) and never counted as a difference.

#include <optional>
#include <string>
#include <string_view>

#include "harness/core/result.h"
#include "lab/upgrade/drift.h"

namespace harness::upgrade {

// The environment cause in a release's output or an error text ("network: getaddrinfo
// ENOTFOUND", "npm error"), or nullopt when the text shows none.
std::optional<std::string> environmentCause(std::string_view text);

// The status of a step that failed with `error`: Environment for a timeout or an environment
// cause in its text, else `behaviour` (Fail unless the caller knows better).
DriftStatus statusForError(const Error& error, DriftStatus behaviour = DriftStatus::Fail);

// `behaviour`, or Environment when `evidence` (the release's output, its log) shows an
// environment cause; the message then starts with that cause.
DriftStatus behaviourOrEnvironment(DriftStatus behaviour, std::string_view evidence, std::string& message);

// A run and its retry as one run: for each id the retry's result, unless that is still
// `environment` and the first run judged it; ids only the first run produced are kept.
// Times add up (both runs were spent).
DriftRun mergeRetry(const DriftRun& first, const DriftRun& retry);

}  // namespace harness::upgrade
