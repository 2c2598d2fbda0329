#include "harness/launchd/launchctl_print_parser.h"

#include <algorithm>
#include <charconv>
#include <optional>

namespace harness {
namespace {

constexpr std::string_view kWhitespace = " \t\r\n";

std::string_view trim(std::string_view s) {
  const auto b = s.find_first_not_of(kWhitespace);
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(kWhitespace);
  return s.substr(b, e - b + 1);
}

bool endsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::vector<std::string_view> splitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t begin = 0;
  while (begin < text.size()) {
    auto end = text.find('\n', begin);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(begin, end - begin);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    begin = end + 1;
  }
  return lines;
}

// Leading indentation in TABs; a group of four spaces counts as one TAB.
std::size_t indentOf(std::string_view line, std::size_t* bytes) {
  std::size_t depth = 0, i = 0;
  while (i < line.size()) {
    if (line[i] == '\t') {
      ++depth;
      ++i;
    } else if (line.substr(i, 4) == "    ") {
      ++depth;
      i += 4;
    } else {
      break;
    }
  }
  if (bytes) *bytes = i;
  return depth;
}

// "key = value" at the first " = " (or "="): key and value trimmed.
bool splitAssignment(std::string_view line, std::string_view* key, std::string_view* value) {
  auto pos = line.find(" = ");
  std::size_t skip = 3;
  if (pos == std::string_view::npos) {
    pos = line.find('=');
    skip = 1;
  }
  if (pos == std::string_view::npos) return false;
  *key = trim(line.substr(0, pos));
  *value = trim(line.substr(pos + skip));
  return !key->empty();
}

bool splitArrow(std::string_view line, std::string_view* key, std::string_view* value) {
  const auto pos = line.find("=>");
  if (pos == std::string_view::npos) return false;
  *key = trim(line.substr(0, pos));
  *value = trim(line.substr(pos + 2));
  return !key->empty();
}

// "78: EX_CONFIG" -> 78, "0" -> 0, "(never exited)" -> nullopt.
std::optional<int> leadingInt(std::string_view value) {
  value = trim(value);
  auto colon = value.find(':');
  return parseStrictInt(trim(value.substr(0, colon)));
}

// "Terminated: 15" -> 15, "15" -> 15.
std::optional<int> trailingInt(std::string_view value) {
  value = trim(value);
  auto colon = value.rfind(':');
  return parseStrictInt(colon == std::string_view::npos ? value : trim(value.substr(colon + 1)));
}

Result<bool> tooLarge(std::string_view text) {
  if (text.size() > kMaxLaunchctlOutputBytes) {
    return Error{ErrorCode::TooLarge, "launchctl output larger than " + std::to_string(kMaxLaunchctlOutputBytes) + " bytes", ""};
  }
  return true;
}

void interpretFields(JobState& job) {
  auto get = [&](const char* key) -> const std::string* {
    auto it = job.fields.find(key);
    return it == job.fields.end() ? nullptr : &it->second;
  };
  if (auto* v = get("state")) job.state = *v;
  if (auto* v = get("job state")) job.jobState = *v;
  if (auto* v = get("pid")) {
    auto pid = parseStrictInt(*v);
    if (pid && *pid > 0) job.pid = pid;
  }
  if (auto* v = get("last exit code")) {
    job.lastExitCodeText = *v;
    job.lastExitCode = leadingInt(*v);
  } else if (auto* s = get("last exit status")) {  // older fakes and OpenClaw's own parser
    job.lastExitCodeText = *s;
    job.lastExitCode = leadingInt(*s);
  }
  if (auto* v = get("last terminating signal")) {
    job.lastSignalText = *v;
    job.lastSignal = trailingInt(*v);
  }
  if (auto* v = get("runs")) job.runs = parseStrictInt(*v).value_or(0);
  if (auto* v = get("active count")) job.activeCount = parseStrictInt(*v);
  if (auto* v = get("exit timeout")) job.exitTimeout = parseStrictInt(*v);
  if (auto* v = get("minimum runtime")) job.minimumRuntime = parseStrictInt(*v);
  if (auto* v = get("program")) job.program = *v;
  if (auto* v = get("path")) job.path = *v;
  if (auto* v = get("type")) job.type = *v;
  if (auto* v = get("domain")) job.domain = *v;
  if (auto* v = get("working directory")) job.workingDirectory = *v;
  if (auto* v = get("stdout path")) job.stdoutPath = *v;
  if (auto* v = get("stderr path")) job.stderrPath = *v;
  if (auto* v = get("properties")) {
    std::string_view rest = *v;
    while (!rest.empty()) {
      auto bar = rest.find('|');
      auto item = trim(rest.substr(0, bar));
      if (!item.empty()) job.properties.emplace_back(item);
      if (bar == std::string_view::npos) break;
      rest.remove_prefix(bar + 1);
    }
  }
}

}  // namespace

