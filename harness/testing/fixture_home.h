#pragma once

// FixtureHome: the runbook's main + rescue layout (RunbookLayout) in a temporary HOME, for
// tests and the benchmark. Start from the good layout, then break one thing:
//
//   FixtureHome home;
//   home.rescueConfig["gateway"]["port"] = 18790;   // edit the JSON before writing
//   home.write();
//   auto snapshot = loadHostSnapshot(home.spec(), home.environment());
//
// Every secret in it is a canary (kCanary…) so tests can assert none reaches any output.

#include <map>
#include <optional>
#include <string>

#include "harness/sandbox/runbook_layout.h"
#include "harness/testing/scoped_temp_dir.h"

namespace harness::testing {

using harness::kCanaryAnthropicKey;
using harness::kCanaryMainDiscordToken;
using harness::kCanaryMainGatewayToken;
using harness::kCanaryRescueDiscordToken;
using harness::kCanaryRescueGatewayToken;

namespace detail {
// Owns the temporary directory; a base class so it exists before RunbookLayout is built in it.
struct OwnedTempDir {
  std::optional<ScopedTempDir> dir;
};
}  // namespace detail

class FixtureHome : private detail::OwnedTempDir, public RunbookLayout {
 public:
  // A layout in a new temporary directory, removed on destruction.
  FixtureHome();
  // A layout under an existing directory (not removed on destruction).
  explicit FixtureHome(const std::filesystem::path& home);

  std::map<std::string, std::string> environment() const;  // HOME only: hermetic ${VAR} resolution

  // RunbookLayout::write, failing the test (and throwing) when a file cannot be written.
  void write();
};

}  // namespace harness::testing
