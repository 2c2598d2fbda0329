// `fake-launchd`: sets up, starts, reboots and shuts down a fake launchd root (README.md).
#include <cstring>

#include "fakes/launchd/supervisor.h"
#include "fakes/launchd/supervisor_client.h"

int main(int argc, char** argv) {
  using namespace fakes::launchd;
  if (argc == 3 && std::strcmp(argv[1], kServeVerb) == 0) return serveMain(argv[2]);
  return fakeLaunchdMain(argc, argv);
}
