// `launchctl`: the fake launchctl client (see README.md). The hidden first argument
// kServeVerb turns this same binary into the supervisor it daemonises.
#include <cstring>

#include "fakes/launchd/supervisor.h"
#include "fakes/launchd/supervisor_client.h"

int main(int argc, char** argv) {
  using namespace fakes::launchd;
  if (argc == 3 && std::strcmp(argv[1], kServeVerb) == 0) return serveMain(argv[2]);
  return launchctlMain(argc, argv);
}
