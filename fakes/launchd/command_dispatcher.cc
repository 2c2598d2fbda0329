#include "fakes/launchd/command_dispatcher.h"

#include <csignal>
#include <charconv>
#include <memory>

#include "fakes/launchd/launchd_format.h"

namespace fakes::launchd {
namespace {

namespace fs = std::filesystem;

constexpr int kUsage = 64;

const char* kGeneralUsage =
    "Usage: launchctl <subcommand> ... | help [subcommand]\n"
    "Many subcommands take a target specifier that refers to a domain or service\n"
    "within that domain. The available specifier forms are:\n"
    "\n"
    "system/[service-name]\n"
    "Targets the system-wide domain or service within. Root privileges are required\n"
    "to make modifications.\n"
    "\n"
    "user/<uid>/[service-name]\n"
    "Targets the user domain or service within. A process running as the target user\n"
    "may make modifications. Root may modify any user's domain. User domains do not\n"
    "exist on iOS.\n"
    "\n"
    "gui/<uid>/[service-name]\n"
    "Targets the GUI domain or service within. Each GUI domain is associated with a\n"
    "user domain, and a process running as the owner of that user domain may make\n"
    "modifications. Root may modify any GUI domain. GUI domains do not exist on iOS.\n"
    "\n"
    "Subcommands: bootstrap bootout enable disable kickstart kill print print-disabled\n"
    "list load unload start stop remove getenv setenv unsetenv error help\n";

const std::map<std::string, std::string>& usages() {
  static const std::map<std::string, std::string> kUsages = {
      {"bootstrap", "Usage: launchctl bootstrap <domain-target> [service-path, service-path2, ...]\n"},
      {"bootout", "Usage: launchctl bootout <domain-target> [service-path1, service-path2, ...] | <service-target>\n"},
      {"enable", "Usage: launchctl enable <service-target>\n"},
      {"disable", "Usage: launchctl disable <service-target>\n"},
      {"kickstart", "Usage: launchctl kickstart [-k] [-p] <service-target>\n"},
      {"kill", "Usage: launchctl kill <signal-number|signal-name> <service-target>\n"},
      {"print", "Usage: launchctl print <domain-target> | <service-target>\n"},
      {"print-disabled", "Usage: launchctl print-disabled <domain-target>\n"},
      {"list", "Usage: launchctl list [-x] [label]\n"},
      {"load", "Usage: launchctl load <service-path, service-path2, ...>\n"},
      {"unload", "Usage: launchctl unload <service-path, service-path2, ...>\n"},
      {"start", "Usage: launchctl start <service-name>\n"},
      {"stop", "Usage: launchctl stop <service-name>\n"},
      {"remove", "Usage: launchctl remove <service-name>\n"},
      {"getenv", "Usage: launchctl getenv <key>\n"},
      {"setenv", "Usage: launchctl setenv <<key> <value>, ...>\n"},
      {"unsetenv", "Usage: launchctl unsetenv <key>\n"},
      {"error", "Usage: launchctl error [posix|mach|bootstrap] <code>\n"},
  };
  return kUsages;
}

Reply usage(const std::string& verb) {
  auto it = usages().find(verb);
  return Reply::failure(kUsage, it == usages().end() ? std::string(kGeneralUsage) : it->second);
}

Reply badTarget(const std::string& verb) {
  std::string err = "Unrecognized target specifier.\n";
  if (verb == "bootout" || verb == "bootstrap") err += usages().at(verb);
  return Reply::failure(kUsage, err);
}

std::string absolutePath(const std::string& path, const std::string& cwd) {
  fs::path p(path);
  if (p.is_relative()) p = fs::path(cwd.empty() ? "/" : cwd) / p;
  return p.lexically_normal().string();
}

// Collects several asynchronous results (bootout/unload of many plists) into one reply.
struct Join {
  CommandDispatcher::Respond respond;
  int pending = 1;  // released by finish() after all starts
  Reply reply;
  void add() { ++pending; }
  void done(std::optional<Reply> failure = std::nullopt) {
    if (failure && reply.exitCode == 0 && reply.err.empty()) reply = *failure;
    else if (failure) reply.err += failure->err;
    if (--pending == 0) respond(reply);
  }
};

std::string legacyFailure(const std::string& verb) {
  const std::string modern = verb == "Load" ? "bootstrap" : "bootout";
  return verb + " failed: 5: Input/output error\nTry running `launchctl " + modern +
         "` as root for richer errors.\n";
}

}  // namespace

std::string couldNotFindService(const ServiceTarget& target) {
  return "Could not find service \"" + target.label + "\" in domain for " + target.domainDescription() + "\n";
}

CommandDispatcher::CommandDispatcher(JobTable& jobs, OverridesStore& overrides, RootLayout layout)
    : jobs_(jobs), overrides_(overrides), layout_(std::move(layout)) {}

std::optional<Reply> CommandDispatcher::handleStateless(const std::vector<std::string>& argv) {
  if (argv.empty()) return Reply::failure(kUsage, kGeneralUsage);
  const std::string& verb = argv[0];
  if (verb == "help") {
    if (argv.size() > 1) {
      auto it = usages().find(argv[1]);
      if (it != usages().end()) return Reply::success(it->second);
    }
    return Reply::success(kGeneralUsage);
  }
  if (verb == "error") {
    size_t i = 1;
    if (i < argv.size() && (argv[i] == "posix" || argv[i] == "mach" || argv[i] == "bootstrap")) ++i;
    if (i + 1 != argv.size()) return usage("error");
    int code = 0;
    const std::string& s = argv[i];
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), code);
    if (ec != std::errc() || ptr != s.data() + s.size()) return usage("error");
    return Reply::success(std::to_string(code) + ": " + errorCodeText(code) + "\n");
  }
  if (!usages().count(verb)) {
    return Reply::failure(kUsage, "Unrecognized subcommand: " + verb + "\n" + kGeneralUsage);
  }
  return std::nullopt;
}

