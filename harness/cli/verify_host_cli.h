#pragma once

// verify-host's command line, parsed and run: the subcommands (verify_host_commands.h), static
// when none is named, and the old flat mode flags for one release (legacy_flags.h). The binary's
// main() and the tests run exactly this.

#include "harness/cli/verify_host_commands.h"

namespace harness {

// argv as main() gets it (--sandbox and --against-openclaw were already handed over to the
// lab). Returns the exit code: the subcommand's, 0 after --help / --version, 2 on usage errors.
int runVerifyHost(int argc, const char* const* argv, const CommandIo& io);

}  // namespace harness