bool JobState::hasProperty(const std::string& name) const {
  return std::find(properties.begin(), properties.end(), name) != properties.end();
}

std::optional<int> parseStrictInt(std::string_view text) {
  // from_chars accepts a leading '-' but no '+', no spaces: exactly "-?[0-9]+".
  if (text.empty()) return std::nullopt;
  int value = 0;
  const char* last = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), last, value);
  if (ec != std::errc() || ptr != last) return std::nullopt;
  return value;
}

Result<JobState> parseLaunchctlPrint(std::string_view text) {
  if (auto size = tooLarge(text); !size) return size.error();
  const auto lines = splitLines(text);

  std::size_t i = 0;
  while (i < lines.size() && trim(lines[i]).empty()) ++i;
  if (i == lines.size()) return Error{ErrorCode::InvalidInput, "empty launchctl print output", ""};
  {
    std::string_view header = trim(lines[i]);
    if (!endsWith(header, "= {")) {
      return Error{ErrorCode::InvalidInput, "launchctl print output has no `<target> = {` header", ""};
    }
    header.remove_suffix(3);
    JobState job;
    job.loaded = true;
    job.target = std::string(trim(header));
    ++i;

    // Stack of open block names below the header block (empty = top level).
    std::vector<std::string> blocks;
    bool closed = false;
    for (; i < lines.size() && !closed; ++i) {
      const std::string_view raw = lines[i];
      std::size_t indentBytes = 0;
      const std::size_t depth = indentOf(raw, &indentBytes);
      const std::string_view line = trim(raw);

      if (!blocks.empty() && blocks.back() == "arguments" && blocks.size() == 1) {
        // argv strings verbatim; only a single-indent `}` closes the block.
        if (line == "}" && depth <= 1) {
          blocks.pop_back();
        } else if (depth >= 2) {
          // Strip exactly the two block indents; keep the argument's own spacing.
          std::size_t strip = 0, seen = 0;
          while (strip < raw.size() && seen < 2) {
            if (raw[strip] == '\t') {
              ++strip;
              ++seen;
            } else if (raw.substr(strip, 4) == "    ") {
              strip += 4;
              ++seen;
            } else {
              break;
            }
          }
          job.arguments.emplace_back(raw.substr(strip));
        } else if (!job.arguments.empty()) {
          job.arguments.back() += "\n";
          job.arguments.back() += raw;  // continuation of a multi-line argument
        } else {
          job.arguments.emplace_back(raw);
        }
        continue;
      }

      if (line.empty()) continue;
      if (line == "}") {
        if (blocks.empty()) closed = true;
        else blocks.pop_back();
        continue;
      }
      if (endsWith(line, "= {") || line == "{") {
        std::string_view name = line;
        name.remove_suffix(std::min<std::size_t>(name.size(), line == "{" ? 1 : 3));
        blocks.emplace_back(trim(name));
        if (blocks.size() > 64) return Error{ErrorCode::TooLarge, "launchctl print output nests too deeply", job.target};
        continue;
      }
      if (blocks.empty()) {
        std::string_view key, value;
        if (splitAssignment(line, &key, &value)) job.fields.emplace(std::string(key), std::string(value));
        continue;
      }
      if (blocks.size() == 1) {
        std::string_view key, value;
        std::map<std::string, std::string>* env = nullptr;
        if (blocks.back() == "environment") env = &job.environment;
        else if (blocks.back() == "default environment") env = &job.defaultEnvironment;
        else if (blocks.back() == "inherited environment") env = &job.inheritedEnvironment;
        if (env && splitArrow(line, &key, &value)) env->emplace(std::string(key), std::string(value));
      }
      // Deeper nested blocks (endpoints, coalitions, ...) are not interpreted.
    }
    interpretFields(job);
    return job;
  }
}

