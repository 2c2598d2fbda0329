#include "fakes/gateway/gateway_options.h"

#include <charconv>

namespace fakes::gateway {
namespace {

std::optional<uint16_t> parsePort(const std::string& text) {
  unsigned value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value == 0 || value > 65535) return std::nullopt;
  return static_cast<uint16_t>(value);
}

}  // namespace

std::string gatewayUsage() {
  return "usage: fake-openclaw-gateway [--profile P | --dev] [--port N] [--allow-unconfigured] [--verbose] [--force]";
}

harness::Result<GatewayOptions> parseGatewayOptions(const std::vector<std::string>& args) {
  GatewayOptions out;
  size_t i = 0;
  while (i < args.size() && (args[i] == "gateway" || args[i] == "run")) ++i;
  for (; i < args.size(); ++i) {
    std::string arg = args[i];
    std::optional<std::string> inlineValue;
    if (auto eq = arg.find('='); arg.rfind("--", 0) == 0 && eq != std::string::npos) {
      inlineValue = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
    }
    auto value = [&]() -> harness::Result<std::string> {
      if (inlineValue) return *inlineValue;
      if (i + 1 >= args.size()) return harness::Error{harness::ErrorCode::InvalidInput, "missing value", arg};
      return args[++i];
    };
    if (arg == "--profile") {
      auto v = value();
      if (!v) return v.error();
      out.profile = *v;
    } else if (arg == "--dev") {
      out.profile = "dev";
    } else if (arg == "--port") {
      auto v = value();
      if (!v) return v.error();
      auto port = parsePort(*v);
      if (!port) return harness::Error{harness::ErrorCode::InvalidInput, "invalid port: " + *v, "--port"};
      out.port = *port;
    } else if (arg == "--allow-unconfigured") {
      out.allowUnconfigured = true;
    } else if (arg == "--verbose") {
      out.verbose = true;
    } else if (arg == "--force") {
      out.force = true;
    } else if (arg == "--help" || arg == "-h") {
      out.help = true;
    } else {
      return harness::Error{harness::ErrorCode::InvalidInput, "unknown option", args[i]};
    }
  }
  return out;
}

}  // namespace fakes::gateway
