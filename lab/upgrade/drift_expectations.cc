// Expected results per release: status names, reading the recorded files strictly, and
// writing what a run would record.

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>
#include <system_error>
#include <utility>

#include "harness/core/file_reader.h"
#include "harness/core/release_version.h"
#include "harness/report/report_text.h"
#include "lab/upgrade/drift.h"

namespace harness::upgrade {
namespace {

namespace fs = std::filesystem;

// Keys a file may hold. "comment" is free text for the person recording (why a cell is
// refused, which issue tracks it); anything else is rejected so that a typo such as
// "mesage" cannot silently turn an expectation into "any message".
constexpr const char* kFileKeys[] = {"release", "results", "comment"};
constexpr const char* kEntryKeys[] = {"status", "message", "comment"};

// Ids and keys come from a hand-edited file; keep error messages one line and printable.
std::string printable(std::string_view text) { return escapeControls(text, false); }

Error invalid(const fs::path& file, std::string message) {
  return Error{ErrorCode::InvalidInput, std::move(message), file.string()};
}

template <size_t N>
bool isKnownKey(const std::string& key, const char* const (&known)[N]) {
  return std::find(std::begin(known), std::end(known), key) != std::end(known);
}

std::string describeType(const nlohmann::json& value) {
  return std::string(value.type_name());
}

// nlohmann keeps the last of two equal keys without a word; in a hand-edited file that hides
// a conflicting second record of the same id, so the parse callback notes the first repeat.
struct DuplicateKeyFinder {
  std::vector<std::set<std::string>> open;  // keys seen in each enclosing object
  std::string duplicate;
  bool found = false;