void CommandDispatcher::dispatch(const Request& request, Respond respond) {
  if (auto stateless = handleStateless(request.argv)) {
    respond(*stateless);
    return;
  }
  const std::string& verb = request.argv[0];
  if (verb == "bootstrap") return bootstrap(request, std::move(respond));
  if (verb == "bootout") return bootout(request, std::move(respond));
  if (verb == "enable") return setEnabled(request, true, std::move(respond));
  if (verb == "disable") return setEnabled(request, false, std::move(respond));
  if (verb == "kickstart") return kickstart(request, std::move(respond));
  if (verb == "print") return print(request, std::move(respond));
  if (verb == "print-disabled") return printDisabled(request, std::move(respond));
  if (verb == "list") return list(request, std::move(respond));
  if (verb == "kill") return kill(request, std::move(respond));
  if (verb == "load") return load(request, std::move(respond));
  if (verb == "unload") return unload(request, std::move(respond));
  if (verb == "start") return startOrStop(request, true, std::move(respond));
  if (verb == "stop") return startOrStop(request, false, std::move(respond));
  if (verb == "remove") return remove(request, std::move(respond));
  if (verb == "getenv" || verb == "setenv" || verb == "unsetenv") return environment(request, std::move(respond));
  respond(usage(verb));
}

int CommandDispatcher::throttleFor(const JobSpec& spec) const {
  return layout_.throttleOverride().value_or(spec.throttleInterval);
}

std::optional<ServiceTarget> CommandDispatcher::legacyTarget(const std::string& text, unsigned uid) const {
  if (auto t = parseServiceTarget(text); t && t->isService()) return t;
  if (text.empty() || text.find('/') != std::string::npos) return std::nullopt;
  ServiceTarget t;
  t.kind = ServiceTarget::Kind::Gui;
  t.uid = uid;
  t.label = text;
  return t;
}

