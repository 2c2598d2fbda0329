#pragma once

#include <map>
#include <string>

namespace harness {

// This process's environment as a map (entries without '=' or with an empty name skipped).
std::map<std::string, std::string> currentEnvironment();

}  // namespace harness
