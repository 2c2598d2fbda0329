#pragma once

// `verify-host --sandbox` and `--against-openclaw` belong to the lab (lab/, the rescue-lab
// executable), which drives the fakes; the product links none of it. verify-host hands such a
// command line over to the rescue-lab beside its own executable (the build puts both in one
// directory) by exec, so the process, its signals and its exit code stay the same:
//   verify-host --sandbox ARGS...             → rescue-lab sandbox ARGS...
//   verify-host --against-openclaw V ARGS...  → rescue-lab drift V ARGS...
// Without a lab beside it (a Mac build, HARNESS_BUILD_LAB=OFF) it says where the lab is, and
// the command exits 2.

#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace harness {

struct LabCommandLine {
  std::string flag;                // the verify-host flag that asked for the lab
  std::string subcommand;          // rescue-lab's: sandbox, drift
  std::vector<std::string> args;   // what follows it
  std::string error;               // set: a usage error (exit 2), nothing to hand over
};

// nullopt when the command line is verify-host's own.
std::optional<LabCommandLine> labCommandLine(int argc, const char* const* argv);

// The rescue-lab that belongs to this verify-host: beside its executable (/proc/self/exe where
// there is one, else argv[0] as given or found in PATH).
std::filesystem::path labExecutableBeside(const char* argv0);

// Runs the lab in this process (exec) and so returns only when it cannot: then it prints why
// and returns 2.
int handOverToLab(const LabCommandLine& command, const std::filesystem::path& lab, std::ostream& err);

}  // namespace harness
