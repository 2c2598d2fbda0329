#include "fakes/common/fake_openclaw_config.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <utility>

#include "harness/config/json5.h"
#include "harness/core/file_reader.h"

namespace fakes::config {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr uintmax_t kMaxConfigBytes = harness::kMaxInputFileBytes;  // 8 MiB

// Zod's names, as OpenClaw's "Expected string, received number" messages use them.
std::string received(const json& value) {
  if (value.is_null()) return "null";
  if (value.is_boolean()) return "boolean";
  if (value.is_number_float()) {
    const double d = value.get<double>();
    return std::isfinite(d) && std::trunc(d) == d ? "number" : "float";
  }
  if (value.is_number()) return "number";
  if (value.is_string()) return "string";
  if (value.is_array()) return "array";
  return "object";
}

struct WrongType {
  std::string key;
  std::string message;
};

[[noreturn]] void wrongType(const std::string& key, const std::string& expected, const json& value) {
  throw WrongType{key, "Expected " + expected + ", received " + received(value)};
}

std::string join(const std::string& parent, const std::string& key) { return parent.empty() ? key : parent + "." + key; }

// ${NAME} with NAME = [A-Z_][A-Z0-9_]*, as OpenClaw's config env substitution; "$${NAME}" is the
// escape for a literal "${NAME}". Anything else stays as written.
std::string substitute(const std::string& in, const std::map<std::string, std::string>& vars) {
  if (in.find("${") == std::string::npos) return in;
  auto isName = [](std::string_view name) {
    if (name.empty() || !(std::isupper(static_cast<unsigned char>(name[0])) || name[0] == '_')) return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
      return std::isupper(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '_';
    });
  };
  std::string out;
  size_t i = 0;
  while (i < in.size()) {
    const bool escaped = in.compare(i, 3, "$${") == 0;
    if (!escaped && in.compare(i, 2, "${") != 0) {
      out.push_back(in[i++]);
      continue;
    }
    const size_t open = i + (escaped ? 3 : 2);
    const size_t close = in.find('}', open);
    const std::string name = close == std::string::npos ? "" : in.substr(open, close - open);
    if (!isName(name)) {
      out.append(in, i, open - i);
      i = open;
      continue;
    }
    auto it = vars.find(name);
    if (escaped || it == vars.end() || it->second.empty()) out.append("${" + name + "}");
    else out.append(it->second);
    i = close + 1;
  }
  return out;
}

void substituteAll(json& node, const std::map<std::string, std::string>& vars) {
  if (node.is_string()) node = substitute(node.get<std::string>(), vars);
  else if (node.is_structured())
    for (auto& child : node) substituteAll(child, vars);
}

