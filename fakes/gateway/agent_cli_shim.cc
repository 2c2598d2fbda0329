#include "fakes/gateway/agent_cli_shim.h"

#include <sys/stat.h>

#include <fstream>

namespace fakes::gateway {

namespace fs = std::filesystem;
using harness::Error;
using harness::ErrorCode;

namespace {

std::string singleQuoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

harness::Result<fs::path> writeAgentCliShim(const fs::path& stateDir, const std::string& profile, const fs::path& openclaw) {
  const fs::path bin = stateDir / "tmp" / "agent-cli";
  std::error_code ec;
  fs::create_directories(bin, ec);
  if (ec) return Error{ErrorCode::Io, ec.message(), bin.string()};
  ::chmod(bin.c_str(), 0700);
  const fs::path shim = bin / "openclaw";
  {
    std::ofstream out(shim, std::ios::trunc);
    out << "#!/bin/sh\nset -eu\nexec " << singleQuoted(openclaw.string())
        << (profile.empty() ? std::string() : " --profile " + singleQuoted(profile)) << " \"$@\"\n";
    if (!out.flush()) return Error{ErrorCode::Io, "cannot write", shim.string()};
  }
  if (::chmod(shim.c_str(), 0700) != 0) return Error{ErrorCode::Io, "cannot chmod", shim.string()};
  return bin;
}

}  // namespace fakes::gateway
