#pragma once

// Shared by the bad-input corpus tests (one file per input family): a deadline around each
// input, a counter that prints how many inputs a family tried, and a watch that proves the
// harness never opened a file outside the home it was given.
//
//   CorpusCount count("config");
//   for (const auto& input : inputs) {
//     ++count;
//     runBounded(input.name, [&] { ... });   // a hang fails the test and ends the process
//   }
//   // the destructor prints "[corpus] config: 312 bad inputs"

#include <sys/inotify.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "harness/testing/timeouts.h"

namespace harness::testing {

// How long one bad input may take. Real inputs take microseconds to milliseconds; the bound is
// generous for sanitizer builds (HARNESS_TIMEOUT_SCALE stretches it further).
inline std::chrono::milliseconds perInputDeadline() {
  return std::chrono::milliseconds(static_cast<long long>(10'000 * timeoutScale()));
}

// Runs `body` on its own thread and waits at most `deadline`. A body still running then is a
// hang: the test fails with the input's name, and the process ends at once, because a stuck
// thread cannot be cancelled and would otherwise hold ctest until its own timeout.
template <class Body>
void runBounded(const std::string& name, Body&& body, std::chrono::milliseconds deadline = perInputDeadline()) {
  std::packaged_task<void()> task(std::forward<Body>(body));
  auto done = task.get_future();
  std::thread worker(std::move(task));
  if (done.wait_for(deadline) != std::future_status::ready) {
    std::cerr << "HANG: input '" << name << "' still running after " << deadline.count() << " ms\n" << std::flush;
    ADD_FAILURE() << "input '" << name << "' did not finish within " << deadline.count() << " ms";
    worker.detach();
    std::_Exit(3);
  }
  worker.join();
  try {
    done.get();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "input '" << name << "' threw: " << e.what();
  }
}

// Counts the inputs of one family and prints the figure (it goes into the closing note).
class CorpusCount {
 public:
  explicit CorpusCount(std::string family) : family_(std::move(family)) {}
  ~CorpusCount() {
    std::cout << "[corpus] " << family_ << ": " << count_ << " bad inputs\n";
    ::testing::Test::RecordProperty("bad_inputs", count_);
  }
  CorpusCount(const CorpusCount&) = delete;
  CorpusCount& operator=(const CorpusCount&) = delete;
  CorpusCount& operator++() {
    ++count_;
    return *this;
  }
  int value() const { return count_; }

 private:
  std::string family_;
  int count_ = 0;
};

// Watches files (or directories) with inotify and reports every open or read of them, by any
// process of this machine. stat() and readlink() do not show up, so what this catches is
// exactly "the harness read the file", not "the harness looked at where a link points".
class OpenWatch {
 public:
  OpenWatch() : fd_(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) {}
  ~OpenWatch() {
    if (fd_ >= 0) ::close(fd_);
  }
  OpenWatch(const OpenWatch&) = delete;
  OpenWatch& operator=(const OpenWatch&) = delete;

  bool ok() const { return fd_ >= 0; }
  void watch(const std::filesystem::path& path) {
    const int wd = ::inotify_add_watch(fd_, path.c_str(), IN_OPEN | IN_ACCESS);
    ASSERT_GE(wd, 0) << "inotify_add_watch " << path;
    if (static_cast<size_t>(wd) >= paths_.size()) paths_.resize(wd + 1);
    paths_[wd] = path.string();
  }
  // The watched paths opened or read since the last call.
  std::vector<std::string> touched() {
    std::vector<std::string> out;
    alignas(inotify_event) char buf[16384];
    for (;;) {
      const ssize_t n = ::read(fd_, buf, sizeof buf);
      if (n <= 0) break;
      for (char* p = buf; p < buf + n;) {
        const auto* ev = reinterpret_cast<const inotify_event*>(p);
        if (ev->wd >= 0 && static_cast<size_t>(ev->wd) < paths_.size()) out.push_back(paths_[ev->wd]);
        p += sizeof(inotify_event) + ev->len;
      }
    }
    return out;
  }

 private:
  int fd_;
  std::vector<std::string> paths_;
};

}  // namespace harness::testing
