#pragma once

// verify-host's command line, parsed into plain options. CLI11 stays inside the .cc.

#include <optional>
#include <string>
#include <vector>

namespace harness {

struct VerifyHostOptions {
  std::string home;                   // --home; empty = $HOME
  std::string specFile;               // --spec
  std::vector<std::string> overrides; // --set KEY=VALUE (and the named shortcuts)
  std::string format = "human";       // --format
  std::string outputFile;             // --output
  bool strict = false;                // --strict: warnings fail the run
  bool noColour = false;              // --no-color
};

struct ParsedCommandLine {
  std::optional<VerifyHostOptions> options;  // nullopt when parsing ended the run (help, error)
  int exitCode = 0;                          // for that case: 0 after --help/--version, 2 on errors
};

ParsedCommandLine parseVerifyHostCommandLine(int argc, const char* const* argv);

}  // namespace harness
