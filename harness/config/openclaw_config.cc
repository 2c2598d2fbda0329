#include "harness/config/openclaw_config.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "harness/config/env_substitution.h"
#include "harness/config/json5.h"
#include "harness/core/file_reader.h"

namespace harness {
namespace {

using nlohmann::json;

const char* typeName(const json& value) {
  switch (value.type()) {
    case json::value_t::null: return "null";
    case json::value_t::boolean: return "boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float: return "number";
    case json::value_t::string: return "string";
    case json::value_t::object: return "object";
    case json::value_t::array: return "array";
    case json::value_t::binary: return "binary";
    case json::value_t::discarded: return "discarded";
  }
  return "unknown";
}

// An integral number that fits int64 (19001 and 19001.0 do, 19001.5 does not).
std::optional<int64_t> asInteger(const json& value) {
  if (value.is_number_integer() && !value.is_number_unsigned()) return value.get<int64_t>();
  if (value.is_number_unsigned()) {
    const auto u = value.get<uint64_t>();
    if (u <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return static_cast<int64_t>(u);
    return std::nullopt;
  }
  if (value.is_number_float()) {
    const double d = value.get<double>();
    // -2^63 is exact as a double; 2^63 is the first value that does not fit.
    if (std::isfinite(d) && std::trunc(d) == d && d >= -9223372036854775808.0 && d < 9223372036854775808.0) {
      return static_cast<int64_t>(d);
    }
  }
  return std::nullopt;
}

bool isSecretRefShape(const json& value, bool underSecretKey) {
  if (!value.is_object()) return false;
  auto source = value.find("source");
  auto id = value.find("id");
  if (source == value.end() || id == value.end() || !source->is_string() || !id->is_string()) return false;
  for (auto it = value.begin(); it != value.end(); ++it) {
    if (it.key() != "source" && it.key() != "id" && it.key() != "provider") return false;
  }
  if (underSecretKey) return !source->get_ref<const std::string&>().empty();
  // Elsewhere only the exact OpenClaw shape counts, to keep unrelated {source, id} objects out.
  const auto& s = source->get_ref<const std::string&>();
  return (s == "env" || s == "file" || s == "exec") && value.contains("provider");
}

class Resolver {
 public:
  Resolver(OpenClawConfig& config, const ConfigEnvironment& env) : config_(config), env_(env) {}

  void walk(json& node, const KeyPath& path, bool secret) {
    if (node.is_string()) {
      resolveString(node, path, secret);
    } else if (node.is_object()) {
      for (auto it = node.begin(); it != node.end(); ++it) {
        const std::string& key = it.key();
        KeyPath childPath = childKeyPath(path, key);
        if (key == "$include") {
          config_.issues.push_back({ConfigIssueKind::Include, childPath,
                                    "$include is not followed by the harness; the included file is not checked"});
          continue;
        }
        walkChild(it.value(), childPath, secret || isSecretKeyName(key));
      }
    } else if (node.is_array()) {
      for (size_t i = 0; i < node.size(); ++i) walkChild(node[i], childKeyPath(path, i), secret);
    }
  }

 private:
  void walkChild(json& child, const KeyPath& path, bool secret) {
    if (isSecretRefShape(child, secret)) {
      const auto& source = child["source"].get_ref<const std::string&>();
      config_.issues.push_back({ConfigIssueKind::SecretRef, path,
                                "SecretRef (source \"" + source +
                                    "\") is not resolved by the harness; its value is not checked"});
      return;  // its fields name where the secret lives; they are not secret values
    }
    walk(child, path, secret);
  }

  void resolveString(json& node, const KeyPath& path, bool secret) {
    const std::string& original = node.get_ref<const std::string&>();
    Substitution sub = substituteEnv(original, env_);
    for (const std::string& name : sub.unresolved) {
      config_.issues.push_back({ConfigIssueKind::UnresolvedEnvVar, path,
                                "${" + name + "} is not set or empty; the value stays unresolved"});
    }
    if (secret) {
      if (!sub.onlyUnresolved) addSecret(sub.text);
      for (std::string_view value : sub.values) addSecret(value);
    }
    if (sub.text != original) node = std::move(sub.text);
  }

  void addSecret(std::string_view value) {
    if (value.empty()) return;
    auto& secrets = config_.secretValues;
    if (std::find(secrets.begin(), secrets.end(), value) == secrets.end()) secrets.emplace_back(value);
  }

  OpenClawConfig& config_;
  const ConfigEnvironment& env_;
};

std::optional<std::string> optionalPath(const json& entry, const char* key, const std::filesystem::path& home) {
  auto it = entry.find(key);
  if (it == entry.end() || !it->is_string()) return std::nullopt;
  return expandHome(it->get_ref<const std::string&>(), home);
}

void buildAgents(OpenClawConfig& config, const std::filesystem::path& home) {
  auto agentsIt = config.resolved.find("agents");
  if (agentsIt == config.resolved.end() || !agentsIt->is_object()) return;
  const json& agents = *agentsIt;
  auto listIt = agents.find("list");
  auto entriesIt = agents.find("entries");
  const bool hasList = listIt != agents.end() && listIt->is_array();
  const bool hasEntries = entriesIt != agents.end() && entriesIt->is_object();
  config.agentLayout = hasList && hasEntries ? AgentLayout::Both
                       : hasList             ? AgentLayout::List
                       : hasEntries          ? AgentLayout::Entries
                                             : AgentLayout::None;
  if (hasList) {
    for (size_t i = 0; i < listIt->size(); ++i) {
      const json& entry = (*listIt)[i];
      if (!entry.is_object()) continue;
      auto id = entry.find("id");
      if (id == entry.end() || !id->is_string() || id->get_ref<const std::string&>().empty()) continue;
      AgentEntry agent;
      agent.id = id->get<std::string>();
      agent.keyPath = childKeyPath("agents.list", i);
      agent.workspace = optionalPath(entry, "workspace", home);
      agent.agentDir = optionalPath(entry, "agentDir", home);
      agent.raw = &entry;
      config.agents.push_back(std::move(agent));
    }
  }
  if (hasEntries) {
    for (auto it = entriesIt->begin(); it != entriesIt->end(); ++it) {
      if (!it->is_object() || it.key().empty()) continue;
      if (config.agent(it.key()) != nullptr) continue;  // listed already: the list wins
      AgentEntry agent;
      agent.id = it.key();
      agent.keyPath = childKeyPath("agents.entries", it.key());
      agent.workspace = optionalPath(*it, "workspace", home);
      agent.agentDir = optionalPath(*it, "agentDir", home);
      agent.raw = &*it;
      config.agents.push_back(std::move(agent));
    }
  }
}

// Line and column of the first value in a JSON5 text (after whitespace and comments), for the
// "root is not an object" error. The text has parsed, so comments are terminated.
std::string rootPosition(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') {
      ++i;
    } else if (text.substr(i, 3) == "\xEF\xBB\xBF") {
      i += 3;
    } else if (text.substr(i, 2) == "//") {
      while (i < text.size() && text[i] != '\n' && text[i] != '\r') ++i;
    } else if (text.substr(i, 2) == "/*") {
      size_t end = text.find("*/", i + 2);
      i = end == std::string_view::npos ? text.size() : end + 2;
    } else {
      break;
    }
  }
  size_t line = 1;
  size_t column = 1;
  for (size_t k = 0; k < i && k < text.size(); ++k) {
    const auto c = static_cast<unsigned char>(text[k]);
    if (c == '\n' || (c == '\r' && (k + 1 >= text.size() || text[k + 1] != '\n'))) {
      ++line;
      column = 1;
    } else if (c != '\r' && (c & 0xC0) != 0x80) {
      ++column;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

}  // namespace

const char* toString(ConfigIssueKind kind) {
  switch (kind) {
    case ConfigIssueKind::DuplicateKey: return "duplicate-key";
    case ConfigIssueKind::UnresolvedEnvVar: return "unresolved-env-var";
    case ConfigIssueKind::Include: return "include";
    case ConfigIssueKind::SecretRef: return "secret-ref";
  }
  return "unknown";
}

const char* toString(AgentLayout layout) {
  switch (layout) {
    case AgentLayout::None: return "none";
    case AgentLayout::List: return "list";
    case AgentLayout::Entries: return "entries";
    case AgentLayout::Both: return "both";
  }
  return "unknown";
}

std::string expandHome(std::string_view path, const std::filesystem::path& home) {
  if (path.empty() || path[0] != '~' || home.empty()) return std::string(path);
  if (path.size() > 1 && path[1] != '/') return std::string(path);  // ~user/x: not ours to guess
  std::string out = home.string();
  while (!out.empty() && out.back() == '/') out.pop_back();
  out.append(path.substr(1));
  return out.empty() ? "/" : out;
}

OpenClawConfig::OpenClawConfig(const OpenClawConfig& other)
    : path(other.path),
      raw(other.raw),
      resolved(other.resolved),
      issues(other.issues),
      secretValues(other.secretValues),
      agentLayout(other.agentLayout),
      agents(other.agents) {
  rebindAgents();
}

// A moved nlohmann::json keeps its heap nodes, so raw pointers into `resolved` stay valid.
OpenClawConfig::OpenClawConfig(OpenClawConfig&& other) noexcept = default;
OpenClawConfig& OpenClawConfig::operator=(OpenClawConfig&& other) noexcept = default;

OpenClawConfig& OpenClawConfig::operator=(const OpenClawConfig& other) {
  if (this != &other) {
    OpenClawConfig copy(other);
    *this = std::move(copy);
  }
  return *this;
}

void OpenClawConfig::rebindAgents() {
  for (AgentEntry& agent : agents) {
    Lookup lookup = find(agent.keyPath);
    agent.raw = lookup.present() ? lookup.value : nullptr;
  }
}

Lookup OpenClawConfig::find(std::string_view keyPath) const {
  Lookup lookup;
  auto segments = parseKeyPath(keyPath);
  if (!segments) return lookup;
  const json* node = &resolved;
  for (const KeyPathSegment& segment : *segments) {
    if (segment.isIndex) {
      if (!node->is_array() || segment.index >= node->size()) return lookup;
      node = &(*node)[segment.index];
    } else {
      if (!node->is_object()) return lookup;
      auto it = node->find(segment.key);
      if (it == node->end()) return lookup;
      node = &*it;
    }
  }
  lookup.state = Lookup::State::Present;
  lookup.value = node;
  return lookup;
}

namespace {

template <typename Accept>
Lookup findTyped(const OpenClawConfig& config, std::string_view keyPath, Accept accept) {
  Lookup lookup = config.find(keyPath);
  if (lookup.present() && !accept(*lookup.value)) {
    lookup.state = Lookup::State::WrongType;
    lookup.actualType = typeName(*lookup.value);
  }
  return lookup;
}

}  // namespace

Lookup OpenClawConfig::findString(std::string_view keyPath) const {
  return findTyped(*this, keyPath, [](const json& v) { return v.is_string(); });
}

Lookup OpenClawConfig::findBool(std::string_view keyPath) const {
  return findTyped(*this, keyPath, [](const json& v) { return v.is_boolean(); });
}

Lookup OpenClawConfig::findInteger(std::string_view keyPath) const {
  return findTyped(*this, keyPath, [](const json& v) { return asInteger(v).has_value(); });
}

Lookup OpenClawConfig::findObject(std::string_view keyPath) const {
  return findTyped(*this, keyPath, [](const json& v) { return v.is_object(); });
}

Lookup OpenClawConfig::findArray(std::string_view keyPath) const {
  return findTyped(*this, keyPath, [](const json& v) { return v.is_array(); });
}

std::optional<std::string> OpenClawConfig::string(std::string_view keyPath) const {
  Lookup lookup = findString(keyPath);
  if (!lookup.present()) return std::nullopt;
  return lookup.value->get<std::string>();
}

std::optional<bool> OpenClawConfig::boolean(std::string_view keyPath) const {
  Lookup lookup = findBool(keyPath);
  if (!lookup.present()) return std::nullopt;
  return lookup.value->get<bool>();
}

std::optional<int64_t> OpenClawConfig::integer(std::string_view keyPath) const {
  Lookup lookup = findInteger(keyPath);
  if (!lookup.present()) return std::nullopt;
  return asInteger(*lookup.value);
}

const AgentEntry* OpenClawConfig::agent(std::string_view id) const {
  for (const AgentEntry& entry : agents) {
    if (entry.id == id) return &entry;
  }
  return nullptr;
}

bool OpenClawConfig::hasIssue(ConfigIssueKind kind) const {
  return std::any_of(issues.begin(), issues.end(), [kind](const ConfigIssue& i) { return i.kind == kind; });
}

Result<OpenClawConfig> parseOpenClawConfig(std::string_view text, const std::filesystem::path& pathForMessages,
                                           const ConfigEnvironment& env) {
  auto parsed = parseJson5(text);
  if (!parsed) {
    Error error = parsed.error();
    error.context = pathForMessages.string();
    return error;
  }
  Json5Document& doc = parsed.value();
  if (!doc.value.is_object()) {
    return Error{ErrorCode::InvalidInput,
                 rootPosition(text) + ": the root value is of type " + typeName(doc.value) +
                     ", an OpenClaw config must be an object",
                 pathForMessages.string()};
  }
  OpenClawConfig config;
  config.path = pathForMessages;
  for (const std::string& key : doc.duplicateKeys) {
    config.issues.push_back({ConfigIssueKind::DuplicateKey, key, "key appears more than once; the last value wins"});
  }
  config.raw = std::move(doc.value);
  config.resolved = config.raw;
  Resolver(config, env).walk(config.resolved, KeyPath(), false);
  buildAgents(config, env.home);
  return config;
}

Result<OpenClawConfig> loadOpenClawConfig(const std::filesystem::path& path, const ConfigEnvironment& env) {
  auto text = readFileLimited(path);
  if (!text) {
    Error error = text.error();
    if (error.context.empty()) error.context = path.string();
    return error;
  }
  return parseOpenClawConfig(*text, path, env);
}

}  // namespace harness
