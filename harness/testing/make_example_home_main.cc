// make-example-home DIR [--break NAME]: writes the runbook's main + rescue layout (the same
// FixtureHome the tests use, with canary secrets) into DIR, for the README's main job, the
// benchmark and for trying verify-host by hand. --break applies one well-known mistake.

#include <cstring>
#include <iostream>

#include "harness/testing/fixture_home.h"

int main(int argc, char** argv) {
  if (argc < 2 || std::strcmp(argv[1], "--help") == 0) {
    std::cerr << "usage: make-example-home DIR [--break shared-token|close-ports|no-auth|approvals-on]\n";
    return 2;
  }
  std::filesystem::path dir = std::filesystem::absolute(argv[1]);
  harness::testing::FixtureHome home(dir);
  if (argc >= 4 && std::strcmp(argv[2], "--break") == 0) {
    std::string what = argv[3];
    if (what == "shared-token") {
      home.rescueConfig["channels"]["discord"]["token"] = harness::testing::kCanaryMainDiscordToken;
    } else if (what == "close-ports") {
      home.rescueConfig["gateway"]["port"] = 18809;
    } else if (what == "no-auth") {
      home.writeRescueAuthProfiles = false;
    } else if (what == "approvals-on") {
      home.rescueConfig["tools"]["exec"]["ask"] = "on-miss";
    } else {
      std::cerr << "make-example-home: unknown mistake " << what << "\n";
      return 2;
    }
  }
  home.write();
  std::cout << dir.string() << "\n";
  return 0;
}
