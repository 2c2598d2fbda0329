#pragma once

// Result<T>: a value or an Error, for every fallible call that crosses a harness boundary
// (files, processes, parsers). Mirrors the subset of C++23 std::expected the harness needs,
// so it can be swapped for std::expected once every supported compiler has it.

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace harness {

enum class ErrorCode {
  NotFound,          // file, key, label or executable does not exist
  PermissionDenied,  // the OS refused access
  InvalidInput,      // malformed JSON5, plist, arguments, wrong type
  Unsupported,       // valid input the harness deliberately does not interpret ($include, ...)
  TooLarge,          // input above the harness's size or depth limits
  Io,                // any other OS-level failure
  Timeout,           // a bounded wait ran out
  ProcessFailed,     // a child process could not be started or failed
};

const char* toString(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::Io;
  std::string message;  // one line, human readable; never contains a secret value
  std::string context;  // where: a file path, key path or command line (redacted)

  std::string describe() const {
    return context.empty() ? message : context + ": " + message;
  }
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT(implicit)
  Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT(implicit)

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { assert(ok()); return std::get<0>(state_); }
  const T& value() const& { assert(ok()); return std::get<0>(state_); }
  T&& value() && { assert(ok()); return std::get<0>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const { assert(!ok()); return std::get<1>(state_); }

 private:
  std::variant<T, Error> state_;
};

// For calls that produce no value.
struct Done {};
using Status = Result<Done>;
inline Status ok() { return Done{}; }

}  // namespace harness