void CommandDispatcher::bootstrap(const Request& r, Respond respond) {
  const auto& a = r.argv;
  if (a.size() < 3) return respond(usage("bootstrap"));
  auto target = parseServiceTarget(a[1]);
  if (!target) return respond(badTarget("bootstrap"));
  if (target->isService()) return respond(usage("bootstrap"));
  if (target->kind == ServiceTarget::Kind::System) {
    return respond(Reply::failure(1, "Bootstrap failed: 1: Operation not permitted\n"));
  }
  const std::string domain = target->domain();
  Reply reply;
  for (size_t i = 2; i < a.size(); ++i) {
    const std::string path = absolutePath(a[i], r.cwd);
    auto loaded = loadJobSpec(path);
    Reply failure;
    if (loaded.failure) {
      if (loaded.failure->kind == SpecError::Missing) {
        failure = Reply::failure(2, "Bootstrap failed: 2: No such file or directory\n");
      } else {
        failure = Reply::failure(5, path + ": " + loaded.failure->message + "\nBootstrap failed: 5: Input/output error\n");
      }
    } else if (jobs_.find(domain, loaded.spec->label)) {
      failure = Reply::failure(37, "Bootstrap failed: 37: Operation already in progress\n");
    } else if (overrides_.isDisabled(domain, loaded.spec->label, loaded.spec->disabled)) {
      failure = Reply::failure(119, path + ": Service is disabled\nBootstrap failed: 119: Service is disabled\n");
    } else {
      int throttle = throttleFor(*loaded.spec);
      jobs_.load(domain, path, std::move(*loaded.spec), throttle);
      continue;
    }
    if (reply.exitCode == 0) reply.exitCode = failure.exitCode;
    reply.err += failure.err;
  }
  respond(reply);
}

bool CommandDispatcher::loadAtLogin(const std::string& domain, const std::string& plistPath) {
  auto loaded = loadJobSpec(plistPath);
  if (!loaded.spec) return false;
  if (jobs_.find(domain, loaded.spec->label)) return false;
  if (overrides_.isDisabled(domain, loaded.spec->label, loaded.spec->disabled)) return false;
  int throttle = throttleFor(*loaded.spec);
  jobs_.load(domain, plistPath, std::move(*loaded.spec), throttle);
  return true;
}

void CommandDispatcher::bootout(const Request& r, Respond respond) {
  const auto& a = r.argv;
  if (a.size() < 2) return respond(usage("bootout"));
  auto target = parseServiceTarget(a[1]);
  if (!target) return respond(badTarget("bootout"));
  if (target->isService()) {
    if (a.size() != 2) return respond(usage("bootout"));
    Job* job = jobs_.find(target->domain(), target->label);
    if (!job) return respond(Reply::failure(3, "Boot-out failed: 3: No such process\n"));
    jobs_.remove(*job, [respond](const Job*) { respond(Reply::success()); });
    return;
  }
  if (a.size() < 3) return respond(usage("bootout"));
  auto join = std::make_shared<Join>();
  join->respond = std::move(respond);
  for (size_t i = 2; i < a.size(); ++i) {
    auto loaded = loadJobSpec(absolutePath(a[i], r.cwd));
    Job* job = loaded.spec ? jobs_.find(target->domain(), loaded.spec->label) : nullptr;
    if (!job) {
      join->add();
      join->done(Reply::failure(5, "Boot-out failed: 5: Input/output error\n"));
      continue;
    }
    join->add();
    jobs_.remove(*job, [join](const Job*) { join->done(); });
  }
  join->done();
}

void CommandDispatcher::setEnabled(const Request& r, bool enabled, Respond respond) {
  const auto& a = r.argv;
  const std::string& verb = a[0];
  if (a.size() != 2) return respond(usage(verb));
  auto target = parseServiceTarget(a[1]);
  if (!target) return respond(badTarget(verb));
  if (!target->isService()) return respond(usage(verb));
  overrides_.set(target->domain(), target->label, !enabled);
  respond(Reply::success());
}

void CommandDispatcher::kickstart(const Request& r, Respond respond) {
  const auto& a = r.argv;
  bool kill = false;
  bool printPid = false;
  std::optional<std::string> targetText;
  for (size_t i = 1; i < a.size(); ++i) {
    const std::string& arg = a[i];
    if (arg.size() > 1 && arg[0] == '-') {
      for (size_t k = 1; k < arg.size(); ++k) {
        if (arg[k] == 'k') kill = true;
        else if (arg[k] == 'p') printPid = true;
        else if (arg[k] == 's') continue;  // start suspended: accepted, ignored
        else return respond(usage("kickstart"));
      }
    } else if (!targetText) {
      targetText = arg;
    } else {
      return respond(usage("kickstart"));
    }
  }
  if (!targetText) return respond(usage("kickstart"));
  auto target = parseServiceTarget(*targetText);
  if (!target) return respond(badTarget("kickstart"));
  if (!target->isService()) return respond(usage("kickstart"));
  Job* job = target->kind == ServiceTarget::Kind::System ? nullptr : jobs_.find(target->domain(), target->label);
  if (!job) return respond(Reply::failure(113, couldNotFindService(*target)));
  const ServiceTarget t = *target;
  jobs_.kickstart(*job, kill, [respond, printPid, t](const Job* j) {
    if (!j) return respond(Reply::failure(113, couldNotFindService(t)));
    std::string out;
    if (printPid && j->pid > 0) out = std::to_string(j->pid) + "\n";
    respond(Reply::success(out));
  });
}

