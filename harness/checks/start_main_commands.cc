#include "harness/checks/start_main_commands.h"

#include "harness/checks/check_support.h"

namespace harness {

std::string unsetSelectorsStartCommand() {
  std::string form = "env";
  for (const char* var : kInheritedProfileSelectors) form += std::string(" -u ") + var;
  return form + " openclaw gateway start";
}

std::string launchdStartCommand(const InstanceSpec& main) {
  return "launchctl bootstrap gui/$(id -u) " + shellQuote(main.plistPath.string()) +
         " 2>/dev/null; launchctl kickstart -k gui/$(id -u)/" + main.label;
}

}  // namespace harness
