#include "harness/core/redactor.h"

#include <gtest/gtest.h>

namespace harness {
namespace {

TEST(Redactor, MasksEveryOccurrence) {
  Redactor r;
  r.addSecret("MTIzNDU2.canary.token");
  EXPECT_EQ(r.redact("a MTIzNDU2.canary.token b MTIzNDU2.canary.token"), "a [redacted] b [redacted]");
}

TEST(Redactor, MasksLongerSecretWholeWhenItContainsAShorterOne) {
  Redactor r;
  r.addSecret("secret1");
  r.addSecret("secret1-and-more");
  EXPECT_EQ(r.redact("x secret1-and-more y secret1"), "x [redacted] y [redacted]");
}

TEST(Redactor, IgnoresValuesTooShortToBeSecrets) {
  Redactor r;
  r.addSecret("on");
  r.addSecret("");
  EXPECT_TRUE(r.empty());
  EXPECT_EQ(r.redact("on and on"), "on and on");
}

TEST(Redactor, DuplicatesAreRegisteredOnce) {
  Redactor r;
  r.addSecret("abcdefgh");
  r.addSecret("abcdefgh");
  EXPECT_EQ(r.size(), 1u);
}

}  // namespace
}  // namespace harness
