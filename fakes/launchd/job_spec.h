#pragma once

// JobSpec: the part of a launchd.plist the fake launchd honours, read from the JSON tree
// harness_plist produces. Pure data plus the launchd rules that depend only on the plist
// (does the job start at load, is it restarted after a given exit).

#include <sys/types.h>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/core/result.h"

namespace fakes::launchd {

// How a job's main process ended.
struct ExitInfo {
  enum class Kind { Never, Code, Signal };
  Kind kind = Kind::Never;
  int value = 0;  // exit code or signal number

  static ExitInfo fromWaitStatus(int status);
  static ExitInfo code(int c) { return {Kind::Code, c}; }
  static ExitInfo signal(int s) { return {Kind::Signal, s}; }
  bool crashed() const { return kind == Kind::Signal; }
  bool successful() const { return kind == Kind::Code && value == 0; }
  // launchctl list's status column: exit code, or minus the signal number.
  int listStatus() const { return kind == Kind::Signal ? -value : value; }
};

struct KeepAliveSpec {
  bool present = false;                 // the key exists (true or a dict)
  bool always = false;                  // KeepAlive = true
  std::optional<bool> successfulExit;   // dict form
  std::optional<bool> crashed;          // dict form
};

struct JobSpec {
  static constexpr int kDefaultThrottleInterval = 10;
  static constexpr int kDefaultExitTimeOut = 5;
  static constexpr const char* kDefaultPath = "/usr/bin:/bin:/usr/sbin:/sbin";

  std::string label;
  std::optional<std::string> program;   // Program key
  std::vector<std::string> arguments;   // ProgramArguments
  std::map<std::string, std::string> environment;  // EnvironmentVariables
  std::optional<std::string> workingDirectory;
  std::optional<std::string> standardInPath;
  std::optional<std::string> standardOutPath;
  std::optional<std::string> standardErrorPath;
  std::optional<mode_t> umask;
  bool runAtLoad = false;
  KeepAliveSpec keepAlive;
  int throttleInterval = kDefaultThrottleInterval;
  int exitTimeOut = kDefaultExitTimeOut;
  bool disabled = false;
  bool abandonProcessGroup = false;
  std::string processType;  // "", Interactive, Background, Standard, Adaptive
  nlohmann::json raw;       // the whole plist, for `launchctl list LABEL`

  // Program if set, else ProgramArguments[0] ("inferred program").
  std::string executable() const;
  // argv for exec: ProgramArguments, or {Program} when there are none.
  std::vector<std::string> argv() const;
  // RunAtLoad, KeepAlive true, or a KeepAlive dict with SuccessfulExit (which implies RunAtLoad).
  bool startsAtLoad() const;
  // KeepAlive decision after the main process ended on its own.
  bool restartsAfter(const ExitInfo& exit) const;
};

// Why a plist is not a usable job; the text goes into launchctl's error output.
enum class SpecError { Unreadable, Missing, InvalidPlist, MissingLabel, MissingProgram };

struct SpecFailure {
  SpecError kind;
  std::string message;
};

// Parses a plist's JSON tree; error message is launchd-like ("Invalid or missing Program/ProgramArguments").
harness::Result<JobSpec> parseJobSpec(const nlohmann::json& root);

// Reads and parses a plist file; distinguishes missing files from invalid ones.
struct LoadedSpec {
  std::optional<JobSpec> spec;
  std::optional<SpecFailure> failure;
};
LoadedSpec loadJobSpec(const std::filesystem::path& plistPath);

}  // namespace fakes::launchd
