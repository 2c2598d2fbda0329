#pragma once

// verify-host's subcommands, one file each (CLI11's subcom_in_files): the subcommand's options,
// its setup (flags, help, callback) and its run.
//   verify-host [static] [common flags]                          static_command.cc
//   verify-host live [live flags] [common flags]                 live_command.cc
//   verify-host disruptive [--yes] [--hold S] [live flags] ...   disruptive_command.cc
//   verify-host recover [live flags] [common flags]              recover_command.cc
// Each setup adds its subcommand to `app`; when it runs, `exitCode` gets its exit code.
// runVerifyHost (verify_host_cli.h) calls the setups and parses.

#include <istream>
#include <ostream>

#include "harness/cli/run_context.h"

namespace CLI {
class App;
}  // namespace CLI

namespace harness {

// What a subcommand runs with: the process environment and streams, and (tests) what it reads
// the host through.
struct CommandIo {
  Environment env;
  std::istream& in;
  std::ostream& out;
  std::ostream& err;
  bool inIsTerminal = false;
  bool outIsTerminal = false;
  RunContextSources sources;
};

// The run's context from its flags; null after saying why on io.err (the run exits 2).
RunContextPtr loadRunContextFor(const VerifyHostOptions& options, const CommandIo& io);

void setUpStaticCommand(CLI::App& app, const CommandIo& io, int& exitCode);
void setUpLiveCommand(CLI::App& app, const CommandIo& io, int& exitCode);
void setUpDisruptiveCommand(CLI::App& app, const CommandIo& io, int& exitCode);
void setUpRecoverCommand(CLI::App& app, const CommandIo& io, int& exitCode);

}  // namespace harness
