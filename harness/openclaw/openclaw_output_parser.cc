#include "harness/openclaw/openclaw_output_parser.h"

#include <cctype>
#include <regex>

namespace harness {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string trim(std::string_view text) {
  size_t b = 0, e = text.size();
  while (b < e && std::isspace(static_cast<unsigned char>(text[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(text[e - 1]))) --e;
  return std::string(text.substr(b, e - b));
}

// `error` is a string (3.24 actions, 3.24 validate) or {type, message} (9.6 cli_error).
std::string errorText(const nlohmann::json& j) {
  if (!j.is_object() || !j.contains("error")) return {};
  const auto& e = j["error"];
  if (e.is_string()) return e.get<std::string>();
  if (e.is_object() && e.contains("message") && e["message"].is_string()) return e["message"].get<std::string>();
  return {};
}

std::string stringAt(const nlohmann::json& j, const char* key) {
  if (j.is_object() && j.contains(key) && j[key].is_string()) return j[key].get<std::string>();
  return {};
}

std::vector<std::pair<std::string, std::string>> pathMessages(const nlohmann::json& j, const char* key) {
  std::vector<std::pair<std::string, std::string>> out;
  if (!j.contains(key) || !j[key].is_array()) return out;
  for (const auto& item : j[key]) {
    if (item.is_object()) out.emplace_back(stringAt(item, "path"), stringAt(item, "message"));
    else if (item.is_string()) out.emplace_back("", item.get<std::string>());
  }
  return out;
}

}  // namespace

const char* toString(GatewayAction action) {
  switch (action) {
    case GatewayAction::Install: return "install";
    case GatewayAction::Start: return "start";
    case GatewayAction::Stop: return "stop";
    case GatewayAction::Restart: return "restart";
    case GatewayAction::Uninstall: return "uninstall";
  }
  return "?";
}

std::string stripAnsi(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\x1b' && i + 1 < text.size() && text[i + 1] == '[') {
      size_t j = i + 2;
      while (j < text.size() && (std::isdigit(static_cast<unsigned char>(text[j])) || text[j] == ';')) ++j;
      if (j < text.size() && text[j] == 'm') {
        i = j;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

Result<nlohmann::json> extractJsonObject(std::string_view raw) {
  const std::string text = stripAnsi(raw);
  size_t pos = 0;
  while (pos < text.size()) {
    size_t lineStart = pos;
    while (lineStart < text.size() && (text[lineStart] == ' ' || text[lineStart] == '\t')) ++lineStart;
    if (lineStart < text.size() && text[lineStart] == '{') {
      auto j = nlohmann::json::parse(text.begin() + static_cast<long>(lineStart), text.end(), nullptr, false);
      if (!j.is_discarded() && j.is_object()) return j;
    }
    size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) break;
    pos = nl + 1;
  }
  return Error{ErrorCode::InvalidInput, "no JSON object in the output", ""};
}

Result<std::string> parseVersionOutput(std::string_view raw) {
  static const std::regex re(R"((?:^|\s|v)(\d{4}\.\d{1,2}\.\d{1,3}(?:-[0-9A-Za-z.]+)?)(?:\s|$|\())");
  const std::string text = stripAnsi(raw);
  std::smatch m;
  if (std::regex_search(text, m, re)) return m[1].str();
  return Error{ErrorCode::InvalidInput, "no OpenClaw release in the --version output", trim(text).substr(0, 80)};
}

bool isRefusalText(std::string_view text) {
  const std::string t = lower(stripAnsi(text));
  return t.find("service management skipped") != std::string::npos ||
         t.find("re-run with --force") != std::string::npos || t.find("unknown option") != std::string::npos ||
         t.find("does not recognize option") != std::string::npos;
}

CommandOutcome parseGatewayActionOutput(GatewayAction action, int exitCode, std::string_view stdoutText,
                                        std::string_view stderrText) {
  CommandOutcome outcome;
  outcome.exitCode = exitCode;
  const std::string out = stripAnsi(stdoutText);
  const std::string err = stripAnsi(stderrText);
  std::string error;
  std::string message;
  std::string result;
  if (auto j = extractJsonObject(out)) {
    error = errorText(*j);
    message = stringAt(*j, "message");
    result = stringAt(*j, "result");
    if (j->contains("ok") && (*j)["ok"].is_boolean() && !(*j)["ok"].get<bool>() && error.empty()) {
      error = message.empty() ? "the command reported ok=false" : message;
    }
  }
  const std::string text = trim(out.empty() || out.front() == '{' ? err : out + (err.empty() ? "" : "\n" + err));
  if (exitCode != 0 && error.empty()) error = trim(err.empty() ? out : err);
  outcome.refused = isRefusalText(error) || (exitCode != 0 && isRefusalText(err));
  const bool didNothing = result == "not-loaded" && (action == GatewayAction::Start || action == GatewayAction::Restart);
  outcome.ok = exitCode == 0 && error.empty() && !outcome.refused && !didNothing;
  if (!error.empty()) outcome.message = error;
  else if (!message.empty()) outcome.message = message;
  else outcome.message = text;
  if (didNothing && outcome.message.find("not loaded") == std::string::npos) {
    outcome.message = "Gateway service not loaded. " + outcome.message;
  }
  return outcome;
}

Result<GatewayServiceStatus> parseGatewayStatusJson(std::string_view stdoutText, const std::string& fallbackLabel) {
  auto j = extractJsonObject(stdoutText);
  if (!j) return Error{ErrorCode::InvalidInput, "gateway status: no JSON object in the output", ""};
  if (!j->contains("service") || !(*j)["service"].is_object()) {
    return Error{ErrorCode::InvalidInput, "gateway status: no \"service\" object", ""};
  }
  GatewayServiceStatus s;
  s.raw = *j;
  const auto& service = (*j)["service"];
  s.loaded = service.value("loaded", false);
  const nlohmann::json runtime = service.value("runtime", nlohmann::json::object());
  s.running = runtime.is_object() && runtime.value("status", "") == "running";
  if (runtime.is_object() && runtime.contains("pid") && runtime["pid"].is_number_integer()) {
    s.pid = runtime["pid"].get<int>();
  }
  const nlohmann::json command = service.value("command", nlohmann::json());
  s.installed = s.loaded || command.is_object();
  s.label = fallbackLabel;
  if (command.is_object()) {
    std::string source = stringAt(command, "sourcePath");
    if (!source.empty()) {
      std::string name = source.substr(source.find_last_of('/') + 1);
      if (name.size() > 6 && name.compare(name.size() - 6, 6, ".plist") == 0) s.label = name.substr(0, name.size() - 6);
    }
  }
  auto portAt = [&](const char* obj) -> std::optional<uint16_t> {
    if (j->contains(obj) && (*j)[obj].is_object() && (*j)[obj].contains("port") && (*j)[obj]["port"].is_number_unsigned()) {
      auto p = (*j)[obj]["port"].get<uint64_t>();
      if (p > 0 && p <= 65535) return static_cast<uint16_t>(p);
    }
    return std::nullopt;
  };
  s.port = portAt("gateway");
  if (!s.port) s.port = portAt("port");
  if (j->contains("rpc") && (*j)["rpc"].is_object() && (*j)["rpc"].contains("ok") && (*j)["rpc"]["ok"].is_boolean()) {
    s.rpcOk = (*j)["rpc"]["ok"].get<bool>();
  }
  return s;
}

Result<ConfigValidation> parseConfigValidateOutput(int exitCode, std::string_view stdoutText,
                                                   std::string_view stderrText) {
  auto j = extractJsonObject(stdoutText);
  if (!j || !j->contains("valid") || !(*j)["valid"].is_boolean()) {
    std::string detail = trim(stripAnsi(stderrText.empty() ? stdoutText : stderrText));
    if (detail.size() > 300) detail = detail.substr(0, 300) + "...";
    return Error{ErrorCode::InvalidInput, "config validate: no {valid: ...} JSON in the output (exit " +
                                              std::to_string(exitCode) + ")" + (detail.empty() ? "" : ": " + detail),
                 ""};
  }
  ConfigValidation v;
  v.raw = *j;
  v.valid = (*j)["valid"].get<bool>() && exitCode == 0;
  v.warnings = pathMessages(*j, "warnings");
  v.issues = pathMessages(*j, "issues");
  v.error = errorText(*j);
  if (!v.valid && v.error.empty() && exitCode != 0 && v.issues.empty()) v.error = "exit code " + std::to_string(exitCode);
  return v;
}

Result<ChannelsStatus> parseChannelsStatusJson(std::string_view stdoutText) {
  auto j = extractJsonObject(stdoutText);
  if (!j || !j->contains("channelAccounts") || !(*j)["channelAccounts"].is_object()) {
    return Error{ErrorCode::InvalidInput, "channels status: no channelAccounts in the output", ""};
  }
  ChannelsStatus s;
  s.raw = *j;
  const auto& accounts = (*j)["channelAccounts"];
  if (accounts.contains("discord") && accounts["discord"].is_array()) {
    for (const auto& a : accounts["discord"]) {
      if (!a.is_object()) continue;
      DiscordAccountStatus d;
      d.accountId = stringAt(a, "accountId");
      d.connected = a.value("connected", false);
      if (a.contains("bot") && a["bot"].is_object()) {
        d.botId = stringAt(a["bot"], "id");
        d.botName = stringAt(a["bot"], "username");
      }
      d.lastError = stringAt(a, "lastError");
      s.discord.push_back(std::move(d));
    }
  }
  return s;
}

Result<SecurityAudit> parseSecurityAuditJson(std::string_view stdoutText) {
  auto j = extractJsonObject(stdoutText);
  if (!j || !j->contains("summary") || !(*j)["summary"].is_object()) {
    return Error{ErrorCode::InvalidInput, "security audit: no summary in the output", ""};
  }
  SecurityAudit a;
  const auto& summary = (*j)["summary"];
  a.critical = summary.value("critical", 0);
  a.warn = summary.value("warn", 0);
  a.info = summary.value("info", 0);
  if (j->contains("findings") && (*j)["findings"].is_array()) {
    for (const auto& f : (*j)["findings"]) {
      if (f.is_object()) a.findings.push_back({stringAt(f, "checkId"), stringAt(f, "severity"), stringAt(f, "title")});
    }
  }
  return a;
}

}  // namespace harness