// Key names whose string values are secrets (case and '_'/'-' ignored): OpenClaw's redaction
// covers token, password, secret and key-like names; counters like maxTokens are not secrets.
bool isSecretName(std::string_view key) {
  std::string name;
  for (char c : key) {
    if (c != '_' && c != '-') name.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  auto endsWith = [&](std::string_view suffix) {
    return name.size() >= suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  if (endsWith("token")) return name.rfind("max", 0) != 0 && name.rfind("min", 0) != 0 && name.rfind("num", 0) != 0;
  for (std::string_view s : {"password", "passwd", "secret", "apikey", "privatekey", "accesskey", "credential"}) {
    if (endsWith(s)) return true;
  }
  return name == "authorization" || name == "cookie";
}

// {source, id[, provider]}: says where a secret lives, is not one (secretInput resolves it).
bool isSecretRef(const json& node) {
  if (!node.is_object() || !node.contains("source") || !node.contains("id")) return false;
  for (auto it = node.begin(); it != node.end(); ++it) {
    if (it.key() != "source" && it.key() != "id" && it.key() != "provider") return false;
  }
  return true;
}

void collectSecrets(const json& node, bool underSecret, std::vector<std::string>& out) {
  if (isSecretRef(node)) return;
  if (node.is_string()) {
    const auto& s = node.get_ref<const std::string&>();
    if (underSecret && !s.empty() && std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
  } else if (node.is_object()) {
    for (auto it = node.begin(); it != node.end(); ++it) collectSecrets(*it, underSecret || isSecretName(it.key()), out);
  } else if (node.is_array()) {
    for (const auto& child : node) collectSecrets(child, underSecret, out);
  }
}

// Typed reads of the substituted document: absent is nullopt, a wrong type throws WrongType.
class Reader {
 public:
  Reader(const ConfigEnvironment& env, std::vector<std::string>& secrets) : env_(env), secrets_(secrets) {}

  static const json* find(const json* parent, const std::string& key) {
    if (!parent || !parent->is_object()) return nullptr;
    auto it = parent->find(key);
    return it == parent->end() ? nullptr : &*it;
  }

  const json* object(const json* parent, const std::string& key, const std::string& path) const {
    const json* v = find(parent, key);
    if (v && !v->is_object()) wrongType(path, "object", *v);
    return v;
  }

  const json* array(const json* parent, const std::string& key, const std::string& path) const {
    const json* v = find(parent, key);
    if (v && !v->is_array()) wrongType(path, "array", *v);
    return v;
  }

  std::optional<std::string> string(const json* parent, const std::string& key, const std::string& path) const {
    const json* v = find(parent, key);
    if (!v) return std::nullopt;
    if (!v->is_string()) wrongType(path, "string", *v);
    return v->get<std::string>();
  }

  std::optional<bool> boolean(const json* parent, const std::string& key, const std::string& path) const {
    const json* v = find(parent, key);
    if (!v) return std::nullopt;
    if (!v->is_boolean()) wrongType(path, "boolean", *v);
    return v->get<bool>();
  }

  // JavaScript has one number type: 19001 and 19001.0 are the same integer.
  std::optional<int64_t> integer(const json* parent, const std::string& key, const std::string& path) const {
    const json* v = find(parent, key);
    if (!v) return std::nullopt;
    if (v->is_number_integer() && !(v->is_number_unsigned() && v->get<uint64_t>() > INT64_MAX)) return v->get<int64_t>();
    if (v->is_number_float()) {
      const double d = v->get<double>();
      if (std::isfinite(d) && std::trunc(d) == d && std::fabs(d) < 9.0e15) return static_cast<int64_t>(d);
    }
    wrongType(path, "integer", *v);
  }

  // A string, or a SecretRef object; only env SecretRefs resolve here (the fakes have no file or
  // exec secret providers), others read as unset.
  std::optional<std::string> secretInput(const json* parent, const std::string& key, const std::string& path) const {
    const json* v = find(parent, key);
    if (!v) return std::nullopt;
    if (v->is_string()) return v->get<std::string>();
    if (!v->is_object() || !v->contains("source") || !(*v)["source"].is_string() || !v->contains("id") ||
        !(*v)["id"].is_string()) {
      wrongType(path, "string or SecretRef", *v);
    }
    if ((*v)["source"] != "env") return std::nullopt;
    auto it = env_.vars.find((*v)["id"].get<std::string>());
    if (it == env_.vars.end() || it->second.empty()) return std::nullopt;
    if (std::find(secrets_.begin(), secrets_.end(), it->second) == secrets_.end()) secrets_.push_back(it->second);
    return it->second;
  }

  // A model reference: "provider/model" or {primary: "provider/model", fallbacks: [...]}.
  std::string modelRef(const json* parent, const std::string& path) const {
    const json* v = find(parent, "model");
    if (!v) return "";
    if (v->is_string()) return v->get<std::string>();
    if (!v->is_object()) wrongType(join(path, "model"), "string or object", *v);
    return string(v, "primary", join(path, "model.primary")).value_or("");
  }

  std::optional<fs::path> userPath(const json* parent, const std::string& key, const std::string& path) const {
    auto s = string(parent, key, path);
    if (!s) return std::nullopt;
    return fs::path(expandUserPath(*s, env_.home));
  }

 private:
  const ConfigEnvironment& env_;
  std::vector<std::string>& secrets_;
};

void readGateway(const Reader& r, const json& root, GatewaySection& out) {
  const json* gw = r.object(&root, "gateway", "gateway");
  out.port = r.integer(gw, "port", "gateway.port");
  out.mode = r.string(gw, "mode", "gateway.mode");
  out.bind = r.string(gw, "bind", "gateway.bind");
  out.customBindHost = r.string(gw, "customBindHost", "gateway.customBindHost");
  const json* auth = r.object(gw, "auth", "gateway.auth");
  out.authMode = r.string(auth, "mode", "gateway.auth.mode");
  out.authToken = r.secretInput(auth, "token", "gateway.auth.token");
  out.authPassword = r.secretInput(auth, "password", "gateway.auth.password");
}

void readChannelsAndTools(const Reader& r, const json& root, FakeOpenClawConfig& out) {
  const json* discord = r.object(r.object(&root, "channels", "channels"), "discord", "channels.discord");
  out.discord.enabled = r.boolean(discord, "enabled", "channels.discord.enabled");
  out.discord.token = r.secretInput(discord, "token", "channels.discord.token");
  out.discord.dmPolicy = r.string(discord, "dmPolicy", "channels.discord.dmPolicy");
  out.discord.legacyDmPolicy = r.string(r.object(discord, "dm", "channels.discord.dm"), "policy", "channels.discord.dm.policy");
  out.discord.groupPolicy = r.string(discord, "groupPolicy", "channels.discord.groupPolicy");
  if (const json* allow = r.array(discord, "allowFrom", "channels.discord.allowFrom")) {
    out.discord.allowFrom.emplace();
    for (size_t i = 0; i < allow->size(); ++i) {
      const json& id = (*allow)[i];
      if (id.is_string()) out.discord.allowFrom->push_back(id.get<std::string>());
      else if (id.is_number_integer()) out.discord.allowFrom->push_back(id.dump());
      else wrongType("channels.discord.allowFrom[" + std::to_string(i) + "]", "string or number", id);
    }
  }
  const json* exec = r.object(r.object(&root, "tools", "tools"), "exec", "tools.exec");
  out.exec.security = r.string(exec, "security", "tools.exec.security");
  out.exec.mode = r.string(exec, "mode", "tools.exec.mode");
}

Agent readAgent(const Reader& r, const json& entry, std::string id, const std::string& path) {
  Agent a;
  a.id = std::move(id);
  a.workspace = r.userPath(&entry, "workspace", join(path, "workspace"));
  a.agentDir = r.userPath(&entry, "agentDir", join(path, "agentDir"));
  a.model = r.modelRef(&entry, path);
  return a;
}

void readAgents(const Reader& r, const json& root, FakeOpenClawConfig& out) {
  const json* agents = r.object(&root, "agents", "agents");
  out.defaultModel = r.modelRef(r.object(agents, "defaults", "agents.defaults"), "agents.defaults");
  if (const json* list = r.array(agents, "list", "agents.list")) {
    for (size_t i = 0; i < list->size(); ++i) {
      const std::string path = "agents.list[" + std::to_string(i) + "]";
      const json& entry = (*list)[i];
      if (!entry.is_object()) wrongType(path, "object", entry);
      auto id = r.string(&entry, "id", path + ".id");
      if (id && !id->empty()) out.agents.push_back(readAgent(r, entry, *id, path));
    }
  }
  if (const json* entries = r.object(agents, "entries", "agents.entries")) {
    for (auto it = entries->begin(); it != entries->end(); ++it) {
      const std::string path = "agents.entries." + it.key();
      if (!it->is_object()) wrongType(path, "object", *it);
      if (!it.key().empty() && !out.agent(it.key())) out.agents.push_back(readAgent(r, *it, it.key(), path));
    }
  }
  if (const json* bindings = r.array(&root, "bindings", "bindings")) {
    for (size_t i = 0; i < bindings->size() && out.discordAgentId.empty(); ++i) {
      const std::string path = "bindings[" + std::to_string(i) + "]";
      const json* match = r.object(&(*bindings)[i], "match", path + ".match");
      if (r.string(match, "channel", path + ".match.channel").value_or("") == "discord")
        out.discordAgentId = r.string(&(*bindings)[i], "agentId", path + ".agentId").value_or("");
    }
  }
}

void readModelProviders(const Reader& r, const json& root, FakeOpenClawConfig& out) {
  const json* providers = r.object(r.object(&root, "models", "models"), "providers", "models.providers");
  if (!providers) return;
  for (auto it = providers->begin(); it != providers->end(); ++it) {
    const std::string path = "models.providers." + it.key();
    if (!it->is_object()) wrongType(path, "object", *it);
    ModelProvider p;
    p.baseUrl = r.string(&*it, "baseUrl", path + ".baseUrl");
    p.api = r.string(&*it, "api", path + ".api");
    p.apiKey = r.secretInput(&*it, "apiKey", path + ".apiKey");
    out.modelProviders.emplace(it.key(), std::move(p));
  }
}

ConfigRead failure(ConfigReadError::Kind kind, const fs::path& file, std::string message, std::string key = "") {
  return ConfigRead{std::nullopt, ConfigReadError{kind, file, std::move(key), std::move(message)}};
}

}  // namespace

const Agent* FakeOpenClawConfig::agent(std::string_view id) const {
  for (const Agent& a : agents) {
    if (a.id == id) return &a;
  }
  return nullptr;
}

std::string ConfigReadError::describe() const {
  return file.string() + ": " + (key.empty() ? "" : key + ": ") + message;
}

std::string expandUserPath(std::string_view path, const fs::path& home) {
  if (path.empty() || path[0] != '~' || home.empty() || (path.size() > 1 && path[1] != '/')) return std::string(path);
  std::string out = home.string();
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  return out + std::string(path.substr(1));
}

ConfigRead parseFakeOpenClawConfig(std::string_view text, const fs::path& file, const ConfigEnvironment& env) {
  auto parsed = harness::parseJson5(text);
  if (!parsed) return failure(ConfigReadError::Kind::Malformed, file, parsed.error().message);
  if (!parsed->value.is_object()) {
    return failure(ConfigReadError::Kind::WrongType, file, "Expected object, received " + received(parsed->value),
                   "<root>");
  }
  FakeOpenClawConfig config;
  config.file = file;
  config.document = std::move(parsed->value);
  json resolved = config.document;
  substituteAll(resolved, env.vars);
  collectSecrets(resolved, false, config.secrets);
  const Reader reader(env, config.secrets);
  try {
    readGateway(reader, resolved, config.gateway);
    readChannelsAndTools(reader, resolved, config);
    readAgents(reader, resolved, config);
    readModelProviders(reader, resolved, config);
  } catch (const WrongType& e) {
    return failure(ConfigReadError::Kind::WrongType, file, e.message, e.key);
  }
  return ConfigRead{std::move(config), std::nullopt};
}

ConfigRead readFakeOpenClawConfig(const fs::path& file, const ConfigEnvironment& env) {
  auto text = harness::readFileLimited(file, kMaxConfigBytes);
  if (!text) {
    const bool missing = text.error().code == harness::ErrorCode::NotFound;
    return failure(missing ? ConfigReadError::Kind::Missing : ConfigReadError::Kind::Unreadable, file,
                   missing ? "file not found" : text.error().message);
  }
  return parseFakeOpenClawConfig(*text, file, env);
}

}  // namespace fakes::config
