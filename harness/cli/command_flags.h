#pragma once

// The flag groups of verify-host's subcommands, registered on a CLI11 (sub)command:
//   common      --home and the report flags                     every subcommand
//   report      --spec, --set, --main-port, --rescue-port,       every subcommand, and the lab's
//               --openclaw-version, --format, --output,          sandbox (rescue-lab sandbox),
//               --strict, --no-color                             which runs verify-host's checks
//   live        --wait, --openclaw, --launchctl                  live, disruptive, recover
//   disruptive  --yes, --hold                                    disruptive
// A subcommand that does not take a group refuses its flags with the reason (RefusedFlags),
// exit 2, rather than CLI11's bare "not expected".

#include <ostream>
#include <string>
#include <vector>

#include "harness/cli/verify_host_options.h"

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace harness {

void addReportFlags(CLI::App& app, VerifyHostOptions& options);
void addCommonFlags(CLI::App& app, VerifyHostOptions& options);
void addLiveFlags(CLI::App& app, VerifyHostOptions& options);
void addDisruptiveFlags(CLI::App& app, VerifyHostOptions& options);

// Flags of another subcommand, accepted on this one (hidden) only to be refused.
class RefusedFlags {
 public:
  // `where` completes "FLAG needs ...", e.g. "`verify-host disruptive`".
  void addLiveFlags(CLI::App& app, const std::string& where);
  void addDisruptiveFlags(CLI::App& app, const std::string& where);
  void add(CLI::Option* option, std::string name, const std::string& where);
  // Prints "verify-host: --hold needs `verify-host disruptive`" for the first one given, and
  // says whether there was one (then the run ends with exit 2).
  bool refuse(std::ostream& err) const;

 private:
  struct Refused {
    CLI::Option* option;
    std::string name;
    std::string where;
  };
  std::vector<Refused> refused_;
};

}  // namespace harness
