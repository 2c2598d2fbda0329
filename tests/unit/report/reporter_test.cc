#include "harness/report/reporter.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <map>
#include <nlohmann/json.hpp>
#include <optional>

#include "harness/report/human_reporter.h"
#include "harness/report/json_reporter.h"
#include "harness/report/junit_reporter.h"
#include "tests/unit/report/mini_xml.h"
#include "tests/unit/report/report_fixtures.h"

namespace harness {
namespace {

using harness::testing::bytes;
using harness::testing::sampleContext;
using harness::testing::sampleResults;

// ---------------------------------------------------------------------------------------------
// makeReporter

TEST(MakeReporter, CreatesEachFormat) {
  for (std::string_view format : kReportFormats) {
    auto reporter = makeReporter(format, false);
    ASSERT_TRUE(reporter.ok()) << format;
    EXPECT_NE(reporter->get(), nullptr);
  }
  EXPECT_NE(dynamic_cast<HumanReporter*>(makeReporter("human", true)->get()), nullptr);
  EXPECT_NE(dynamic_cast<JsonReporter*>(makeReporter("json", false)->get()), nullptr);
  EXPECT_NE(dynamic_cast<JunitReporter*>(makeReporter("junit", false)->get()), nullptr);
}

TEST(MakeReporter, PassesOptionsThrough) {
  const std::string coloured = (*makeReporter("human", true))->render(sampleResults(), sampleContext(), Redactor());
  EXPECT_NE(coloured.find("\x1b["), std::string::npos);
  const std::string plain = (*makeReporter("human", false))->render(sampleResults(), sampleContext(), Redactor());
  EXPECT_EQ(plain.find("\x1b["), std::string::npos);
  const std::string strict =
      (*makeReporter("junit", false, true))->render(sampleResults(), sampleContext(), Redactor());
  EXPECT_NE(strict.find("failures=\"2\""), std::string::npos) << strict;
}

TEST(MakeReporter, RejectsUnknownFormat) {
  for (std::string_view format : {"", "xml", "JSON", "tap"}) {
    auto reporter = makeReporter(format, false);
    ASSERT_FALSE(reporter.ok()) << format;
    EXPECT_EQ(reporter.error().code, ErrorCode::InvalidInput);
    EXPECT_NE(reporter.error().message.find("human, json or junit"), std::string::npos);
  }
}

// ---------------------------------------------------------------------------------------------
// shouldUseColour

class ShouldUseColour : public ::testing::Test {
 protected:
  static constexpr const char* kNames[] = {"FORCE_COLOR", "NO_COLOR", "TERM"};

  void SetUp() override {
    for (const char* name : kNames) {
      const char* value = std::getenv(name);
      saved_[name] = value ? std::optional<std::string>(value) : std::nullopt;
      ::unsetenv(name);
    }
    ::setenv("TERM", "xterm-256color", 1);
    ASSERT_EQ(::pipe(pipe_), 0);
  }

  void TearDown() override {
    for (const auto& [name, value] : saved_) {
      if (value) {
        ::setenv(name.c_str(), value->c_str(), 1);
      } else {
        ::unsetenv(name.c_str());
      }
    }
    for (int fd : pipe_) {
      if (fd >= 0) ::close(fd);
    }
    if (slave_ >= 0) ::close(slave_);
    if (master_ >= 0) ::close(master_);
  }

  // A terminal file descriptor from a fresh pseudo-terminal, or -1 where none can be opened.
  int terminal() {
    master_ = ::posix_openpt(O_RDWR | O_NOCTTY);
    if (master_ < 0 || ::grantpt(master_) != 0 || ::unlockpt(master_) != 0) return -1;
    const char* name = ::ptsname(master_);
    if (name == nullptr) return -1;
    slave_ = ::open(name, O_RDWR | O_NOCTTY);
    return slave_;
  }

  int notATerminal() const { return pipe_[1]; }

  std::map<std::string, std::optional<std::string>> saved_;
  int pipe_[2] = {-1, -1};
  int master_ = -1;
  int slave_ = -1;
};

TEST_F(ShouldUseColour, PipeIsNotColoured) { EXPECT_FALSE(shouldUseColour(notATerminal())); }

TEST_F(ShouldUseColour, TerminalIsColoured) {
  const int fd = terminal();
  if (fd < 0) GTEST_SKIP() << "no pseudo-terminal available";
  EXPECT_TRUE(shouldUseColour(fd));
}

TEST_F(ShouldUseColour, AnyNonEmptyNoColorDisables) {
  const int fd = terminal();
  if (fd < 0) GTEST_SKIP() << "no pseudo-terminal available";
  for (const char* value : {"1", "0", "false", "yes"}) {
    ::setenv("NO_COLOR", value, 1);
    EXPECT_FALSE(shouldUseColour(fd)) << "NO_COLOR=" << value;
  }
  ::setenv("NO_COLOR", "", 1);
  EXPECT_TRUE(shouldUseColour(fd)) << "an empty NO_COLOR is ignored";
}

TEST_F(ShouldUseColour, DumbTerminalIsNotColoured) {
  const int fd = terminal();
  if (fd < 0) GTEST_SKIP() << "no pseudo-terminal available";
  ::setenv("TERM", "dumb", 1);
  EXPECT_FALSE(shouldUseColour(fd));
}

TEST_F(ShouldUseColour, ForceColorWinsOverEverything) {
  ::setenv("FORCE_COLOR", "1", 1);
  EXPECT_TRUE(shouldUseColour(notATerminal()));
  ::setenv("NO_COLOR", "1", 1);
  ::setenv("TERM", "dumb", 1);
  EXPECT_TRUE(shouldUseColour(notATerminal()));
}

TEST_F(ShouldUseColour, ForceColorZeroOrEmptyDoesNotForce) {
  for (const char* value : {"0", ""}) {
    ::setenv("FORCE_COLOR", value, 1);
    EXPECT_FALSE(shouldUseColour(notATerminal())) << "FORCE_COLOR=" << value;
  }
}

// ---------------------------------------------------------------------------------------------
// Properties every format must have.

struct FormatCase {
  const char* format;
  bool colour;
};

void PrintTo(const FormatCase& c, std::ostream* os) { *os << c.format << (c.colour ? "+colour" : ""); }

class EveryFormat : public ::testing::TestWithParam<FormatCase> {
 protected:
  std::string render(const std::vector<CheckResult>& results, const ReportContext& context,
                     const Redactor& redactor) const {
    auto reporter = makeReporter(GetParam().format, GetParam().colour);
    EXPECT_TRUE(reporter.ok());
    return (*reporter)->render(results, context, redactor);
  }