  bool operator()(int /*depth*/, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
    using Event = nlohmann::json::parse_event_t;
    if (event == Event::object_start) {
      open.emplace_back();
    } else if (event == Event::object_end) {
      if (!open.empty()) open.pop_back();
    } else if (event == Event::key && !open.empty() && parsed.is_string()) {
      if (!open.back().insert(parsed.get<std::string>()).second && !found) {
        found = true;
        duplicate = parsed.get<std::string>();
      }
    }
    return true;
  }
};

Result<Expectation> parseEntry(const fs::path& file, const std::string& id,
                               const nlohmann::json& entry) {
  const std::string path = "results." + printable(id);
  if (!entry.is_object()) {
    return invalid(file, path + ": expected an object like {\"status\": \"pass\"}, got " +
                             describeType(entry));
  }
  for (const auto& [key, value] : entry.items()) {
    if (!isKnownKey(key, kEntryKeys)) {
      return invalid(file, path + "." + printable(key) +
                               ": unknown key (allowed: status, message, comment)");
    }
  }
  Expectation expectation;
  const auto status = entry.find("status");
  if (status == entry.end()) return invalid(file, path + ".status: missing");
  if (!status->is_string()) {
    return invalid(file, path + ".status: expected a string, got " + describeType(*status));
  }
  const auto parsed = parseDriftStatus(status->get<std::string>());
  if (!parsed) {
    return invalid(file, path + ".status: unknown status \"" +
                             printable(status->get<std::string>()) +
                             "\" (expected pass, fail, refused or skipped)");
  }
  if (*parsed == DriftStatus::Environment) {
    return invalid(file, path + ".status: \"environment\" is what a machine did, not the release: "
                                "record a run where the result was judged");
  }
  expectation.status = *parsed;
  if (const auto message = entry.find("message"); message != entry.end()) {
    if (!message->is_string()) {
      return invalid(file, path + ".message: expected a string, got " + describeType(*message));
    }
    expectation.messageContains = message->get<std::string>();
  }
  if (const auto comment = entry.find("comment"); comment != entry.end() && !comment->is_string()) {
    return invalid(file, path + ".comment: expected a string, got " + describeType(*comment));
  }
  return expectation;
}

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isAlnum(char c) {
  return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Length of the UTF-8 sequence at text[i] if it is well formed and printable, else 0.
// toValidUtf8/escapeControls would rewrite such bytes, and a rewritten prefix would no longer
// be a substring of the message, so the prefix simply stops there.
size_t printableSequenceLength(std::string_view text, size_t i) {
  const size_t end = std::min(text.size(), i + 4);
  for (size_t length = 1; i + length <= end; ++length) {
    const std::string_view candidate = text.substr(i, length);
    if (escapeControls(candidate, false) == candidate) return length;
  }
  return 0;
}

}  // namespace

const char* toString(DriftStatus status) {
  switch (status) {
    case DriftStatus::Pass: return "pass";
    case DriftStatus::Fail: return "fail";
    case DriftStatus::Refused: return "refused";
    case DriftStatus::Skipped: return "skipped";
    case DriftStatus::Environment: return "environment";
  }
  return "skipped";
}

std::optional<DriftStatus> parseDriftStatus(const std::string& text) {
  for (DriftStatus status : {DriftStatus::Pass, DriftStatus::Fail, DriftStatus::Refused,
                             DriftStatus::Skipped, DriftStatus::Environment}) {
    if (text == toString(status)) return status;
  }
  return std::nullopt;
}

Result<ReleaseExpectations> loadExpectations(const fs::path& file) {
  auto text = readFileLimited(file);
  if (!text) return text.error();

  DuplicateKeyFinder duplicates;
  nlohmann::json root;
  try {
    root = nlohmann::json::parse(*text, std::ref(duplicates), /*allow_exceptions=*/true,
                                 /*ignore_comments=*/false);
  } catch (const nlohmann::json::exception& e) {
    // what() carries the byte position ("syntax error while parsing value - ... at line 3").
    return invalid(file, std::string("not valid JSON: ") + printable(e.what()));
  }
  if (duplicates.found) {
    return invalid(file, "key \"" + printable(duplicates.duplicate) + "\" appears twice");
  }
  if (!root.is_object()) {
    return invalid(file, "(top level): expected an object with \"release\" and \"results\", got " +
                             describeType(root));
  }
  for (const auto& [key, value] : root.items()) {
    if (!isKnownKey(key, kFileKeys)) {
      return invalid(file, printable(key) + ": unknown key (allowed: release, results, comment)");
    }
  }

  ReleaseExpectations out;
  out.file = file;
  const auto release = root.find("release");
  if (release == root.end()) return invalid(file, "release: missing");
  if (!release->is_string()) {
    return invalid(file, "release: expected a string, got " + describeType(*release));
  }
  out.release = release->get<std::string>();
  // The file name is the index loadExpectationDir and verify-host go by; a copied file whose
  // "release" was not updated would silently stand for the wrong release.
  const std::string expectedName = out.release + ".json";
  if (out.release.empty() || file.filename().string() != expectedName) {
    return invalid(file, "release: \"" + printable(out.release) + "\" does not match the file name \"" +
                             printable(file.filename().string()) + "\" (expected <release>.json)");
  }
  if (const auto comment = root.find("comment"); comment != root.end() && !comment->is_string()) {
    return invalid(file, "comment: expected a string, got " + describeType(*comment));
  }

  const auto results = root.find("results");
  if (results == root.end()) return invalid(file, "results: missing");
  if (!results->is_object()) {
    return invalid(file, "results: expected an object keyed by result id, got " +
                             describeType(*results));
  }
  for (const auto& [id, entry] : results->items()) {
    if (id.empty()) return invalid(file, "results: an empty result id");
    auto expectation = parseEntry(file, id, entry);
    if (!expectation) return expectation.error();
    out.results.emplace(id, std::move(*expectation));
  }
  return out;
}

Result<std::vector<ReleaseExpectations>> loadExpectationDir(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return Error{ErrorCode::NotFound, "not a directory of expectations", dir.string()};
  }
  std::vector<fs::path> files;
  fs::directory_iterator it(dir, ec), end;
  if (ec) return Error{ErrorCode::Io, "cannot list: " + ec.message(), dir.string()};
  for (; it != end; it.increment(ec)) {
    if (ec) return Error{ErrorCode::Io, "cannot list: " + ec.message(), dir.string()};
    const fs::path& path = it->path();
    const std::string name = path.filename().string();
    // Editor and lock files (".#2026.9.6.json") are not records; READMEs beside them are fine.
    if (name.empty() || name.front() == '.' || path.extension() != ".json") continue;
    std::error_code typeError;
    if (!it->is_regular_file(typeError)) continue;
    files.push_back(path);
  }
  // Directory order is arbitrary; read in name order so the first bad file reported is stable.
  std::sort(files.begin(), files.end());

