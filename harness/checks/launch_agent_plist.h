#pragma once

// What the LaunchAgent checks share (launch_agent_checks.cc: the rescue's own plist;
// main_plist_checks.cc: the official rescue service and main's plist): reading a plist's keys
// and ProgramArguments as launchd sees them, and the reload command. Internal to harness/checks.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "harness/checks/check_support.h"

namespace harness::launch_agent {

using nlohmann::json;

inline constexpr const char* kArea = "Rescue LaunchAgent";

const json* member(const json& root, const char* key);

// Unload and load the plist again so launchd picks up an edit.
std::string reloadCommand(const std::filesystem::path& plist);

std::optional<CheckResult> skipWithoutPlist(const CheckInfo& info, const LoadedPlist& plist, const std::string& who,
                                            const std::string& readableId);

// Why a plist cannot be used, or nullopt when it can: missing, unreadable, not a plist, not a dict.
std::optional<std::string> plistProblem(const LoadedPlist& p);

// "--profile=rescue" and "--port=19001" split into two arguments, as OpenClaw's parser does.
std::vector<std::string> normalisedArguments(const std::vector<std::string>& args);

// ProgramArguments as strings; a problem names the key path when it is not an array of strings.
struct Arguments {
  std::vector<std::string> values;
  std::optional<Evidence> problem;
};
Arguments programArguments(const json& root, const std::filesystem::path& file);

std::string joinArgs(const std::vector<std::string>& args);

// The value following `flag` in normalised arguments.
std::optional<std::string> flagValue(const std::vector<std::string>& args, const std::string& flag);

// The checks of main_plist_checks.cc, registered in order by addLaunchAgentChecks.
CheckResult checkOfficialServiceAbsent(const CheckInfo& info, const HostSnapshot& snap);
CheckResult checkMainPlistReadable(const CheckInfo& info, const HostSnapshot& snap);
CheckResult checkMainPlistNotRescue(const CheckInfo& info, const HostSnapshot& snap);

}  // namespace harness::launch_agent
