// Bad input, measured: launchctl output. The `print`, `print-disabled` and `list` parsers get
// the recorded real outputs (tests/unit/launchd/testdata) cut at every line and mid-line, with
// lines dropped, duplicated and re-indented, plus hostile texts (tests/corpus/launchctl/ and
// generated ones). Each must parse into a value or give a clean InvalidInput/TooLarge error;
// none may crash or hang. A sample then goes through the real LaunchctlServiceManager, with a
// `launchctl` that prints the hostile text, and must come back as a clean error or a state.

#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "harness/launchd/launchctl_print_parser.h"
#include "harness/launchd/launchctl_service_manager.h"
#include "harness/testing/scoped_temp_dir.h"
#include "tests/unit/hardening/hardening_support.h"

namespace harness {
namespace {

namespace fs = std::filesystem;
using namespace harness::testing;

std::vector<std::string> splitLines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

std::string joinLines(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

// Runs all three parsers on the text: whatever they make of it, the result must be a value or
// an error with a message, and a parsed pid is strictly positive.
void parseAll(const std::string& name, const std::string& text) {
  runBounded(name, [&] {
    auto job = parseLaunchctlPrint(text);
    if (job) {
      EXPECT_TRUE(job->loaded) << name;
      if (job->pid) {
        EXPECT_GT(*job->pid, 0) << name;
      }
    } else {
      EXPECT_FALSE(job.error().message.empty()) << name;
      EXPECT_TRUE(job.error().code == ErrorCode::InvalidInput || job.error().code == ErrorCode::TooLarge)
          << name << ": " << job.error().describe();
    }
    auto disabled = parseLaunchctlPrintDisabled(text);
    if (!disabled) {
      EXPECT_FALSE(disabled.error().message.empty()) << name;
    }
    auto list = parseLaunchctlList(text);
    if (!list) {
      EXPECT_FALSE(list.error().message.empty()) << name;
    }
  });
}

class LaunchctlCorpus : public ::testing::Test {
 protected:
  CorpusCount count_{"launchctl output"};
};

TEST_F(LaunchctlCorpus, RecordedOutputsCutAndShuffledNeverCrash) {
  for (const char* file : {"print_running.txt", "print_signalled.txt", "print_ex_config.txt", "print_disabled.txt",
                           "print_disabled_legacy.txt", "list.txt"}) {
    const std::string text = readFile(fs::path(LAUNCHD_TESTDATA_DIR) / file);
    ASSERT_FALSE(text.empty()) << file;
    const auto lines = splitLines(text);
    // Cut after every line, and in the middle of every fourth line.
    for (size_t i = 0; i < lines.size(); ++i) {
      ++count_;
      parseAll(std::string(file) + " cut after line " + std::to_string(i),
               joinLines(std::vector<std::string>(lines.begin(), lines.begin() + i)));
      if (i % 4 == 0 && lines[i].size() > 2) {
        ++count_;
        auto partial = joinLines(std::vector<std::string>(lines.begin(), lines.begin() + i));
        parseAll(std::string(file) + " cut inside line " + std::to_string(i), partial + lines[i].substr(0, lines[i].size() / 2));
      }
    }
    // Every fifth line dropped, duplicated, de-indented, or given a stray closing brace.
    for (size_t i = 1; i < lines.size(); i += 5) {
      auto dropped = lines;
      dropped.erase(dropped.begin() + i);
      auto duplicated = lines;
      duplicated.insert(duplicated.begin() + i, lines[i]);
      auto dedented = lines;
      dedented[i].erase(0, dedented[i].find_first_not_of('\t'));
      auto braced = lines;
      braced.insert(braced.begin() + i, "\t}");
      for (const auto& [how, variant] : std::vector<std::pair<std::string, std::vector<std::string>>>{
               {"dropped", dropped}, {"duplicated", duplicated}, {"dedented", dedented}, {"stray brace", braced}}) {
        ++count_;
        parseAll(std::string(file) + " line " + std::to_string(i) + " " + how, joinLines(variant));
      }
    }
  }
}

TEST_F(LaunchctlCorpus, HostileTextsAreValuesOrCleanErrors) {
  const std::string head = "gui/501/ai.openclaw.gateway.rescue = {\n";
  std::vector<std::pair<std::string, std::string>> inputs = {
      {"empty", ""},
      {"only a newline", "\n"},
      {"header without body", head},
      {"header without braces", "gui/501/ai.openclaw.gateway.rescue\n"},
      {"closing brace only", "}\n"},
      {"pid not a number", head + "\tpid = abc\n}\n"},
      {"pid negative", head + "\tpid = -5\n}\n"},
      {"pid zero", head + "\tpid = 0\n}\n"},
      {"pid above INT_MAX", head + "\tpid = 99999999999999999999\n}\n"},
      {"pid with trailing text", head + "\tpid = 12abc\n}\n"},
      {"runs overflow", head + "\truns = 4294967296\n}\n"},
      {"last exit code garbage", head + "\tlast exit code = :::\n}\n"},
      {"last terminating signal garbage", head + "\tlast terminating signal = Terminated: x\n}\n"},
      {"key without value", head + "\tstate =\n}\n"},
      {"value without key", head + "\t= running\n}\n"},
      {"no separator", head + "\tstate running\n}\n"},
      {"environment line without =>", head + "\tenvironment = {\n\t\tPATH /usr/bin\n\t}\n}\n"},
      {"environment => with empty key", head + "\tenvironment = {\n\t\t => x\n\t}\n}\n"},
      {"arguments never closed", head + "\targuments = {\n\t\t/bin/sh\n"},
      {"nested blocks never closed (10000)", [&] {
         std::string s = head;
         for (int i = 0; i < 10000; ++i) s += std::string(1 + i % 8, '\t') + "k" + std::to_string(i) + " = {\n";
         return s;
       }()},
      {"100000 closing braces", head + std::string(100000, '}')},
      {"a 4 MiB line", head + "\tprogram = " + std::string(4 << 20, 'p') + "\n}\n"},
      {"100000 arguments", [&] {
         std::string s = head + "\targuments = {\n";
         for (int i = 0; i < 100000; ++i) s += "\t\t--arg" + std::to_string(i) + "\n";
         return s + "\t}\n}\n";
       }()},
      {"above the 16 MiB limit", head + std::string(17 << 20, 'x')},
      {"NUL bytes", head + std::string("\tstate = run\0ning\n\tpid = 4\0" "2\n}\n", 29)},
      {"invalid UTF-8", head + "\tstate = \xff\xfe\xfd\n\tprogram = \xc0\xaf\n}\n"},
      {"CRLF line ends", "gui/501/x = {\r\n\tstate = running\r\n\tpid = 42\r\n}\r\n"},
      {"CR only", "gui/501/x = {\r\tstate = running\r\tpid = 42\r}\r"},
      {"spaces instead of tabs, odd counts", "gui/501/x = {\n   state = running\n     pid = 42\n}\n"},
      {"ANSI escapes", head + "\tstate = \x1b[31mrunning\x1b[0m\n}\n"},
      {"two headers", head + "}\n" + head + "\tpid = 1\n}\n"},
      {"disabled block with garbage values", "disabled services = {\n\t\"a\" => maybe\n\t\"b\" =>\n\t => true\n}\n"},
      {"disabled block unterminated", "disabled services = {\n\t\"ai.openclaw.gateway\" => disabled\n"},
      {"disabled unquoted label", "disabled services = {\n\tai.openclaw.gateway => disabled\n}\n"},
      {"list with garbage rows", "PID\tStatus\tLabel\nabc\tdef\n-\t-\t\n12\t0\tx\ty\tz\n\t\t\t\n-1\t-9\tai.openclaw.gateway\n"},
      {"list with huge numbers", "PID\tStatus\tLabel\n99999999999999\t99999999999999\tai.openclaw.gateway\n"},
      {"error text instead of output", "Could not find service \"ai.openclaw.gateway.rescue\" in domain for user gui: 501\n"},
      {"binary noise", [] {
         std::string s;
         for (int i = 0; i < 65536; ++i) s += static_cast<char>((i * 131 + 7) & 0xff);
         return s;
       }()},
  };
  // Checked-in hostile outputs.
  const fs::path corpus = fs::path(HARDENING_CORPUS_DIR) / "launchctl";
  for (const auto& entry : fs::directory_iterator(corpus)) {
    inputs.push_back({"corpus " + entry.path().filename().string(), readFile(entry.path())});
  }
  for (const auto& [name, text] : inputs) {
    ++count_;
    parseAll(name, text);
  }
}

// The real LaunchctlServiceManager with a `launchctl` that prints hostile output: print()
// must come back (within its call timeout) as a state or a clean error, whatever it reads.
TEST_F(LaunchctlCorpus, TheServiceManagerSurvivesAHostileLaunchctl) {
  ScopedTempDir dir{"hostile-launchctl"};
  const std::vector<std::pair<std::string, std::string>> outputs = {
      {"garbage on stdout, exit 0", "printf 'garbage\\n\\377\\376'; exit 0"},
      {"header only, exit 0", "printf 'gui/0/x = {\\n'; exit 0"},
      {"pid overflow, exit 0", "printf 'gui/0/x = {\\n\\tpid = 99999999999\\n}\\n'; exit 0"},
      {"nothing, exit 0", "exit 0"},
      {"error text, exit 113", "echo 'Could not find service' >&2; exit 113"},
      {"killed by a signal", "kill -9 $$"},
      {"20 MiB of output", "head -c 20971520 /dev/zero | tr '\\0' x; exit 0"},
      {"never exits", "exec sleep 600"},
  };
  for (const auto& entry : outputs) {
    // Not a structured binding: clang 14 cannot capture one in the lambda below.
    const std::string& caseName = entry.first;
    const std::string& script = entry.second;
    ++count_;
    const fs::path launchctl = dir.path() / "launchctl";
    writeFile(launchctl, "#!/bin/sh\n" + script + "\n", 0755);
    LaunchctlOptions options;
    options.launchctl = launchctl;
    options.domain = "gui/0";
    options.callTimeout = std::chrono::milliseconds(1500);
    auto manager = makeLaunchctlServiceManager(options);
    runBounded(caseName, [&] {
      auto job = manager->print("ai.openclaw.gateway.rescue");
      if (!job) {
        EXPECT_FALSE(job.error().message.empty()) << caseName;
      }
      if (job && job->pid) {
        EXPECT_GT(*job->pid, 0) << caseName;
      }
      auto disabled = manager->printDisabled();
      if (!disabled) {
        EXPECT_FALSE(disabled.error().message.empty()) << caseName;
      }
    });
  }
}

}  // namespace
}  // namespace harness