Result<std::map<std::string, bool>> parseLaunchctlPrintDisabled(std::string_view text) {
  if (auto size = tooLarge(text); !size) return size.error();
  const auto lines = splitLines(text);
  const bool hasBlock = std::any_of(lines.begin(), lines.end(), [](std::string_view l) {
    auto t = trim(l);
    return t.rfind("disabled services", 0) == 0 && endsWith(t, "= {");
  });

  std::map<std::string, bool> result;
  bool inBlock = !hasBlock;
  int depth = 0;
  for (std::string_view raw : lines) {
    const auto line = trim(raw);
    if (hasBlock) {
      if (!inBlock) {
        if (line.rfind("disabled services", 0) == 0 && endsWith(line, "= {")) {
          inBlock = true;
          depth = 0;
        }
        continue;
      }
      if (endsWith(line, "= {")) {
        ++depth;
        continue;
      }
      if (line == "}") {
        if (depth == 0) {
          inBlock = false;
        } else {
          --depth;
        }
        continue;
      }
      if (depth > 0) continue;
    }
    if (line.size() < 2 || line.front() != '"') continue;
    const auto closeQuote = line.find('"', 1);
    if (closeQuote == std::string_view::npos) continue;
    const std::string label(line.substr(1, closeQuote - 1));
    std::string_view rest = trim(line.substr(closeQuote + 1));
    if (rest.substr(0, 2) != "=>") continue;
    const std::string_view value = trim(rest.substr(2));
    if (value == "disabled" || value == "true") {
      result[label] = true;
    } else if (value == "enabled" || value == "false") {
      result[label] = false;
    } else {
      return Error{ErrorCode::InvalidInput, "unrecognized print-disabled state `" + std::string(value.substr(0, 40)) + "`", label};
    }
  }
  return result;
}

Result<std::vector<JobListEntry>> parseLaunchctlList(std::string_view text) {
  if (auto size = tooLarge(text); !size) return size.error();
  std::vector<JobListEntry> entries;
  for (std::string_view raw : splitLines(text)) {
    std::vector<std::string_view> tokens;
    std::string_view rest = raw;
    while (true) {
      auto b = rest.find_first_not_of(kWhitespace);
      if (b == std::string_view::npos) break;
      rest.remove_prefix(b);
      auto e = rest.find_first_of(kWhitespace);
      tokens.push_back(rest.substr(0, e));
      if (e == std::string_view::npos) break;
      rest.remove_prefix(e);
    }
    if (tokens.size() != 3) continue;
    JobListEntry entry;
    if (tokens[0] != "-") {
      auto pid = parseStrictInt(tokens[0]);
      if (!pid || *pid <= 0) continue;  // also skips the "PID Status Label" header
      entry.pid = pid;
    }
    auto status = parseStrictInt(tokens[1]);
    if (!status) continue;
    entry.status = *status;
    entry.label = std::string(tokens[2]);
    entries.push_back(std::move(entry));
  }
  return entries;
}

}  // namespace harness
