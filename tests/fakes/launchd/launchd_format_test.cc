#include "fakes/launchd/launchd_format.h"

#include <gtest/gtest.h>

#include <sstream>

#include "fakes/launchd/job_spec.h"
#include "fakes/launchd/service_target.h"

namespace fakes::launchd {
namespace {

JobSpec rescueSpec() {
  nlohmann::json plist = {
      {"Label", "ai.openclaw.rescue"},
      {"ProgramArguments", {"/bin/sh", "/h/wrapper.sh", "gateway", "--port", "19101"}},
      {"RunAtLoad", true},
      {"KeepAlive", true},
      {"ExitTimeOut", 20},
      {"ProcessType", "Interactive"},
      {"WorkingDirectory", "/h/.openclaw-rescue"},
      {"StandardOutPath", "/h/log"},
      {"StandardErrorPath", "/h/log"},
      {"EnvironmentVariables", {{"FOO", "bar"}}},
  };
  auto spec = parseJobSpec(plist);
  EXPECT_TRUE(spec);
  return *spec;
}

int countLines(const std::string& text, const std::string& prefix) {
  std::istringstream in(text);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) n += line.rfind(prefix, 0) == 0;
  return n;
}

TEST(LaunchdFormat, RunningServiceUsesLaunchdLayout) {
  JobStatus status;
  status.state = "running";
  status.pid = 4242;
  status.runs = 1;
  status.jobState = "running";
  const std::string out =
      formatServicePrint("gui/0/ai.openclaw.rescue", "gui/0", "/h/Library/LaunchAgents/x.plist", rescueSpec(), status);
  EXPECT_EQ(out.rfind("gui/0/ai.openclaw.rescue = {\n", 0), 0u);
  EXPECT_EQ(out.substr(out.size() - 2), "}\n");
  EXPECT_EQ(countLines(out, "\tstate = "), 1);
  EXPECT_EQ(countLines(out, "\tstate = running"), 1);
  EXPECT_EQ(countLines(out, "\tpid = 4242"), 1);
  EXPECT_EQ(countLines(out, "\tactive count = 1"), 1);
  EXPECT_NE(out.find("\tenvironment = {\n\t\tFOO => bar\n\t\tXPC_SERVICE_NAME => ai.openclaw.rescue\n\t}\n"),
            std::string::npos);
  EXPECT_NE(out.find("\targuments = {\n\t\t/bin/sh\n\t\t/h/wrapper.sh\n\t\tgateway\n\t\t--port\n\t\t19101\n\t}\n"),
            std::string::npos);
  EXPECT_NE(out.find("\tprogram = /bin/sh\n"), std::string::npos);
  EXPECT_NE(out.find("\tdefault environment = {\n\t\tPATH => /usr/bin:/bin:/usr/sbin:/sbin\n\t}\n"), std::string::npos);
  EXPECT_NE(out.find("\texit timeout = 20\n"), std::string::npos);
  EXPECT_NE(out.find("\tspawn type = interactive (4)\n"), std::string::npos);
  EXPECT_NE(out.find("\tlast exit code = (never exited)\n"), std::string::npos);
  EXPECT_NE(out.find("\tproperties = keepalive | runatload | inferred program\n"), std::string::npos);
  EXPECT_NE(out.find("\tworking directory = /h/.openclaw-rescue\n"), std::string::npos);
  EXPECT_EQ(out.find("coalition"), std::string::npos);
}

TEST(LaunchdFormat, StoppedServiceHasNoPidAndShowsExitText) {
  JobStatus status;
  status.runs = 3;
  status.lastExit = ExitInfo::code(78);
  status.jobState = "spawn failed";
  std::string out = formatServicePrint("gui/0/x", "gui/0", "/p", rescueSpec(), status);
  EXPECT_EQ(countLines(out, "\tpid = "), 0);
  EXPECT_EQ(countLines(out, "\tstate = not running"), 1);
  EXPECT_NE(out.find("\tlast exit code = 78: EX_CONFIG\n"), std::string::npos);
  EXPECT_NE(out.find("\tactive count = 0\n"), std::string::npos);

  status.lastExit = ExitInfo::signal(15);
  out = formatServicePrint("gui/0/x", "gui/0", "/p", rescueSpec(), status);
  EXPECT_NE(out.find("\tlast terminating signal = Terminated: 15\n"), std::string::npos);
  EXPECT_EQ(out.find("last exit code"), std::string::npos);
}

TEST(LaunchdFormat, ListHasHeaderAndRows) {
  EXPECT_EQ(formatList({{4242, 0, "a"}, {std::nullopt, -15, "b"}, {std::nullopt, 78, "c"}}),
            "PID\tStatus\tLabel\n4242\t0\ta\n-\t-15\tb\n-\t78\tc\n");
}

TEST(LaunchdFormat, PrintDisabledLayout) {
  EXPECT_EQ(formatPrintDisabled({{"a", true}, {"b", false}}),
            "disabled services = {\n\t\"a\" => disabled\n\t\"b\" => enabled\n}\n\nlogin item associations = {\n}\n");
}

TEST(LaunchdFormat, CodesAndSignals) {
  EXPECT_EQ(exitCodeText(78), "78: EX_CONFIG");
  EXPECT_EQ(exitCodeText(64), "64: EX_USAGE");
  EXPECT_EQ(exitCodeText(1), "1");
  EXPECT_EQ(signalDescription(9), "Killed: 9");
  EXPECT_EQ(errorCodeText(113), "Could not find specified service");
  EXPECT_EQ(errorCodeText(37), "Operation already in progress");
  EXPECT_EQ(errorCodeText(119), "Service is disabled");
  EXPECT_EQ(parseSignal("TERM"), 15);
  EXPECT_EQ(parseSignal("sigkill"), 9);
  EXPECT_EQ(parseSignal("SIGHUP"), 1);
  EXPECT_EQ(parseSignal("10"), 10);
  EXPECT_EQ(parseSignal("NOPE"), std::nullopt);
  EXPECT_EQ(parseSignal("0"), std::nullopt);
}

TEST(ServiceTarget, ParsesForms) {
  auto t = parseServiceTarget("gui/501/ai.openclaw.rescue");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->uid, 501u);
  EXPECT_EQ(t->label, "ai.openclaw.rescue");
  EXPECT_EQ(t->domain(), "gui/501");
  EXPECT_EQ(t->domainDescription(), "user gui: 501");
  t = parseServiceTarget("gui/0");
  ASSERT_TRUE(t);
  EXPECT_FALSE(t->isService());
  t = parseServiceTarget("system/x");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->domainDescription(), "system");
  EXPECT_FALSE(parseServiceTarget("not-a-target"));
  EXPECT_FALSE(parseServiceTarget("gui/abc/x"));
  EXPECT_FALSE(parseServiceTarget("gui//x"));
  EXPECT_FALSE(parseServiceTarget("gui/0/"));
  EXPECT_FALSE(parseServiceTarget("pid/1/x"));
}

