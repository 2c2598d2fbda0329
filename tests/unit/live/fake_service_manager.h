#pragma once

// FakeServiceManager: an in-memory ServiceManager for unit tests of the live checks. Tests set
// jobs and overrides directly; print/printDisabled/list read them back. Mutations behave like
// launchd's as far as the live checks can tell (bootout forgets the job, disable sets the
// override) but start no process. Thread-safe: collection calls it from several threads.

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "harness/launchd/service_manager.h"

namespace harness::testing {

class FakeServiceManager : public ServiceManager {
 public:
  // A loaded job; pid set = running.
  void setJob(const std::string& label, std::optional<int> pid, std::string state = "",
              std::string stdoutPath = "") {
    std::lock_guard lock(mu_);
    JobState job;
    job.loaded = true;
    job.target = domain() + "/" + label;
    job.pid = pid;
    job.state = !state.empty() ? state : pid ? "running" : "not running";
    job.stdoutPath = std::move(stdoutPath);
    if (!pid) job.lastExitCodeText = "1", job.lastExitCode = 1;
    jobs_[label] = job;
  }
  void removeJob(const std::string& label) {
    std::lock_guard lock(mu_);
    jobs_.erase(label);
  }
  void setDisabled(const std::string& label, bool disabled) {
    std::lock_guard lock(mu_);
    overrides_[label] = disabled;
  }
  void failPrint(std::optional<Error> error) {
    std::lock_guard lock(mu_);
    printError_ = std::move(error);
  }
  int printCalls() const {
    std::lock_guard lock(mu_);
    return printCalls_;
  }

  std::string domain() const override { return "gui/501"; }
  Status bootstrap(const std::filesystem::path&) override { return Error{ErrorCode::Unsupported, "fake", ""}; }
  Status bootout(const std::string& label) override {
    std::lock_guard lock(mu_);
    if (!jobs_.erase(label)) return Error{ErrorCode::NotFound, "Could not find service", label};
    return ok();
  }
  Status bootoutPlist(const std::filesystem::path&) override { return Error{ErrorCode::Unsupported, "fake", ""}; }
  Status enable(const std::string& label) override {
    std::lock_guard lock(mu_);
    overrides_[label] = false;
    return ok();
  }
  Status disable(const std::string& label) override {
    std::lock_guard lock(mu_);
    overrides_[label] = true;
    return ok();
  }
  Status kickstart(const std::string&, bool) override { return Error{ErrorCode::Unsupported, "fake", ""}; }
  Status kill(const std::string&, int) override { return Error{ErrorCode::Unsupported, "fake", ""}; }
  Result<JobState> print(const std::string& label) override {
    std::lock_guard lock(mu_);
    ++printCalls_;
    if (printError_) return *printError_;
    auto it = jobs_.find(label);
    if (it == jobs_.end()) return JobState{};
    return it->second;
  }
  Result<std::map<std::string, bool>> printDisabled() override {
    std::lock_guard lock(mu_);
    return overrides_;
  }
  Result<std::vector<JobListEntry>> list() override {
    std::lock_guard lock(mu_);
    std::vector<JobListEntry> out;
    for (const auto& [label, job] : jobs_) out.push_back({job.pid, 0, label});
    return out;
  }

 private:
  mutable std::mutex mu_;
  std::map<std::string, JobState> jobs_;
  std::map<std::string, bool> overrides_;
  std::optional<Error> printError_;
  int printCalls_ = 0;
};

}  // namespace harness::testing
