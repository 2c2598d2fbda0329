#pragma once

// "What breaks for my rescue if I go from OLD to NEW": `verify-host --against-openclaw NEW
// [--from OLD]`. Pure: which release is the baseline, and NEW's results against it, the
// changes that break the rescue first, each with the fix that works on NEW where one is known.
//
// The baseline is OLD (its record, or a run of it when nobody recorded it); without --from it
// is the newest recorded release below NEW, never one above it: a user on 2026.7.35 asking
// about 2026.9.6 compares with what they have, not with a newer release.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "lab/upgrade/drift.h"

namespace harness::upgrade {

enum class BaselineSource { Recorded, Run };
const char* toString(BaselineSource source);  // "recorded", "run"

// The index in `recorded` (oldest first) of the newest release below `release`; nullopt when
// every record is of `release` or newer.
std::optional<size_t> nearestRecordedBaseline(const std::vector<ReleaseExpectations>& recorded,
                                              const std::string& release);
// The index of `release`'s own record.
std::optional<size_t> recordOf(const std::vector<ReleaseExpectations>& recorded, const std::string& release);

// A run of OLD standing in for its record (environment results left out, as when recording).
ReleaseExpectations expectationsFromRun(const DriftRun& run);

enum class UpgradeImpact {
  Breaks,        // worked (or did not exist) on OLD, fails or is refused on NEW
  StillBroken,   // failed on OLD, fails on NEW differently (status or message)
  Fixed,         // failed on OLD, passes on NEW
  Changed,       // any other change (skipped, gone)
  NotJudged,     // environment on NEW
  Unchanged,
};
const char* toString(UpgradeImpact impact);

struct UpgradeChange {
  std::string id;
  std::string title;
  std::vector<std::string> requirements;
  std::optional<DriftStatus> before;  // nullopt: OLD has no such result
  std::optional<DriftStatus> after;   // nullopt: NEW did not produce it
  std::string beforeMessage;          // OLD's recorded message prefix
  std::string afterMessage;           // NEW's message
  UpgradeImpact impact = UpgradeImpact::Unchanged;
  std::string fix;                    // what works on NEW instead, when known
};

// Every result of OLD and NEW, most harmful first: Breaks (those that keep the rescue from
// running or being managed first: G1/G2, then R21-R25, then the rest), StillBroken, Fixed,
// Changed, NotJudged, Unchanged; by id within a group.
std::vector<UpgradeChange> compareUpgrade(const ReleaseExpectations& old, const DriftRun& now);

// The fix known to work on the new release for a result that breaks ("" when none is known).
std::string knownFix(const std::string& id, const std::string& message);

// {"baseline": {"version", "source"}, "breaking": n, "changes": [{id, title, requirements,
//  before, after, impact, message, fix}]} (Unchanged results left out).
nlohmann::json upgradeJson(const std::string& baseline, BaselineSource source, const std::vector<UpgradeChange>& changes);
// "Upgrade 2026.7.35 -> 2026.9.6 (baseline 2026.7.35, run here): 3 changes break the rescue"
// then one block per change.
std::string renderUpgradeText(const std::string& baseline, BaselineSource source, const std::string& release,
                              const std::vector<UpgradeChange>& changes);

}  // namespace harness::upgrade