void CommandDispatcher::print(const Request& r, Respond respond) {
  const auto& a = r.argv;
  if (a.size() != 2) return respond(usage("print"));
  auto target = parseServiceTarget(a[1]);
  if (!target) return respond(badTarget("print"));
  if (!target->isService()) {
    std::vector<ListRow> rows;
    for (const Job* j : jobs_.jobsInDomain(target->domain())) {
      rows.push_back({j->pid > 0 ? std::optional<int>(j->pid) : std::nullopt, j->lastExit.listStatus(), j->label()});
    }
    return respond(Reply::success(formatDomainPrint(target->domain(), rows, overrides_.forDomain(target->domain()))));
  }
  const Job* job = target->kind == ServiceTarget::Kind::System ? nullptr : jobs_.find(target->domain(), target->label);
  if (!job) return respond(Reply::failure(113, "Bad request.\n" + couldNotFindService(*target)));
  respond(Reply::success(formatServicePrint(a[1], job->domain, job->plistPath, job->spec, job->status())));
}

void CommandDispatcher::printDisabled(const Request& r, Respond respond) {
  const auto& a = r.argv;
  if (a.size() != 2) return respond(usage("print-disabled"));
  auto target = parseServiceTarget(a[1]);
  if (!target || target->isService()) return respond(badTarget("print-disabled"));
  respond(Reply::success(formatPrintDisabled(overrides_.forDomain(target->domain()))));
}

void CommandDispatcher::list(const Request& r, Respond respond) {
  const auto& a = r.argv;
  std::vector<std::string> args(a.begin() + 1, a.end());
  if (!args.empty() && args[0] == "-x") args.erase(args.begin());
  const std::string domain = guiDomain(r.uid);
  if (args.empty()) {
    std::vector<ListRow> rows;
    for (const Job* j : jobs_.jobsInDomain(domain)) {
      rows.push_back({j->pid > 0 ? std::optional<int>(j->pid) : std::nullopt, j->lastExit.listStatus(), j->label()});
    }
    return respond(Reply::success(formatList(rows)));
  }
  if (args.size() != 1) return respond(usage("list"));
  const Job* job = jobs_.find(domain, args[0]);
  if (!job) return respond(Reply::failure(113, "Could not find service \"" + args[0] + "\" in domain for port\n"));
  respond(Reply::success(formatListLabel(job->spec, job->status())));
}

void CommandDispatcher::kill(const Request& r, Respond respond) {
  const auto& a = r.argv;
  if (a.size() != 3) return respond(usage("kill"));
  auto sig = parseSignal(a[1]);
  if (!sig) return respond(Reply::failure(kUsage, "Unrecognized signal specifier.\n" + usages().at("kill")));
  auto target = parseServiceTarget(a[2]);
  if (!target) return respond(badTarget("kill"));
  if (!target->isService()) return respond(usage("kill"));
  Job* job = target->kind == ServiceTarget::Kind::System ? nullptr : jobs_.find(target->domain(), target->label);
  if (!job) return respond(Reply::failure(113, couldNotFindService(*target)));
  if (!jobs_.signal(*job, *sig)) return respond(Reply::failure(3, "Failed to send signal: 3: No such process\n"));
  respond(Reply::success());
}

