#include "fakes/gateway/logger.h"

#include <chrono>
#include <ctime>

namespace fakes::gateway {

std::string isoTimestampNow() {
  using namespace std::chrono;
  const auto now = system_clock::now();
  const std::time_t seconds = system_clock::to_time_t(now);
  const auto millis = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900, utc.tm_mon + 1,
                utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, static_cast<int>(millis));
  return buf;
}

void Logger::addSecret(std::string_view secret) {
  std::lock_guard lock(mutex_);
  redactor_.addSecret(secret);
}

void Logger::info(std::string_view subsystem, std::string_view text) { write(out_, subsystem, text); }

void Logger::error(std::string_view subsystem, std::string_view text) { write(err_, subsystem, text); }

void Logger::write(std::FILE* stream, std::string_view subsystem, std::string_view text) {
  std::lock_guard lock(mutex_);
  std::string line = isoTimestampNow();
  line += " [";
  line += subsystem;
  line += "] ";
  line += text;
  line = redactor_.redact(line);
  line += '\n';
  // Flush the other stream first so lines sharing one file keep their order.
  std::fflush(stream == out_ ? err_ : out_);
  std::fwrite(line.data(), 1, line.size(), stream);
  std::fflush(stream);
}

}  // namespace fakes::gateway
