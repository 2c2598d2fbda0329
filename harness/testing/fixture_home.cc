#include "harness/testing/fixture_home.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace harness::testing {
namespace {

detail::OwnedTempDir newTempDir() {
  detail::OwnedTempDir owned;
  owned.dir.emplace("fixture-home");
  return owned;
}

}  // namespace

FixtureHome::FixtureHome() : detail::OwnedTempDir(newTempDir()), RunbookLayout(dir->path()) {}

FixtureHome::FixtureHome(const std::filesystem::path& home) : RunbookLayout(home) {}

std::map<std::string, std::string> FixtureHome::environment() const { return {{"HOME", home().string()}}; }

void FixtureHome::write() {
  if (auto s = RunbookLayout::write(); !s) {
    ADD_FAILURE() << "fixture home: " << s.error().describe();
    throw std::runtime_error(s.error().describe());
  }
}

}  // namespace harness::testing
