#pragma once

// The bots a fake Discord knows, read from the --bots file:
//   {"bots":[{"token":"...","id":"111122223333444455","username":"OpenClaw Main Bot",
//             "applicationId":"(optional, default = id)","allowMessageContent":true}]}
// The token is a secret even in the fake: it is compared, never logged or echoed.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "harness/core/result.h"

namespace fakes::discord {

struct BotConfig {
  std::string token;
  std::string id;
  std::string username;
  std::string applicationId;        // defaults to id
  bool allowMessageContent = true;  // the portal's "Message Content Intent" switch
};

// Errors: InvalidInput for malformed JSON, missing fields or duplicate ids/tokens.
harness::Result<std::vector<BotConfig>> parseBotsJson(std::string_view json);
harness::Result<std::vector<BotConfig>> loadBotsFile(const std::filesystem::path& path);

// Compares two tokens in time independent of where they differ, so the fake does not teach
// tests to rely on anything a real server would not offer.
bool tokensEqual(std::string_view a, std::string_view b);

}  // namespace fakes::discord
