#pragma once

// Small helpers shared by the static check files: reading config values with evidence,
// rendering values for evidence without leaking secrets, and the usual remediations.

#include <optional>
#include <string>
#include <string_view>

#include "harness/checks/static_check.h"

namespace harness {

// Evidence detail for a value: strings quoted, other JSON compact, secrets as "<set>"/"<empty>".
std::string describeValue(const nlohmann::json* value, bool secret = false);

// Evidence pointing at a config key, with the value described (masked when secret).
Evidence configEvidence(const InstanceSnapshot& instance, std::string_view keyPath, bool secret = false);

// Evidence for a file with its kind and mode ("mode 0644, owner 501").
Evidence fileEvidence(const FileInfo& file, std::string_view detail = {});

// When the instance's config cannot be used, the result every config-key check returns:
// skipped with a pointer to the check that reports why (<instance>.config.readable).
std::optional<CheckResult> skipWithoutConfig(const CheckInfo& info, const InstanceSnapshot& instance);

// The command that edits one config key, e.g.
//   openclaw --profile rescue config set gateway.port 19001
std::string configSetCommand(const InstanceSpec& instance, std::string_view keyPath, std::string_view jsonValue);

// "openclaw --profile rescue" or "openclaw" for the default profile.
std::string openclawCommand(const InstanceSpec& instance);

// Quotes a path or value for a copy-pasteable shell command ('…' only when needed).
std::string shellQuote(const std::string& s);

// "a string", "an object", ... for wrong-type messages.
std::string typeName(const nlohmann::json& value);

// The plist's root dict, or null when the plist is missing, broken or not a dict.
const nlohmann::json* plistRoot(const LoadedPlist& plist);

// True for values the runbook uses as placeholders or that are plainly not secrets:
// empty, YOUR_RESCUE_BOT_TOKEN, YOUR_…, "changeme", "<token>", "***", "[redacted]", "xxx",
// fill-in texts ("REPLACE_WITH_TOKEN", "PASTE_TOKEN_HERE") and one character repeated.
bool isPlaceholderSecret(std::string_view value);

// Path comparison after lexical normalisation and, where the path exists, symlink resolution.
bool samePath(const std::filesystem::path& a, const std::filesystem::path& b);
// True if `inner` equals `outer` or lies inside it (resolving symlinks where paths exist).
bool pathWithin(const std::filesystem::path& inner, const std::filesystem::path& outer);

}  // namespace harness
