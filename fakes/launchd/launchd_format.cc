#include "fakes/launchd/launchd_format.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <csignal>
#include <sstream>

namespace fakes::launchd {
namespace {

constexpr std::string_view kAsid = "100004";

struct SignalName {
  int number;
  const char* name;         // without SIG
  const char* description;  // macOS strsignal
};

constexpr SignalName kSignals[] = {
    {SIGHUP, "HUP", "Hangup"},
    {SIGINT, "INT", "Interrupt"},
    {SIGQUIT, "QUIT", "Quit"},
    {SIGILL, "ILL", "Illegal instruction"},
    {SIGTRAP, "TRAP", "Trace/BPT trap"},
    {SIGABRT, "ABRT", "Abort trap"},
    {SIGBUS, "BUS", "Bus error"},
    {SIGFPE, "FPE", "Floating point exception"},
    {SIGKILL, "KILL", "Killed"},
    {SIGUSR1, "USR1", "User defined signal 1"},
    {SIGSEGV, "SEGV", "Segmentation fault"},
    {SIGUSR2, "USR2", "User defined signal 2"},
    {SIGPIPE, "PIPE", "Broken pipe"},
    {SIGALRM, "ALRM", "Alarm clock"},
    {SIGTERM, "TERM", "Terminated"},
    {SIGCHLD, "CHLD", "Child exited"},
    {SIGCONT, "CONT", "Continued"},
    {SIGSTOP, "STOP", "Suspended (signal)"},
    {SIGTSTP, "TSTP", "Suspended"},
    {SIGTTIN, "TTIN", "Stopped (tty input)"},
    {SIGTTOU, "TTOU", "Stopped (tty output)"},
    {SIGURG, "URG", "Urgent I/O condition"},
    {SIGXCPU, "XCPU", "Cputime limit exceeded"},
    {SIGXFSZ, "XFSZ", "Filesize limit exceeded"},
    {SIGVTALRM, "VTALRM", "Virtual timer expired"},
    {SIGPROF, "PROF", "Profiling timer expired"},
    {SIGWINCH, "WINCH", "Window size changes"},
    {SIGIO, "IO", "I/O possible"},
    {SIGSYS, "SYS", "Bad system call"},
};

const char* sysexitsName(int code) {
  static constexpr const char* kNames[] = {"EX_USAGE",    "EX_DATAERR",  "EX_NOINPUT",  "EX_NOUSER", "EX_NOHOST",
                                           "EX_UNAVAILABLE", "EX_SOFTWARE", "EX_OSERR",  "EX_OSFILE", "EX_CANTCREAT",
                                           "EX_IOERR",    "EX_TEMPFAIL", "EX_PROTOCOL", "EX_NOPERM", "EX_CONFIG"};
  if (code < 64 || code > 78) return nullptr;
  return kNames[code - 64];
}

std::string quoteNext(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string spawnType(const std::string& processType) {
  if (processType == "Interactive") return "interactive (4)";
  if (processType == "Background") return "background (5)";
  if (processType == "Adaptive") return "adaptive (2)";
  return "daemon (3)";
}

}  // namespace

std::string exitCodeText(int code) {
  if (const char* name = sysexitsName(code)) return std::to_string(code) + ": " + name;
  return std::to_string(code);
}

std::string signalDescription(int signal) {
  for (const auto& s : kSignals) {
    if (s.number == signal) return std::string(s.description) + ": " + std::to_string(signal);
  }
  return "Unknown signal: " + std::to_string(signal);
}

std::optional<int> parseSignal(std::string_view text) {
  if (text.empty()) return std::nullopt;
  if (std::isdigit(static_cast<unsigned char>(text.front()))) {
    int v = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || ptr != text.data() + text.size() || v <= 0 || v >= 65) return std::nullopt;
    return v;
  }
  std::string upper;
  for (char c : text) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (upper.rfind("SIG", 0) == 0) upper = upper.substr(3);
  for (const auto& s : kSignals) {
    if (upper == s.name) return s.number;
  }
  return std::nullopt;
}

std::string errorCodeText(int code) {
  // macOS errno numbering (launchctl runs on Darwin), then the launchd/xpc range 107+.
  static const std::map<int, const char*> kTexts = {
      {0, "Success"},
      {1, "Operation not permitted"},
      {2, "No such file or directory"},
      {3, "No such process"},
      {4, "Interrupted system call"},
      {5, "Input/output error"},
      {9, "Bad file descriptor"},
      {12, "Cannot allocate memory"},
      {13, "Permission denied"},
      {16, "Resource busy"},
      {17, "File exists"},
      {22, "Invalid argument"},
      {35, "Resource temporarily unavailable"},
      {36, "Operation now in progress"},
      {37, "Operation already in progress"},
      {45, "Operation not supported"},
      {60, "Operation timed out"},
      {78, "Function not implemented"},
      {107, "Malformed bundle"},
      {108, "Invalid path"},
      {109, "Invalid property list"},
      {110, "Invalid or missing service identifier"},
      {111, "Invalid or missing Program/ProgramArguments"},
      {112, "Could not find specified domain"},
      {113, "Could not find specified service"},
      {114, "The specified username does not exist"},
      {115, "The specified group does not exist"},
      {116, "Routine not yet implemented"},
      {117, "(n/a)"},
      {118, "Bad response from server"},
      {119, "Service is disabled"},
      {120, "Bad subsystem destination specified"},
      {121, "Path not searched for services"},
      {122, "Path had bad ownership/permissions"},
      {123, "Path is whitelisted for domain"},
      {124, "Domain is tearing down"},
      {125, "Domain does not support specified action"},
      {126, "Request type is no longer supported"},
      {127, "The specified service did not ship with the operating system"},
      {128, "The specified path is not a bundle"},
      {129, "The service was superseded by a later version"},
      {130, "The system encountered a condition where behavior was undefined"},
      {131, "Out of order requests"},
      {132, "Request for stale data"},
      {133, "Multiple errors were returned; see stderr"},
      {134, "Service cannot load in requested session"},
      {135, "Process is not managed"},
      {136, "Action not allowed on singleton service"},
  };
  auto it = kTexts.find(code);
  if (it != kTexts.end()) return it->second;
  return "Unknown error: " + std::to_string(code);
}

std::string formatServicePrint(std::string_view target, std::string_view domain, std::string_view plistPath,
                               const JobSpec& spec, const JobStatus& status) {
  std::ostringstream o;
  o << target << " = {\n";
  o << "\tactive count = " << (status.pid ? 1 : 0) << "\n";
  o << "\tpath = " << plistPath << "\n";
  o << "\ttype = LaunchAgent\n";
  o << "\tstate = " << status.state << "\n\n";

  o << "\tprogram = " << spec.executable() << "\n";
  o << "\targuments = {\n";
  for (const auto& a : spec.argv()) o << "\t\t" << a << "\n";
  o << "\t}\n\n";

  o << "\tworking directory = " << spec.workingDirectory.value_or("/") << "\n\n";

  if (spec.standardInPath) o << "\tstdin path = " << *spec.standardInPath << "\n";
  if (spec.standardOutPath) o << "\tstdout path = " << *spec.standardOutPath << "\n";
  if (spec.standardErrorPath) o << "\tstderr path = " << *spec.standardErrorPath << "\n";
  if (!spec.environment.count("PATH")) {
    o << "\tdefault environment = {\n";
    o << "\t\tPATH => " << JobSpec::kDefaultPath << "\n";
    o << "\t}\n\n";
  }
  o << "\tenvironment = {\n";
  for (const auto& [k, v] : spec.environment) o << "\t\t" << k << " => " << v << "\n";
  if (!spec.environment.count("XPC_SERVICE_NAME")) o << "\t\tXPC_SERVICE_NAME => " << spec.label << "\n";
  o << "\t}\n\n";

  o << "\tdomain = " << domain << " [" << kAsid << "]\n";
  o << "\tasid = " << kAsid << "\n";
  o << "\tminimum runtime = " << status.minimumRuntime << "\n";
  o << "\texit timeout = " << spec.exitTimeOut << "\n";
  o << "\truns = " << status.runs << "\n";
  if (status.pid) o << "\tpid = " << *status.pid << "\n";
  o << "\timmediate reason = " << (status.runs > 0 ? "speculative" : "(none)") << "\n";
  o << "\tforks = 0\n";
  o << "\texecs = " << status.runs << "\n";
  o << "\tinitialized = 1\n";
  o << "\ttrampolined = 1\n";
  o << "\tstarted suspended = 0\n";
  o << "\tproxy started suspended = 0\n";
  switch (status.lastExit.kind) {
    case ExitInfo::Kind::Never: o << "\tlast exit code = (never exited)\n"; break;
    case ExitInfo::Kind::Code: o << "\tlast exit code = " << exitCodeText(status.lastExit.value) << "\n"; break;
    case ExitInfo::Kind::Signal:
      o << "\tlast terminating signal = " << signalDescription(status.lastExit.value) << "\n";
      break;
  }
  o << "\n";

  o << "\tspawn type = " << spawnType(spec.processType) << "\n";
  o << "\tjetsam priority = 40\n";
  o << "\tjetsam memory limit (active) = (unlimited)\n";
  o << "\tjetsam memory limit (inactive) = (unlimited)\n";
  o << "\tjetsamproperties category = daemon\n";
  o << "\tjetsam thread limit = 32\n";
  o << "\tcpumon = default\n";
  if (!status.jobState.empty()) o << "\tjob state = " << status.jobState << "\n";
  o << "\n";

  std::vector<std::string> props;
  if (spec.keepAlive.present) props.emplace_back("keepalive");
  if (spec.runAtLoad) props.emplace_back("runatload");
  if (!spec.program) props.emplace_back("inferred program");
  if (props.empty()) props.emplace_back("partial import");
  o << "\tproperties = ";
  for (size_t i = 0; i < props.size(); ++i) o << (i ? " | " : "") << props[i];
  o << "\n}\n";
  return o.str();
}

std::string formatList(const std::vector<ListRow>& rows) {
  std::string out = "PID\tStatus\tLabel\n";
  for (const auto& r : rows) {
    out += r.pid ? std::to_string(*r.pid) : std::string("-");
    out += "\t" + std::to_string(r.status) + "\t" + r.label + "\n";
  }
  return out;
}

std::string formatListLabel(const JobSpec& spec, const JobStatus& status) {
  std::ostringstream o;
  o << "{\n";
  o << "\t\"LimitLoadToSessionType\" = \"Aqua\";\n";
  o << "\t\"Label\" = " << quoteNext(spec.label) << ";\n";
  o << "\t\"OnDemand\" = " << (spec.keepAlive.present ? "false" : "true") << ";\n";
  o << "\t\"LastExitStatus\" = " << status.lastExit.listStatus() << ";\n";
  if (status.pid) o << "\t\"PID\" = " << *status.pid << ";\n";
  o << "\t\"Program\" = " << quoteNext(spec.executable()) << ";\n";
  o << "\t\"ProgramArguments\" = (\n";
  for (const auto& a : spec.argv()) o << "\t\t" << quoteNext(a) << ";\n";
  o << "\t);\n";
  o << "};\n";
  return o.str();
}

std::string formatPrintDisabled(const std::map<std::string, bool>& overrides) {
  std::string out = "disabled services = {\n";
  for (const auto& [label, disabled] : overrides) {
    out += "\t\"" + label + "\" => " + (disabled ? "disabled" : "enabled") + "\n";
  }
  out += "}\n\nlogin item associations = {\n}\n";
  return out;
}

std::string formatDomainPrint(std::string_view domain, const std::vector<ListRow>& rows,
                              const std::map<std::string, bool>& overrides) {
  std::ostringstream o;
  o << domain << " = {\n";
  o << "\ttype = " << (domain.rfind("gui/", 0) == 0 ? "gui" : domain.rfind("user/", 0) == 0 ? "user" : "system")
    << "\n";
  auto slash = domain.find('/');
  o << "\thandle = " << (slash == std::string_view::npos ? std::string_view("0") : domain.substr(slash + 1)) << "\n";
  long active = std::count_if(rows.begin(), rows.end(), [](const ListRow& r) { return r.pid.has_value(); });
  o << "\tactive count = " << active << "\n";
  o << "\tservice count = " << rows.size() << "\n\n";
  o << "\tservices = {\n";
  for (const auto& r : rows) {
    o << "\t\t" << (r.pid ? std::to_string(*r.pid) : std::string("0")) << "\t" << r.status << "\t" << r.label << "\n";
  }
  o << "\t}\n\n";
  o << "\tdisabled services = {\n";
  for (const auto& [label, disabled] : overrides) {
    o << "\t\t\"" << label << "\" => " << (disabled ? "disabled" : "enabled") << "\n";
  }
  o << "\t}\n}\n";
  return o.str();
}

}  // namespace fakes::launchd
