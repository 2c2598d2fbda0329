#pragma once

// OpenClaw's ${NAME} substitution in config strings, as the gateway applies it when it reads
// openclaw.json: NAME = [A-Z_][A-Z0-9_]*, $${NAME} is an escape for the literal ${NAME}, anything
// else (lowercase names, no closing brace) stays as written. Internal to harness/config.

#include <string>
#include <string_view>
#include <vector>

#include "harness/config/openclaw_config.h"

namespace harness {

struct Substitution {
  std::string text;
  std::vector<std::string> unresolved;    // names of unset or empty variables, in order
  std::vector<std::string_view> values;   // values substituted (views into env.vars)
  bool onlyUnresolved = false;            // the whole string is one unresolved ${VAR}
};

Substitution substituteEnv(std::string_view in, const ConfigEnvironment& env);

}  // namespace harness
