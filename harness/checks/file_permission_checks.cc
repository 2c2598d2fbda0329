// security.file-permissions (S3): secret files 0600 and the user's own, state dirs 0700, plists
// and the programs they run not writable by anyone else.

#include <sys/stat.h>

#include <string>
#include <vector>

#include "harness/checks/security_findings.h"

namespace harness::security {
namespace {

namespace fs = std::filesystem;

struct PermissionFindings {
  Findings f;
  std::vector<std::string> chmod600, chmod700, chmodGoW, chmodOW, chown;
  std::vector<Evidence> notes;
  int judged = 0;
};

void noteSymlink(const FileInfo& file, PermissionFindings& p) {
  if (file.isSymlink()) {
    p.notes.push_back({file.path.string(), "",
                       "symlink to " + (file.linkTarget ? file.linkTarget->string() : std::string("?")) +
                           "; the target's owner and mode were judged"});
  }
}

void pushUnique(std::vector<std::string>& v, const std::string& s) {
  if (std::find(v.begin(), v.end(), s) == v.end()) v.push_back(s);
}

// Secret-holding file: owned by the user, no group/other bits (0600).
void judgeSecretFile(const FileInfo& file, uid_t user, PermissionFindings& p) {
  if (!file.exists()) return;
  ++p.judged;
  noteSymlink(file, p);
  const std::string path = file.path.string();
  if (!file.isRegularFile()) {
    // A pipe, socket or directory where a secret file belongs: OpenClaw cannot use it either.
    p.f.add(CheckStatus::Warn, fileEvidence(file, "is not a regular file"),
            "replace " + shellQuote(path) + " with a regular file (mode 600)");
  }
  if (file.owner != user) {
    p.f.add(CheckStatus::Fail, fileEvidence(file, "owner uid " + std::to_string(file.owner) + ", expected uid " +
                                                      std::to_string(user) + " (mode " + formatMode(file.mode) + ")"),
            "");
    pushUnique(p.chown, path);
  }
  if (file.mode & 077) {
    p.f.add(CheckStatus::Fail, fileEvidence(file, "mode " + formatMode(file.mode) + ", expected 0600"), "");
    pushUnique(p.chmod600, path);
  }
}

// State dir: owned by the user, no group/other bits (0700).
void judgeStateDir(const FileInfo& dir, uid_t user, PermissionFindings& p) {
  if (!dir.exists()) return;
  ++p.judged;
  noteSymlink(dir, p);
  const std::string path = dir.path.string();
  if (!dir.isDirectory()) return;  // topology checks report a state dir that is not a directory
  if (dir.owner != user) {
    p.f.add(CheckStatus::Fail, fileEvidence(dir, "owner uid " + std::to_string(dir.owner) + ", expected uid " +
                                                     std::to_string(user)),
            "");
    pushUnique(p.chown, path);
  }
  if (dir.mode & 077) {
    p.f.add(CheckStatus::Fail, fileEvidence(dir, "mode " + formatMode(dir.mode) + ", expected 0700"), "");
    pushUnique(p.chmod700, path);
  }
}

// LaunchAgents dir and plists: not writable by group or others, owned by the user or root.
void judgeNotWritable(const FileInfo& file, uid_t user, PermissionFindings& p) {
  if (!file.exists()) return;
  ++p.judged;
  noteSymlink(file, p);
  const std::string path = file.path.string();
  if (file.owner != user && file.owner != 0) {
    p.f.add(CheckStatus::Fail, fileEvidence(file, "owner uid " + std::to_string(file.owner) +
                                                      ": another user can rewrite what launchd runs"),
            "");
    pushUnique(p.chown, path);
  }
  if (file.mode & 022) {
    p.f.add(CheckStatus::Fail,
            fileEvidence(file, "mode " + formatMode(file.mode) + ": writable by group or others"), "");
    pushUnique(p.chmodGoW, path);
  }
}

// The program launchd starts: its directory (and, for a symlink, the target's directory) must
// not be writable by others, or anyone can swap the binary the rescue runs.
void judgeProgram(const InstanceSnapshot& inst, PermissionFindings& p) {
  if (!inst.plist.plist || !inst.plist.plist->root.is_object()) return;
  const json& root = inst.plist.plist->root;
  const std::string file = inst.spec.plistPath.string();
  std::string key = "Program";
  const json* program = member(root, "Program");
  if (!program) {
    const json* args = member(root, "ProgramArguments");
    if (args && args->is_array() && !args->empty()) {
      program = &(*args)[0];
      key = "ProgramArguments[0]";
    }
  }
  if (!program) return;  // rescue.plist.arguments reports missing arguments
  if (!program->is_string()) {
    p.f.add(CheckStatus::Warn, {file, key, "is " + typeName(*program) + ", expected a path string"},
            "plutil -replace " + key + " -string <absolute path of the program> " + shellQuote(file));
    return;
  }
  const fs::path path = program->get<std::string>();
  if (!path.is_absolute()) {
    p.f.add(CheckStatus::Warn, {file, key, "\"" + path.string() + "\" is not an absolute path; its directory was not judged"},
            "plutil -replace " + key + " -string <absolute path> " + shellQuote(file));
    return;
  }
  const FileInfo target = inspectPath(path);
  if (!target.exists()) {
    p.f.add(CheckStatus::Warn, {file, key, "\"" + path.string() + "\" does not exist on this host"},
            "point " + key + " in " + file + " at the installed program (e.g. the output of `command -v node`)");
    return;
  }
  std::vector<fs::path> dirs{path.parent_path()};
  std::error_code ec;
  const fs::path resolved = fs::canonical(path, ec);
  if (!ec && resolved.parent_path() != path.parent_path()) dirs.push_back(resolved.parent_path());
  ++p.judged;
  // Group-writable counts too: every member of the group could swap what the rescue runs.
  // (macOS's admin group is no exception: an admin's other accounts are still other users.)
  if (target.mode & 022) {
    p.f.add(CheckStatus::Fail,
            fileEvidence(target, "program named by " + key + ", mode " + formatMode(target.mode) + ": writable by " +
                                     ((target.mode & 002) ? "others" : "its group")),
            "");
    pushUnique(p.chmodGoW, path.string());
  }
  for (const auto& dir : dirs) {
    const FileInfo d = inspectPath(dir);
    if (d.exists() && (d.mode & 022)) {
      p.f.add(CheckStatus::Fail,
              fileEvidence(d, "directory of the program named by " + key + " in " + file + ", mode " +
                                  formatMode(d.mode) + ": writable by " + ((d.mode & 002) ? "others" : "its group")),
              "");
      pushUnique(p.chmodOW, dir.string());
    }
  }
}

std::string joinQuoted(const std::vector<std::string>& paths) {
  std::string out;
  for (const auto& p : paths) out += " " + shellQuote(p);
  return out;
}

}  // namespace

CheckResult checkFilePermissions(const CheckInfo& info, const HostSnapshot& snap) {
  PermissionFindings p;
  const uid_t user = snap.currentUser;
  for (const InstanceSnapshot* inst : {&snap.main, &snap.rescue}) {
    judgeSecretFile(inst->config.file, user, p);
    judgeSecretFile(inst->authProfiles.file, user, p);
    judgeSecretFile(inst->authDatabase, user, p);
    for (const auto& sidecar : inst->authDatabaseSidecars) judgeSecretFile(sidecar, user, p);
    judgeSecretFile(inst->dotEnv, user, p);  // the ${VAR} values: usually the tokens themselves
    for (const auto& migrated : inst->migratedAuthProfiles) judgeSecretFile(migrated, user, p);
    for (const auto& env : inst->serviceEnvFiles) judgeSecretFile(env, user, p);
    judgeStateDir(inst->stateDir, user, p);
  }
  judgeSecretFile(snap.legacyRescueConfig, user, p);  // runbook 1.0 copy of the rescue config, tokens included
  judgeNotWritable(snap.launchAgentsDir, user, p);
  judgeNotWritable(snap.main.plist.file, user, p);
  judgeNotWritable(snap.rescue.plist.file, user, p);
  judgeProgram(snap.main, p);
  judgeProgram(snap.rescue, p);

  std::vector<std::string> fixes;
  if (!p.chown.empty()) fixes.push_back("sudo chown $(id -un)" + joinQuoted(p.chown));
  if (!p.chmod600.empty()) fixes.push_back("chmod 600" + joinQuoted(p.chmod600));
  if (!p.chmod700.empty()) fixes.push_back("chmod 700" + joinQuoted(p.chmod700));
  if (!p.chmodGoW.empty()) fixes.push_back("chmod go-w" + joinQuoted(p.chmodGoW));
  if (!p.chmodOW.empty()) fixes.push_back("sudo chmod go-w" + joinQuoted(p.chmodOW));
  std::string remediation;
  for (const auto& f : fixes) remediation += (remediation.empty() ? "" : " && ") + f;
  for (const auto& f : p.f.fixes) remediation += (remediation.empty() ? "" : "; ") + f;  // prose, not commands

  std::vector<Evidence> evidence = p.f.evidence;
  evidence.insert(evidence.end(), p.notes.begin(), p.notes.end());
  if (p.f.status == CheckStatus::Fail) {
    const auto failures = std::count(p.f.statusFor.begin(), p.f.statusFor.end(), CheckStatus::Fail);
    return failed(info, std::to_string(failures) + " permission problem(s) on secret files, state dirs or "
                                                              "what launchd runs",
                  evidence, remediation);
  }
  if (p.f.status == CheckStatus::Warn) {
    return warned(info, "permissions are private, but a secret path is not a regular file or the program a plist "
                        "runs could not be judged",
                  evidence, remediation);
  }
  return passed(info, std::to_string(p.judged) + " paths judged: secret files 0600 and yours, state dirs 0700, "
                                                 "plists and programs not writable by others",
                evidence);
}

}  // namespace harness::security
