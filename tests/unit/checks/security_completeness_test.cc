// S1–S4 completeness (issue #8): each finding the requirements ask for, failing and passing,
// for every file and value it covers. The per-check tests in security_checks_test.cc hold the
// messages and remediations; these hold the coverage:
//   S1 owner-only Discord settings        rescue.security.discord-owner-only
//   S2 placeholder secrets                security.placeholder-secrets
//   S3 modes and owners of every secret-holding file, the program a plist runs
//                                         security.file-permissions
//   S4 gateway exposure beyond loopback   security.gateway-exposure
//
// File owners are tested without root through the snapshot: HostSnapshot holds the FileInfo of
// every secret-holding file, so a test sets one file's owner and the check must name that file
// and no other.

#include <sys/stat.h>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "harness/testing/scoped_temp_dir.h"
#include "tests/unit/checks/check_test_support.h"

namespace harness {
namespace {

using namespace harness::testing;
namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kOwnerOnly = "rescue.security.discord-owner-only";
constexpr const char* kPlaceholders = "security.placeholder-secrets";
constexpr const char* kPermissions = "security.file-permissions";
constexpr const char* kExposure = "security.gateway-exposure";

// Every secret-holding file a newer release adds, next to the runbook's: service env files,
// the agent database with its sidecars, the state dir's .env and a doctor-migrated JSON store.
void addNewerReleaseFiles(FixtureHome& home) {
  home.write();
  for (const char* state : {".openclaw", ".openclaw-rescue"}) {
    const std::string agent = std::string(state) + (std::string(state) == ".openclaw" ? "/agents/main/agent" : "/agents/rescue/agent");
    writeFile(home.path(std::string(state) + "/service-env/ai.openclaw.gateway.env"), "OPENCLAW_GATEWAY_TOKEN=x\n", 0600);
    writeFile(home.path(std::string(state) + "/.env"), "DISCORD_BOT_TOKEN=x\n", 0600);
    writeFile(home.path(agent + "/openclaw-agent.sqlite"), "SQLite format 3", 0600);
    writeFile(home.path(agent + "/openclaw-agent.sqlite-wal"), "", 0600);
    writeFile(home.path(agent + "/openclaw-agent.sqlite-shm"), "", 0600);
    writeFile(home.path(agent + "/auth-profiles.json.migrated-20261101"), "{}", 0600);
  }
}

std::vector<std::string> secretFiles() {
  std::vector<std::string> out = {".openclaw/openclaw.json", ".openclaw-rescue/openclaw.json"};
  for (const char* state : {".openclaw", ".openclaw-rescue"}) {
    const std::string agent = std::string(state) + (std::string(state) == ".openclaw" ? "/agents/main/agent" : "/agents/rescue/agent");
    for (const std::string& f : {std::string(state) + "/service-env/ai.openclaw.gateway.env", std::string(state) + "/.env",
                                 agent + "/auth-profiles.json", agent + "/openclaw-agent.sqlite",
                                 agent + "/openclaw-agent.sqlite-wal", agent + "/openclaw-agent.sqlite-shm",
                                 agent + "/auth-profiles.json.migrated-20261101"}) {
      out.push_back(f);
    }
  }
  return out;
}

// The snapshot's FileInfo for a secret file (the seam for owners), or nullptr.
FileInfo* fileInfoFor(HostSnapshot& snap, const fs::path& path) {
  for (InstanceSnapshot* inst : {&snap.main, &snap.rescue}) {
    std::vector<FileInfo*> all = {&inst->config.file, &inst->authProfiles.file, &inst->authDatabase, &inst->dotEnv};
    for (auto& f : inst->authDatabaseSidecars) all.push_back(&f);
    for (auto& f : inst->serviceEnvFiles) all.push_back(&f);
    for (auto& f : inst->migratedAuthProfiles) all.push_back(&f);
    for (FileInfo* f : all) {
      if (f->path == path) return f;
    }
  }
  return nullptr;
}

fs::path useLocalProgram(FixtureHome& home) {
  const fs::path program = home.path("bin/node");
  home.mainPlist["ProgramArguments"][0] = program.string();
  home.rescuePlist["ProgramArguments"][0] = program.string();
  home.write();
  return program;
}

// ---------------------------------------------------------------------------------------------
// S3: modes and owners, file by file.

TEST(SecretFileCoverage, EveryNewerReleaseFilePassesWhenPrivate) {
  FixtureHome home;
  useLocalProgram(home);
  addNewerReleaseFiles(home);
  auto r = runCheck(kPermissions, load(home));
  EXPECT_EQ(r.status, CheckStatus::Pass) << r.message << "\n" << (r.evidence.empty() ? "" : r.evidence[0].detail);
}

TEST(SecretFileCoverage, EachSecretFileReadableByOthersIsNamedAlone) {
  for (const auto& relative : secretFiles()) {
    FixtureHome home;
    useLocalProgram(home);
    addNewerReleaseFiles(home);
    const fs::path path = home.path(relative);
    ASSERT_EQ(::chmod(path.c_str(), 0644), 0) << path;
    auto r = runCheck(kPermissions, load(home));
    ASSERT_EQ(r.status, CheckStatus::Fail) << relative << ": " << r.message;
    EXPECT_TRUE(evidenceMentions(r, path.string())) << relative;
    EXPECT_TRUE(evidenceMentions(r, "mode 0644")) << relative;
    EXPECT_NE(r.remediation.find("chmod 600 " + path.string()), std::string::npos) << r.remediation;
    EXPECT_EQ(r.message.rfind("1 permission problem", 0), 0u) << relative << ": " << r.message;
    expectActionable(r);
  }
}

TEST(SecretFileCoverage, EachSecretFileOwnedBySomeoneElseIsNamedAlone) {
  FixtureHome home;
  useLocalProgram(home);
  addNewerReleaseFiles(home);
  for (const auto& relative : secretFiles()) {
    auto snap = load(home);
    FileInfo* info = fileInfoFor(snap, home.path(relative));
    ASSERT_NE(info, nullptr) << relative << " is not in the snapshot";
    ASSERT_TRUE(info->exists()) << relative;
    info->owner = snap.currentUser + 4242;
    auto r = runCheck(kPermissions, snap);
    ASSERT_EQ(r.status, CheckStatus::Fail) << relative << ": " << r.message;
    EXPECT_TRUE(evidenceMentions(r, "owner uid " + std::to_string(snap.currentUser + 4242))) << relative;
    EXPECT_TRUE(evidenceMentions(r, home.path(relative).string())) << relative;
    EXPECT_EQ(r.message.rfind("1 permission problem", 0), 0u) << relative << ": " << r.message;
    EXPECT_NE(r.remediation.find("chown"), std::string::npos) << r.remediation;
    expectActionable(r);
  }
}

TEST(SecretFileCoverage, StateDirsOwnedBySomeoneElseFail) {
  FixtureHome home;
  useLocalProgram(home);
  for (InstanceSnapshot HostSnapshot::*inst : {&HostSnapshot::main, &HostSnapshot::rescue}) {
    auto snap = load(home);
    (snap.*inst).stateDir.owner = snap.currentUser + 1;
    auto r = runCheck(kPermissions, snap);
    ASSERT_EQ(r.status, CheckStatus::Fail) << r.message;
    EXPECT_TRUE(evidenceMentions(r, (snap.*inst).stateDir.path.string()));
    expectActionable(r);
  }
}

TEST(SecretFileCoverage, ASecretFileThatIsNotARegularFileIsAWarning) {
  FixtureHome home;
  useLocalProgram(home);
  const fs::path dotenv = home.path(".openclaw-rescue/.env");
  ASSERT_EQ(::mkfifo(dotenv.c_str(), 0600), 0);
  auto r = runCheck(kPermissions, load(home));
  ASSERT_EQ(r.status, CheckStatus::Warn) << r.message;
  EXPECT_TRUE(evidenceMentions(r, dotenv.string()));
  EXPECT_TRUE(evidenceMentions(r, "not a regular file"));
  expectActionable(r);
}

// S3: the program a plist runs, and its directory, writable by group or others.
TEST(ProgramWritability, GroupOrWorldWritableProgramOrDirectoryFails) {
  struct Case {
    const char* name;
    mode_t fileMode, dirMode;
  };
  for (const Case& c : {Case{"group-writable program", 0775, 0755}, Case{"world-writable program", 0757, 0755},
                        Case{"group-writable directory", 0755, 0775}, Case{"world-writable directory", 0755, 0757},
                        Case{"world-writable sticky directory", 0755, 01777}}) {
    FixtureHome home;
    const fs::path program = useLocalProgram(home);
    ASSERT_EQ(::chmod(program.c_str(), c.fileMode), 0);
    ASSERT_EQ(::chmod(program.parent_path().c_str(), c.dirMode), 0);
    auto r = runCheck(kPermissions, load(home));
    ASSERT_EQ(r.status, CheckStatus::Fail) << c.name << ": " << r.message;
    EXPECT_TRUE(evidenceMentions(r, c.fileMode != 0755 ? program.string() : program.parent_path().string())) << c.name;
    EXPECT_TRUE(evidenceMentions(r, "ProgramArguments[0]")) << c.name;
    EXPECT_NE(r.remediation.find("go-w"), std::string::npos) << c.name << ": " << r.remediation;
    expectActionable(r);
  }
  FixtureHome home;
  const fs::path program = useLocalProgram(home);
  ASSERT_EQ(::chmod(program.c_str(), 0755), 0);
  ASSERT_EQ(::chmod(program.parent_path().c_str(), 0755), 0);
  EXPECT_EQ(runCheck(kPermissions, load(home)).status, CheckStatus::Pass);
}

TEST(ProgramWritability, TheProgramKeyAndASymlinkedProgramAreJudgedToo) {
  FixtureHome home;
  useLocalProgram(home);
  const fs::path realDir = home.path("opt/node/bin");
  writeFile(realDir / "node", "#!/bin/sh\n", 0755);
  ASSERT_EQ(::chmod(realDir.c_str(), 0777), 0);
  const fs::path link = home.path("bin/node-link");
  fs::create_symlink(realDir / "node", link);
  home.rescuePlist["Program"] = link.string();
  home.write();
  auto r = runCheck(kPermissions, load(home));
  ASSERT_EQ(r.status, CheckStatus::Fail) << r.message;
  EXPECT_TRUE(evidenceMentions(r, realDir.string()));
  EXPECT_TRUE(evidenceMentions(r, "Program"));
  expectActionable(r);
}

// ---------------------------------------------------------------------------------------------
// S2: placeholders, in the config and in the plist's environment.

TEST(PlaceholderCoverage, CommonPlaceholdersFailAtEverySecretKey) {
  const std::vector<std::string> placeholders = {
      "YOUR_TOKEN", "YOUR_RESCUE_BOT_TOKEN", "your-token-here", "changeme", "CHANGE_ME", "<token>", "<your bot token>",
      "xxx", "xxxxxxxxxxxxxxxx", "********", "00000000", "TODO", "REPLACE_WITH_TOKEN", "PASTE_TOKEN_HERE",
      "token-goes-here", "placeholder", "", "   "};
  const std::vector<std::string> pointers = {"/channels/discord/token", "/gateway/auth/token"};
  for (const auto& value : placeholders) {
    for (const auto& pointer : pointers) {
      FixtureHome home;
      home.rescueConfig[json::json_pointer(pointer)] = value;
      auto r = runCheck(kPlaceholders, home);
      ASSERT_EQ(r.status, CheckStatus::Fail) << "'" << value << "' at " << pointer << ": " << r.message;
      expectActionable(r);
      if (value.size() >= 6 && value != "placeholder") {  // the message itself says "placeholders"
        EXPECT_EQ(r.message.find(value), std::string::npos) << "the placeholder is echoed";
      }
    }
    FixtureHome plist;
    plist.rescuePlist["EnvironmentVariables"]["DISCORD_BOT_TOKEN"] = value;
    auto r = runCheck(kPlaceholders, plist);
    EXPECT_EQ(r.status, CheckStatus::Fail) << "'" << value << "' in the plist: " << r.message;
  }
}

TEST(PlaceholderCoverage, AuthStoreCredentialsArePlaceholdersOrWrongTypes) {
  for (const json& value : {json("sk-ant-YOUR_KEY_HERE"), json("changeme"), json(""), json(12345), json::array()}) {
    FixtureHome home;
    home.rescueAuthProfiles["profiles"]["anthropic:default"]["key"] = value;
    auto r = runCheck(kPlaceholders, home);
    ASSERT_EQ(r.status, CheckStatus::Fail) << value.dump() << ": " << r.message;
    EXPECT_TRUE(evidenceMentions(r, home.path(".openclaw-rescue/agents/rescue/agent/auth-profiles.json").string()));
    EXPECT_TRUE(evidenceMentions(r, "profiles.anthropic:default.key")) << value.dump();
    expectActionable(r);
  }
  FixtureHome oauth;
  oauth.mainAuthProfiles["profiles"]["openai:me"] = {{"type", "oauth"}, {"access", "<access token>"}, {"refresh", "x"}};
  auto r = runCheck(kPlaceholders, oauth);
  ASSERT_EQ(r.status, CheckStatus::Fail) << r.message;
  EXPECT_TRUE(evidenceMentions(r, "profiles.openai:me.access"));
  EXPECT_FALSE(evidenceMentions(r, "profiles.openai:me.refresh"));  // short, but not a placeholder
}

TEST(PlaceholderCoverage, RealLookingSecretsPass) {
  for (const std::string& value : {std::string(kCanaryRescueGatewayToken), std::string("0f3c9a1b7d5e2a8c4b6d0e1f3a5c7e9b"),
                                   std::string("MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.xyzXYZ0123456789abcdefghijklmnopq"),
                                   std::string("changeable-but-random-9f8e7d6c5b4a")}) {
    FixtureHome home;
    home.rescueConfig["gateway"]["auth"]["token"] = value;
    auto r = runCheck(kPlaceholders, home);
    EXPECT_EQ(r.status, CheckStatus::Pass) << value << ": " << r.message;
  }
}

// ---------------------------------------------------------------------------------------------
// S1: owner-only Discord settings, each knob failing and passing.

TEST(OwnerOnlyCoverage, EachKnobFailsAndPasses) {
  struct Case {
    const char* name;
    std::function<void(json&)> edit;
    CheckStatus expected;
    const char* key;
  };
  const std::vector<Case> cases = {
      {"dmPolicy open", [](json& d) { d["dmPolicy"] = "open"; }, CheckStatus::Fail, "channels.discord.dmPolicy"},
      {"allowFrom *", [](json& d) { d["allowFrom"] = json::array({"*"}); }, CheckStatus::Fail, "channels.discord.allowFrom"},
      {"allowlist without ids", [](json& d) { d["allowFrom"] = json::array(); }, CheckStatus::Fail,
       "channels.discord.allowFrom"},
      {"groupPolicy open", [](json& d) { d["groupPolicy"] = "open"; }, CheckStatus::Fail, "channels.discord.groupPolicy"},
      {"guild users *", [](json& d) {
         d["groupPolicy"] = "allowlist";
         d["guilds"] = {{"1", {{"users", json::array({"*"})}}}};
       },
       CheckStatus::Fail, "channels.discord.guilds"},
      {"account overrides dmPolicy open", [](json& d) { d["accounts"] = {{"ops", {{"dmPolicy", "open"}}}}; },
       CheckStatus::Fail, "channels.discord.accounts"},
      {"dmPolicy pairing (default)", [](json& d) { d["dmPolicy"] = "pairing"; }, CheckStatus::Pass, nullptr},
      {"guild allowlist naming users", [](json& d) {
         d["groupPolicy"] = "allowlist";
         d["guilds"] = {{"1", {{"users", json::array({kOwnerDiscordId})}}}};
       },
       CheckStatus::Pass, nullptr},
  };
  for (const auto& c : cases) {
    FixtureHome home;
    c.edit(home.rescueConfig["channels"]["discord"]);
    auto r = runCheck(kOwnerOnly, home);
    EXPECT_EQ(r.status, c.expected) << c.name << ": " << r.message;
    if (c.key) {
      EXPECT_TRUE(evidenceMentions(r, c.key)) << c.name;
      expectActionable(r);
    }
  }
  FixtureHome noOwner;
  noOwner.rescueConfig.erase("commands");
  auto r = runCheck(kOwnerOnly, noOwner);
  EXPECT_EQ(r.status, CheckStatus::Warn) << r.message;
  EXPECT_TRUE(evidenceMentions(r, "commands.ownerAllowFrom"));
}

// ---------------------------------------------------------------------------------------------
// S4: every bind beyond loopback, with and without auth, for each gateway.

TEST(ExposureCoverage, EveryNonLoopbackBindFailsWithOrWithoutAuth) {
  for (const char* bind : {"lan", "tailnet", "custom", "auto", "0.0.0.0", "all"}) {
    for (bool withAuth : {true, false}) {
      for (bool rescue : {true, false}) {
        FixtureHome home;
        json& config = rescue ? home.rescueConfig : home.mainConfig;
        config["gateway"]["bind"] = bind;
        if (!withAuth) config["gateway"].erase("auth");
        auto r = runCheck(kExposure, home);
        ASSERT_EQ(r.status, CheckStatus::Fail) << bind << (withAuth ? " with" : " without") << " auth: " << r.message;
        EXPECT_TRUE(evidenceMentions(r, "gateway.bind"));
        EXPECT_TRUE(evidenceMentions(r, (rescue ? home.path(".openclaw-rescue/openclaw.json")
                                                : home.path(".openclaw/openclaw.json"))
                                            .string()));
        if (!withAuth) {
          EXPECT_TRUE(evidenceMentions(r, "gateway.auth"));
        }
        expectActionable(r);
      }
    }
  }
  FixtureHome home;
  EXPECT_EQ(runCheck(kExposure, home).status, CheckStatus::Pass);
}

}  // namespace
}  // namespace harness
