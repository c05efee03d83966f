#include "common/log.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <ctime>

namespace careerbot::log {
namespace {

std::atomic<LogLevel> current_level{LogLevel::info};
std::atomic<LogFormat> current_format{LogFormat::json};

std::string timestamp() {
  const auto now = std::chrono::system_clock::now();
  const auto seconds = std::chrono::system_clock::to_time_t(now);
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[40];
  const auto length = std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &utc);
  std::snprintf(buffer + length, sizeof buffer - length, ".%03dZ", static_cast<int>(millis));
  return buffer;
}

template <typename Json>
std::string dump(const Json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// A text field's value: bare when it is one plain word, else JSON (quoted, escaped), so a line stays
// one line and can still be split on spaces.
std::string text_value(const nlohmann::json& value) {
  if (value.is_string()) {
    const auto& s = value.get_ref<const std::string&>();
    const bool plain =
        !s.empty() && s.find_first_of(" \t\r\n\"=\\") == std::string::npos &&
        std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x20; });
    if (plain) return s;
  }
  return dump(value);
}

bool reserved(const std::string& key) {
  return key == "ts" || key == "level" || key == "event";
}

}  // namespace

std::string session_ref(std::string_view session_id) {
  if (session_id.empty()) return {};
  std::uint64_t hash = 14695981039346656037ull;
  for (const char c : session_id) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ull;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(12, '0');
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = kHex[(hash >> (60 - 4 * i)) & 0xf];
  return out;
}

void set_level(LogLevel at) noexcept {
  current_level.store(at, std::memory_order_relaxed);
}
LogLevel level() noexcept {
  return current_level.load(std::memory_order_relaxed);
}
void set_format(LogFormat format) noexcept {
  current_format.store(format, std::memory_order_relaxed);
}

std::string format_line(LogFormat format, std::string_view time, LogLevel at, std::string_view event,
                        const nlohmann::json& fields) {
  std::string text;
  if (format == LogFormat::json) {
    // ordered_json keeps ts, level and event first, then the fields as given.
    nlohmann::ordered_json line = {{"ts", time}, {"level", to_string(at)}, {"event", event}};
    if (fields.is_object())
      for (const auto& [key, value] : fields.items())
        if (!reserved(key)) line[key] = value;
    text = dump(line);
  } else {
    text.append(time).append(" ").append(to_string(at)).append(" ").append(event);
    if (fields.is_object())
      for (const auto& [key, value] : fields.items())
        if (!reserved(key)) text.append(" ").append(key).append("=").append(text_value(value));
  }
  text += '\n';
  return text;
}

void write(LogLevel at, std::string_view event, const nlohmann::json& fields) {
  try {
    const std::string text =
        format_line(current_format.load(std::memory_order_relaxed), timestamp(), at, event, fields);
    std::fwrite(text.data(), 1, text.size(), stderr);
  } catch (...) {
    // Logging must never take a request down.
  }
}

}  // namespace careerbot::log