TEST(JobSpec, DefaultsAndKeepAliveRules) {
  auto spec = parseJobSpec({{"Label", "l"}, {"Program", "/bin/true"}});
  ASSERT_TRUE(spec);
  EXPECT_EQ(spec->throttleInterval, 10);
  EXPECT_EQ(spec->exitTimeOut, 5);
  EXPECT_FALSE(spec->startsAtLoad());
  EXPECT_FALSE(spec->restartsAfter(ExitInfo::code(1)));
  EXPECT_EQ(spec->argv(), std::vector<std::string>{"/bin/true"});

  spec = parseJobSpec({{"Label", "l"}, {"ProgramArguments", {"x"}}, {"KeepAlive", true}});
  ASSERT_TRUE(spec);
  EXPECT_TRUE(spec->startsAtLoad());
  EXPECT_TRUE(spec->restartsAfter(ExitInfo::code(0)));
  EXPECT_TRUE(spec->restartsAfter(ExitInfo::signal(9)));

  spec = parseJobSpec({{"Label", "l"}, {"ProgramArguments", {"x"}}, {"KeepAlive", {{"SuccessfulExit", false}}}});
  ASSERT_TRUE(spec);
  EXPECT_TRUE(spec->startsAtLoad());
  EXPECT_FALSE(spec->restartsAfter(ExitInfo::code(0)));
  EXPECT_TRUE(spec->restartsAfter(ExitInfo::code(1)));

  spec = parseJobSpec({{"Label", "l"}, {"ProgramArguments", {"x"}}, {"KeepAlive", {{"Crashed", true}}}});
  ASSERT_TRUE(spec);
  EXPECT_FALSE(spec->startsAtLoad());
  EXPECT_TRUE(spec->restartsAfter(ExitInfo::signal(11)));
  EXPECT_FALSE(spec->restartsAfter(ExitInfo::code(1)));

  spec = parseJobSpec({{"Label", "l"}, {"ProgramArguments", {"x"}}, {"Umask", "077"}});
  ASSERT_TRUE(spec);
  EXPECT_EQ(spec->umask, 077u);
}

TEST(JobSpec, RejectsMissingLabelOrProgram) {
  auto noLabel = parseJobSpec({{"ProgramArguments", {"x"}}});
  ASSERT_FALSE(noLabel);
  EXPECT_EQ(noLabel.error().message, "Invalid or missing service identifier");
  auto noProgram = parseJobSpec({{"Label", "l"}});
  ASSERT_FALSE(noProgram);
  EXPECT_EQ(noProgram.error().message, "Invalid or missing Program/ProgramArguments");
}

}  // namespace
}  // namespace fakes::launchd
