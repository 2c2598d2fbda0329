#include "harness/core/result.h"

namespace harness {

const char* toString(ErrorCode code) {
  switch (code) {
    case ErrorCode::NotFound: return "not-found";
    case ErrorCode::PermissionDenied: return "permission-denied";
    case ErrorCode::InvalidInput: return "invalid-input";
    case ErrorCode::Unsupported: return "unsupported";
    case ErrorCode::TooLarge: return "too-large";
    case ErrorCode::Io: return "io";
    case ErrorCode::Timeout: return "timeout";
    case ErrorCode::ProcessFailed: return "process-failed";
  }
  return "unknown";
}

}  // namespace harness
