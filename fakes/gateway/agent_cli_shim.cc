#include "fakes/gateway/agent_cli_shim.h"

#include <sys/stat.h>

#include <fstream>
#include <vector>

#include "harness/process/process_runner.h"

namespace fakes::gateway {

namespace fs = std::filesystem;
using harness::Error;
using harness::ErrorCode;

harness::Result<fs::path> writeAgentCliShim(const fs::path& stateDir, const std::string& profile, const fs::path& openclaw) {
  const fs::path bin = stateDir / "tmp" / "agent-cli";
  std::error_code ec;
  fs::create_directories(bin, ec);
  if (ec) return Error{ErrorCode::Io, ec.message(), bin.string()};
  ::chmod(bin.c_str(), 0700);
  const fs::path shim = bin / "openclaw";
  {
    std::ofstream out(shim, std::ios::trunc);
    const auto args = profile.empty() ? std::vector<std::string>{} : std::vector<std::string>{"--profile", profile};
    out << "#!/bin/sh\nset -eu\nexec " << harness::formatCommandLine(openclaw, args) << " \"$@\"\n";
    if (!out.flush()) return Error{ErrorCode::Io, "cannot write", shim.string()};
  }
  if (::chmod(shim.c_str(), 0700) != 0) return Error{ErrorCode::Io, "cannot chmod", shim.string()};
  return bin;
}

}  // namespace fakes::gateway
