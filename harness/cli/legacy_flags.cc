#include "harness/cli/legacy_flags.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace harness {
namespace {

constexpr std::array<std::string_view, 4> kSubcommands = {"static", "live", "disruptive", "recover"};
constexpr std::array<std::string_view, 3> kTopLevel = {"--help", "-h", "--version"};

template <size_t N>
bool isOneOf(const std::string& arg, const std::array<std::string_view, N>& names) {
  return std::find(names.begin(), names.end(), arg) != names.end();
}

}  // namespace

std::vector<std::string> withSubcommand(std::vector<std::string> args, std::ostream& err) {
  if (!args.empty() && (isOneOf(args.front(), kSubcommands) || isOneOf(args.front(), kTopLevel))) return args;
  bool live = false, disruptive = false, recover = false;
  std::vector<std::string> used;
  std::vector<std::string> rest;
  for (auto& arg : args) {
    bool* mode = arg == "--live"         ? &live
                 : arg == "--disruptive" ? &disruptive
                 : arg == "--recover"    ? &recover
                                         : nullptr;
    if (mode) {
      *mode = true;
      used.push_back(arg);
    } else {
      rest.push_back(std::move(arg));
    }
  }
  const std::string subcommand = recover ? "recover" : disruptive ? "disruptive" : live ? "live" : "static";
  if (subcommand != "disruptive") rest.erase(std::remove(rest.begin(), rest.end(), "--yes"), rest.end());
  if (!used.empty()) {
    std::string flags;
    for (const auto& flag : used) flags += (flags.empty() ? "" : " ") + flag;
    err << "verify-host: " << flags << (used.size() == 1 ? " is" : " are") << " deprecated; use `verify-host "
        << subcommand << "` (the old flags work for one more release)\n";
  }
  rest.insert(rest.begin(), subcommand);
  return rest;
}

}  // namespace harness
