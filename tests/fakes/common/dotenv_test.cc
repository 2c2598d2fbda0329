// <stateDir>/.env as OpenClaw (the dotenv package) reads it.

#include "fakes/common/dotenv.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace fakes::config {
namespace {

using ::testing::Pair;
using ::testing::UnorderedElementsAre;

TEST(FakeDotenvTest, ReadsAssignmentsQuotesAndComments) {
  const auto vars = parseDotenv(
      "# a comment\n"
      "DISCORD_API_URL=http://127.0.0.1:4000/api/v10\n"
      "export TOKEN = 'single # not a comment'\r\n"
      "DOUBLE=\"a\\nb\"\n"
      "MULTI=\"line one\nline two\"\n"
      "PLAIN=  value with spaces   # trailing comment\n"
      "COLON: yes\n"
      "not an assignment\n"
      "EMPTY=\n"
      "PLAIN=last wins\n");
  EXPECT_THAT(vars, UnorderedElementsAre(Pair("DISCORD_API_URL", "http://127.0.0.1:4000/api/v10"),
                                         Pair("TOKEN", "single # not a comment"), Pair("DOUBLE", "a\nb"),
                                         Pair("MULTI", "line one\nline two"), Pair("PLAIN", "last wins"),
                                         Pair("COLON", "yes"), Pair("EMPTY", "")));
}

TEST(FakeDotenvTest, UnterminatedQuoteIsReadAsPlainText) {
  EXPECT_THAT(parseDotenv("A='open\nB=2\n"), UnorderedElementsAre(Pair("A", "'open"), Pair("B", "2")));
}

}  // namespace
}  // namespace fakes::config