  std::vector<ReleaseExpectations> out;
  for (const auto& file : files) {
    auto loaded = loadExpectations(file);
    if (!loaded) return loaded.error();
    out.push_back(std::move(*loaded));
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    const int order = compareVersions(a.release, b.release);
    return order != 0 ? order < 0 : a.release < b.release;
  });
  // "2026.9.6" and "2026.09.6" are the same release to compareVersions; two records of one
  // release would make "the newest recorded" ambiguous.
  for (size_t i = 1; i < out.size(); ++i) {
    if (compareVersions(out[i - 1].release, out[i].release) == 0) {
      return Error{ErrorCode::InvalidInput,
                   "records the same release as " + out[i - 1].file.filename().string(),
                   out[i].file.string()};
    }
  }
  return out;
}

// The rule, in order:
//  1. Only the first line counts (up to '\n' or '\r'); leading blanks are skipped.
//  2. Cut before the first volatile part:
//     - a run of more than 3 digits (ports, PIDs, byte counts, timestamps, a year or release
//       such as "2026.9.6"); runs of up to 3 digits ("127.0.0.1", "exit code 1") stay;
//     - a '/' that starts a path: at the start or after a character that is not a letter or a
//       digit (" /Users/alice/...", "'/tmp/x'", "http://..."), but not "and/or";
//     - a control character or a byte that is not well-formed UTF-8 (renderers would rewrite
//       them, and the prefix must stay a substring of the raw message).
//  3. At most 80 characters (code points, never splitting one).
//  4. Trailing blanks and dangling separators (: ; , = ( [ { < and quotes) are trimmed, so
//     "cannot read '/Users/a/x'" records "cannot read".
// The result is always a substring of the message, hence a file written by expectationsJson
// from a run compares equal to that run.
std::string stableMessagePrefix(std::string_view message) {
  constexpr size_t kMaxChars = 80;
  size_t begin = 0;
  while (begin < message.size() && (message[begin] == ' ' || message[begin] == '\t')) ++begin;

  size_t i = begin;
  size_t chars = 0;
  while (i < message.size() && chars < kMaxChars) {
    const char c = message[i];
    if (c == '\n' || c == '\r') break;
    if (isDigit(c)) {
      size_t run = i;
      while (run < message.size() && isDigit(message[run])) ++run;
      if (run - i > 3) break;
      const size_t taken = std::min(run - i, kMaxChars - chars);  // digits are one byte each
      i += taken;
      chars += taken;
      continue;
    }
    if (c == '/' && (i == begin || !isAlnum(message[i - 1]))) break;
    const size_t length = printableSequenceLength(message, i);
    if (length == 0) break;
    i += length;
    ++chars;
  }

  size_t end = i;
  constexpr std::string_view kTrailing = " \t:;,=([{<'\"`";
  while (end > begin && kTrailing.find(message[end - 1]) != std::string_view::npos) --end;
  return std::string(message.substr(begin, end - begin));
}

nlohmann::json expectationsJson(const DriftRun& run) {
  nlohmann::json results = nlohmann::json::object();
  for (const auto& result : run.results) {
    if (result.status == DriftStatus::Environment) continue;
    if (results.contains(result.id)) continue;  // compare() also goes by the first of an id
    nlohmann::json entry = {{"status", toString(result.status)}};
    if (result.status != DriftStatus::Pass) {
      const std::string prefix = stableMessagePrefix(result.message);
      if (!prefix.empty()) entry["message"] = prefix;
    }
    // Ids come from the harness, but dump() throws on invalid UTF-8; never hand the caller that.
    results[toValidUtf8(result.id)] = std::move(entry);
  }
  return {{"release", toValidUtf8(run.release)}, {"results", std::move(results)}};
}

bool recordable(const DriftRun& run) { return !hasEnvironmentResults(run); }

}  // namespace harness::upgrade