  // The output is a well-formed document of its format.
  void expectWellFormed(const std::string& out) const {
    const std::string_view format = GetParam().format;
    if (format == "json") {
      EXPECT_FALSE(nlohmann::json::parse(out, nullptr, false).is_discarded()) << out;
    } else if (format == "junit") {
      const auto parsed = harness::testing::parseXml(out);
      EXPECT_TRUE(parsed.ok) << parsed.error << "\n" << out;
    } else if (!GetParam().colour) {
      EXPECT_EQ(out.find('\x1b'), std::string::npos) << out;
    }
  }
};

constexpr std::string_view kCanary = "CANARY-MTIzNDU2Nzg5.dGVzdA.tok";
// A secret whose escaped form differs from its raw bytes in JSON and XML: only redaction
// before escaping catches it.
const std::string kAwkwardSecret = bytes("s3cr\"et&<x>'\\\x01");

TEST_P(EveryFormat, NeverEmitsARegisteredSecret) {
  Redactor redactor;
  redactor.addSecret(kCanary);
  redactor.addSecret(kAwkwardSecret);
  const std::string canary(kCanary);

  std::vector<CheckResult> results = sampleResults();
  for (auto& result : results) {
    result.message += " token=" + canary + " other=" + kAwkwardSecret;
    result.evidence.push_back({"/tmp/" + canary, "key." + kAwkwardSecret, canary + kAwkwardSecret});
    result.remediation += "export TOKEN=" + canary;
    result.requirements.push_back(canary);
  }
  results[0].id = "id." + canary;
  results[1].area = "Area " + kAwkwardSecret;
  ReportContext context = sampleContext();
  context.home = "/home/" + canary;
  context.version = kAwkwardSecret;
  context.mode = canary;
  context.extra = {{canary, kAwkwardSecret}};

  const std::string out = render(results, context, redactor);
  EXPECT_EQ(out.find(canary), std::string::npos) << out;
  EXPECT_EQ(out.find("MTIzNDU2Nzg5"), std::string::npos) << out;
  EXPECT_EQ(out.find("s3cr"), std::string::npos) << "raw or escaped form of the awkward secret\n" << out;
  EXPECT_NE(out.find(Redactor::kMask), std::string::npos) << out;
  expectWellFormed(out);
}

TEST_P(EveryFormat, HostileTextKeepsTheDocumentWellFormed) {
  std::vector<CheckResult> results = sampleResults();
  for (auto& result : results) {
    result.message += bytes(" \x01\x02\x07\x08\x0b\x0c\x0e\x1b[2J\x1f\x7f \xFF\xFE \xC0\xAF \xE2\x82 \xED\xA0\x80 \0 ]]> \"<&>'");
    result.evidence.push_back({bytes("/tmp/\x0c\xFF"), "\x1b]0;x\x07", bytes("\r\n\t\0")});
    result.remediation += "\n\xC2\x9B" "31m";
  }
  results[2].area = bytes("Area\x01\xFF");
  ReportContext context = sampleContext();
  context.home = "/home/\xF4\x90\x80\x80";
  const std::string out = render(results, context, Redactor());
  EXPECT_FALSE(out.empty());
  expectWellFormed(out);
  if (std::string_view(GetParam().format) != "json") {
    // Human and JUnit show control characters rather than emitting them.
    EXPECT_EQ(out.find("\x1b[2J"), std::string::npos) << out;
    EXPECT_EQ(out.find('\0'), std::string::npos);
  }
}

INSTANTIATE_TEST_SUITE_P(Formats, EveryFormat,
                         ::testing::Values(FormatCase{"human", false}, FormatCase{"human", true},
                                           FormatCase{"json", false}, FormatCase{"junit", false}),
                         [](const ::testing::TestParamInfo<FormatCase>& info) {
                           return std::string(info.param.format) + (info.param.colour ? "Colour" : "");
                         });

}  // namespace
}  // namespace harness
