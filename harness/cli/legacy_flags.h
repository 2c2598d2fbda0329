#pragma once

// verify-host's command line before it had subcommands, kept working for one release:
//   verify-host [flags]                → verify-host static [flags]
//   verify-host --live [flags]         → verify-host live [flags]
//   verify-host --disruptive [flags]   → verify-host disruptive [flags]   (--disruptive implied --live)
//   verify-host --recover [flags]      → verify-host recover [flags]      (--recover wins over both)
// with one note on stderr per run that used a mode flag. The old parser took --yes with any
// mode and ignored it outside --disruptive; so does this. Delete this file with the old flags.

#include <ostream>
#include <string>
#include <vector>

namespace harness {

// `args` is argv without argv[0]. Returns the arguments with a subcommand first; a command line
// that starts with a subcommand or asks for the top-level --help / --version comes back as is.
std::vector<std::string> withSubcommand(std::vector<std::string> args, std::ostream& err);

}  // namespace harness
