#pragma once

// /proc helpers for tests that must prove they left no process behind (fake launchd, the
// scenarios). Linux only, like the CI they run on.

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace harness::testing {

bool processExists(pid_t pid);  // exists and is not a zombie
bool processIsZombie(pid_t pid);
// Live processes (not this one) whose cmdline, environment or cwd contains `needle`.
std::vector<pid_t> processesMentioning(const std::string& needle);
// Zombie children of `parent` (a subreaper that forgot to reap).
std::vector<pid_t> zombieChildrenOf(pid_t parent);
// A pid written as text in `file`; nullopt when missing, malformed or <= 1.
std::optional<pid_t> readPidFile(const std::filesystem::path& file);
// Reaps every exited child of this process without blocking.
void reapExitedChildren();

}  // namespace harness::testing
