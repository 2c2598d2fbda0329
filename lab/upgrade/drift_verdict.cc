#include "lab/upgrade/drift_verdict.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

namespace harness::upgrade {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

struct Signature {
  const char* needle;  // lower case
  const char* cause;
};

// Node's and undici's codes for a network that did not answer, and npm's error prefixes.
// ECONNREFUSED is not here: the CLI failing to reach its own gateway on localhost is the
// release's behaviour, not the network's.
constexpr Signature kSignatures[] = {
    {"enotfound", "network: a host name did not resolve (ENOTFOUND)"},
    {"eai_again", "network: name resolution failed (EAI_AGAIN)"},
    {"ehostunreach", "network: host unreachable (EHOSTUNREACH)"},
    {"enetunreach", "network: network unreachable (ENETUNREACH)"},
    {"etimedout", "network: a connection timed out (ETIMEDOUT)"},
    {"econnreset", "network: a connection was reset (ECONNRESET)"},
    {"und_err_connect_timeout", "network: a connection timed out (UND_ERR_CONNECT_TIMEOUT)"},
    {"socket hang up", "network: socket hang up"},
    {"fetch failed", "network: fetch failed"},
    {"npm err!", "npm error"},
    {"npm error", "npm error"},
};

}  // namespace

std::optional<std::string> environmentCause(std::string_view text) {
  const std::string haystack = lower(text);
  for (const auto& signature : kSignatures) {
    if (haystack.find(signature.needle) != std::string::npos) return std::string(signature.cause);
  }
  return std::nullopt;
}

DriftStatus statusForError(const Error& error, DriftStatus behaviour) {
  if (error.code == ErrorCode::Timeout) return DriftStatus::Environment;
  if (environmentCause(error.message) || environmentCause(error.context)) return DriftStatus::Environment;
  return behaviour;
}

DriftStatus behaviourOrEnvironment(DriftStatus behaviour, std::string_view evidence, std::string& message) {
  if (behaviour == DriftStatus::Pass) return behaviour;
  const auto cause = environmentCause(evidence);
  if (!cause) return behaviour;
  message = *cause + (message.empty() ? "" : "; " + message);
  return DriftStatus::Environment;
}

DriftRun mergeRetry(const DriftRun& first, const DriftRun& retry) {
  std::map<std::string, const DriftResult*> firstById;
  for (const auto& r : first.results) firstById.emplace(r.id, &r);  // the first of an id stands
  DriftRun out;
  out.release = retry.release.empty() ? first.release : retry.release;
  out.seconds = first.seconds + retry.seconds;
  out.openclawSeconds = first.openclawSeconds + retry.openclawSeconds;
  out.groupsNotRun = first.groupsNotRun;
  std::set<std::string> seen;
  for (const auto& r : retry.results) {
    if (!seen.insert(r.id).second) continue;
    const auto it = firstById.find(r.id);
    if (r.status == DriftStatus::Environment && it != firstById.end() &&
        it->second->status != DriftStatus::Environment) {
      out.results.push_back(*it->second);
    } else {
      out.results.push_back(r);
    }
  }
  for (const auto& r : first.results) {
    if (seen.insert(r.id).second) out.results.push_back(r);
  }
  return out;
}

}  // namespace harness::upgrade
