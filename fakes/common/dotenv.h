#pragma once

// <stateDir>/.env as OpenClaw loads it (the `dotenv` package's rules): KEY=value or KEY: value,
// an optional `export `, '...' "..." or `...` quotes (a quoted value may span lines; in "..."
// \n and \r are newlines), an unquoted value ends at '#' and is trimmed; the last of a repeated
// key wins. The fakes' own reading (fake_openclaw_config.h says why they have their own).

#include <map>
#include <string>
#include <string_view>

namespace fakes::config {

std::map<std::string, std::string> parseDotenv(std::string_view text);

}  // namespace fakes::config
