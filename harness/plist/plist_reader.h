#pragma once

// Property lists (XML or binary) as JSON trees, through libplist. The harness reads
// LaunchAgent plists with it; the fake launchd and fake plutil use the same code so
// they accept exactly what the checks accept.
//
// Mapping: dict → object, array → array, string → string, integer → number (signed,
// or unsigned above INT64_MAX), real → number, true/false → boolean, date → ISO-8601
// string, data → {"$data": "<base64>"}, uid → {"$uid": N}.

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <string_view>

#include "harness/core/result.h"

namespace harness {

enum class PlistFormat { Xml, Binary, Json, Unknown };

const char* toString(PlistFormat format);
PlistFormat detectPlistFormat(std::string_view bytes);

struct ParsedPlist {
  PlistFormat format = PlistFormat::Unknown;
  nlohmann::json root;
};

// Parses bytes; errors are InvalidInput with a reason (empty, not a plist, truncated binary).
Result<ParsedPlist> parsePlist(std::string_view bytes);

// readFileLimited + parsePlist; error context is the path.
Result<ParsedPlist> readPlistFile(const std::filesystem::path& path);

// Serialises a JSON tree (as produced above) back to plist bytes.
std::string toXmlPlist(const nlohmann::json& root);
std::string toBinaryPlist(const nlohmann::json& root);

}  // namespace harness
