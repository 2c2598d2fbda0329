#pragma once

// verify-host's flags as plain values, one struct for every subcommand (each subcommand
// registers only the flags it takes: harness/cli/command_flags.h). CLI11 stays in the .cc files.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace harness {

struct VerifyHostOptions {
  // Every subcommand: the host and its spec.
  std::string home;                    // --home; empty = $HOME
  std::string specFile;                // --spec
  std::vector<std::string> overrides;  // --set KEY=VALUE
  std::optional<uint16_t> mainPort;    // --main-port (wins over --set main.port)
  std::optional<uint16_t> rescuePort;  // --rescue-port
  std::string openclawVersion;         // --openclaw-version; empty = the installed CLI's (live), else unknown
  // Every subcommand: the report.
  std::string format = "human";        // --format
  std::string outputFile;              // --output
  bool strict = false;                 // --strict: warnings fail the run
  bool noColour = false;               // --no-color
  // live, disruptive, recover.
  std::optional<double> waitSeconds;   // --wait SECONDS: retry failing live checks until then
  std::string openclawPath;            // --openclaw PATH; empty = `openclaw` in PATH
  std::string launchctlPath;           // --launchctl PATH; empty = /bin/launchctl
  // disruptive.
  bool yes = false;                    // --yes: no confirmation prompt
  std::optional<double> holdSeconds;   // --hold SECONDS (default 20; 5 in the sandbox)
};

}  // namespace harness
