// make-example-home DIR [--break NAME] [--ports MAIN RESCUE] [--labels MAIN RESCUE]: writes the
// runbook's main + rescue layout (the same FixtureHome the tests use, with canary secrets) into
// DIR, for the README's main job, the benchmark, the macOS smoke (ci/macos-smoke.sh) and for
// trying verify-host by hand. --break applies one well-known mistake; --ports and --labels move
// the two gateways off the runbook's ports and labels (configs and plists alike), so a real
// launchd can run them beside a real OpenClaw.

#include <cstdlib>
#include <cstring>
#include <iostream>

#include <nlohmann/json.hpp>

#include "harness/testing/fixture_home.h"

namespace {

void usage() {
  std::cerr << "usage: make-example-home DIR [--break shared-token|close-ports|no-auth|approvals-on]\n"
               "                         [--ports MAIN RESCUE] [--labels MAIN RESCUE]\n";
}

bool parsePort(const char* text, int& port) {
  char* end = nullptr;
  const long v = std::strtol(text, &end, 10);
  if (end == text || *end != '\0' || v < 1 || v > 65535) return false;
  port = static_cast<int>(v);
  return true;
}

void moveGateway(nlohmann::json& config, nlohmann::json& plist, int port, const std::string& label) {
  if (port > 0) {
    config["gateway"]["port"] = port;
    plist["ProgramArguments"].back() = std::to_string(port);
  }
  if (!label.empty()) {
    plist["Label"] = label;
    plist["EnvironmentVariables"]["OPENCLAW_LAUNCHD_LABEL"] = label;
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::strcmp(argv[1], "--help") == 0) {
    usage();
    return 2;
  }
  std::filesystem::path dir = std::filesystem::absolute(argv[1]);
  harness::testing::FixtureHome home(dir);
  int mainPort = 0, rescuePort = 0;
  std::string mainLabel, rescueLabel;
  for (int i = 2; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--break" && i + 1 < argc) {
      const std::string what = argv[++i];
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
    } else if (arg == "--ports" && i + 2 < argc) {
      if (!parsePort(argv[i + 1], mainPort) || !parsePort(argv[i + 2], rescuePort)) {
        std::cerr << "make-example-home: --ports takes two ports (1-65535)\n";
        return 2;
      }
      i += 2;
    } else if (arg == "--labels" && i + 2 < argc) {
      mainLabel = argv[i + 1];
      rescueLabel = argv[i + 2];
      i += 2;
    } else {
      usage();
      return 2;
    }
  }
  moveGateway(home.mainConfig, home.mainPlist, mainPort, mainLabel);
  moveGateway(home.rescueConfig, home.rescuePlist, rescuePort, rescueLabel);
  home.write();
  std::cout << dir.string() << "\n";
  return 0;
}
