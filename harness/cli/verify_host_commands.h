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
#include <string>

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

// Which flag groups a subcommand takes besides the common ones (command_flags.h); it refuses
// the others' flags with the reason.
struct SubcommandFlags {
  bool live = false;
  bool disruptive = false;
};
using SubcommandRun = int (*)(const VerifyHostOptions& options, const CommandIo& io);

// Adds subcommand `name` with its own VerifyHostOptions; when it runs, exitCode gets run's.
void addSubcommand(CLI::App& app, const std::string& name, const std::string& help, SubcommandFlags flags,
                   const CommandIo& io, int& exitCode, SubcommandRun run);

void setUpStaticCommand(CLI::App& app, const CommandIo& io, int& exitCode);
void setUpLiveCommand(CLI::App& app, const CommandIo& io, int& exitCode);
void setUpDisruptiveCommand(CLI::App& app, const CommandIo& io, int& exitCode);
void setUpRecoverCommand(CLI::App& app, const CommandIo& io, int& exitCode);

}  // namespace harness
