#include "fakes/discord/bot_config.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

#include "harness/core/file_reader.h"

namespace fakes::discord {

using harness::Error;
using harness::ErrorCode;

namespace {

Error invalid(const std::string& message) { return Error{ErrorCode::InvalidInput, message, "bots file"}; }

}  // namespace

harness::Result<std::vector<BotConfig>> parseBotsJson(std::string_view text) {
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) return invalid("not a JSON object");
  auto it = doc.find("bots");
  if (it == doc.end() || !it->is_array()) return invalid("\"bots\" must be an array");
  std::vector<BotConfig> bots;
  std::set<std::string> ids;
  for (size_t i = 0; i < it->size(); ++i) {
    const auto& entry = (*it)[i];
    const std::string where = "bots[" + std::to_string(i) + "]";
    if (!entry.is_object()) return invalid(where + " is not an object");
    BotConfig bot;
    // Messages name the field, never its value: the token must not reach any log.
    for (const char* key : {"token", "id", "username"}) {
      auto f = entry.find(key);
      if (f == entry.end() || !f->is_string() || f->get<std::string>().empty())
        return invalid(where + "." + key + " must be a non-empty string");
    }
    bot.token = entry["token"].get<std::string>();
    bot.id = entry["id"].get<std::string>();
    bot.username = entry["username"].get<std::string>();
    bot.applicationId = bot.id;
    if (auto f = entry.find("applicationId"); f != entry.end()) {
      if (!f->is_string() || f->get<std::string>().empty())
        return invalid(where + ".applicationId must be a non-empty string");
      bot.applicationId = f->get<std::string>();
    }
    if (auto f = entry.find("allowMessageContent"); f != entry.end()) {
      if (!f->is_boolean()) return invalid(where + ".allowMessageContent must be a boolean");
      bot.allowMessageContent = f->get<bool>();
    }
    if (!ids.insert(bot.id).second) return invalid(where + ".id is a duplicate");
    for (const auto& other : bots)
      if (tokensEqual(other.token, bot.token)) return invalid(where + ".token is shared with bot " + other.id);
    bots.push_back(std::move(bot));
  }
  return bots;
}

harness::Result<std::vector<BotConfig>> loadBotsFile(const std::filesystem::path& path) {
  auto text = harness::readFileLimited(path);
  if (!text) return text.error();
  auto bots = parseBotsJson(*text);
  if (!bots) return Error{bots.error().code, bots.error().message, path.string()};
  return bots;
}

bool tokensEqual(std::string_view a, std::string_view b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  const size_t n = std::max(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    const unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
    const unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
    diff |= static_cast<unsigned char>(x ^ y);
  }
  return diff == 0;
}

}  // namespace fakes::discord
