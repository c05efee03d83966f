#pragma once
// A tiny structured logger: one line per event on stderr, by default a JSON object with the time,
// level and event first, then the event's fields:
//   {"ts":"2026-01-01T10:00:00.123Z","level":"info","event":"turn","session":"...","latency_us":12}
// or, with log_format text (for a terminal), the same in words:
//   2026-01-01T10:00:00.123Z info turn session=... latency_us=12
// Thread-safe: each line is written with a single fwrite on an unbuffered stream, so lines from
// different threads never interleave. Level and format are process-wide settings. Student text is
// the caller's to leave out (see log_student_text); nothing here adds any.

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/config.hpp"

namespace careerbot::log {

void set_level(LogLevel level) noexcept;

// What logs say instead of a session id: a short hash (12 hex digits of FNV-1a), enough to follow one
// conversation through the log, useless for resuming it. A session id is a bearer secret: never log it.
std::string session_ref(std::string_view session_id);
LogLevel level() noexcept;
void set_format(LogFormat format) noexcept;
inline bool enabled(LogLevel at) noexcept {
  return at >= level() && level() != LogLevel::off;
}

// One log line (with its newline) as write() prints it: pure, for tests. `fields` other than an
// object are left out; a field named ts, level or event cannot replace those.
std::string format_line(LogFormat format, std::string_view timestamp, LogLevel at, std::string_view event,
                        const nlohmann::json& fields);

// Writes `fields` (an object) after "ts", "level" and "event". Never throws.
void write(LogLevel at, std::string_view event, const nlohmann::json& fields = nlohmann::json::object());

inline void debug(std::string_view event, const nlohmann::json& fields = nlohmann::json::object()) {
  if (enabled(LogLevel::debug)) write(LogLevel::debug, event, fields);
}
inline void info(std::string_view event, const nlohmann::json& fields = nlohmann::json::object()) {
  if (enabled(LogLevel::info)) write(LogLevel::info, event, fields);
}
inline void warn(std::string_view event, const nlohmann::json& fields = nlohmann::json::object()) {
  if (enabled(LogLevel::warn)) write(LogLevel::warn, event, fields);
}
inline void error(std::string_view event, const nlohmann::json& fields = nlohmann::json::object()) {
  if (enabled(LogLevel::error)) write(LogLevel::error, event, fields);
}

}  // namespace careerbot::log