void CommandDispatcher::load(const Request& r, Respond respond) {
  const auto& a = r.argv;
  bool write = false;
  bool force = false;
  std::vector<std::string> paths;
  for (size_t i = 1; i < a.size(); ++i) {
    if (a[i] == "-w") write = true;
    else if (a[i] == "-F") force = true;
    else if (a[i] == "-S" || a[i] == "-D") ++i;  // session type / domain: accepted, ignored
    else paths.push_back(a[i]);
  }
  if (paths.empty()) return respond(usage("load"));
  const std::string domain = guiDomain(r.uid);
  Reply reply;
  for (const auto& p : paths) {
    const std::string path = absolutePath(p, r.cwd);
    auto loaded = loadJobSpec(path);
    if (!loaded.spec) {
      reply.err += legacyFailure("Load");
      continue;
    }
    const std::string label = loaded.spec->label;
    if (write) overrides_.set(domain, label, false);
    if (jobs_.find(domain, label) ||
        (!force && overrides_.isDisabled(domain, label, loaded.spec->disabled))) {
      reply.err += legacyFailure("Load");
      continue;
    }
    int throttle = throttleFor(*loaded.spec);
    jobs_.load(domain, path, std::move(*loaded.spec), throttle);
  }
  // Legacy verbs report failures in text but exit 0 (observed on macOS 26.6 for unload).
  respond(reply);
}

void CommandDispatcher::unload(const Request& r, Respond respond) {
  const auto& a = r.argv;
  bool write = false;
  std::vector<std::string> paths;
  for (size_t i = 1; i < a.size(); ++i) {
    if (a[i] == "-w") write = true;
    else if (a[i] == "-F") continue;
    else if (a[i] == "-S" || a[i] == "-D") ++i;
    else paths.push_back(a[i]);
  }
  if (paths.empty()) return respond(usage("unload"));
  const std::string domain = guiDomain(r.uid);
  auto join = std::make_shared<Join>();
  join->respond = std::move(respond);
  for (const auto& p : paths) {
    auto loaded = loadJobSpec(absolutePath(p, r.cwd));
    if (loaded.spec && write) overrides_.set(domain, loaded.spec->label, true);
    Job* job = loaded.spec ? jobs_.find(domain, loaded.spec->label) : nullptr;
    join->add();
    if (!job) {
      join->done(Reply{{}, legacyFailure("Unload"), 0});
      continue;
    }
    jobs_.remove(*job, [join](const Job*) { join->done(); });
  }
  join->done();
}

void CommandDispatcher::startOrStop(const Request& r, bool start, Respond respond) {
  const auto& a = r.argv;
  if (a.size() != 2) return respond(usage(a[0]));
  auto target = legacyTarget(a[1], r.uid);
  if (!target) return respond(badTarget(a[0]));
  Job* job = jobs_.find(target->domain(), target->label);
  if (!job) return respond(Reply::failure(113, couldNotFindService(*target)));
  if (start) {
    jobs_.kickstart(*job, false, [respond](const Job*) { respond(Reply::success()); });
    return;
  }
  jobs_.signal(*job, SIGTERM);
  respond(Reply::success());
}

void CommandDispatcher::remove(const Request& r, Respond respond) {
  const auto& a = r.argv;
  if (a.size() != 2) return respond(usage("remove"));
  auto target = legacyTarget(a[1], r.uid);
  if (!target) return respond(badTarget("remove"));
  Job* job = jobs_.find(target->domain(), target->label);
  if (!job) return respond(Reply::failure(113, couldNotFindService(*target)));
  jobs_.remove(*job, [respond](const Job*) { respond(Reply::success()); });
}

void CommandDispatcher::environment(const Request& r, Respond respond) {
  const auto& a = r.argv;
  const std::string& verb = a[0];
  if (verb == "getenv") {
    if (a.size() != 2) return respond(usage(verb));
    auto value = jobs_.environmentVariable(a[1]);
    if (!value) return respond(Reply::failure(1, ""));
    return respond(Reply::success(*value + "\n"));
  }
  if (verb == "setenv") {
    if (a.size() < 3 || (a.size() - 1) % 2 != 0) return respond(usage(verb));
    for (size_t i = 1; i + 1 < a.size(); i += 2) jobs_.setEnvironmentVariable(a[i], a[i + 1]);
    return respond(Reply::success());
  }
  if (a.size() != 2) return respond(usage(verb));
  jobs_.setEnvironmentVariable(a[1], std::nullopt);
  respond(Reply::success());
}

}  // namespace fakes::launchd
