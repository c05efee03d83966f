#include "common/log.hpp"

#include <cstdint>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace careerbot::log {
namespace {

std::atomic<LogLevel> current_level{LogLevel::info};

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

void write(LogLevel at, std::string_view event, const nlohmann::json& fields) {
  try {
    nlohmann::json line = {{"ts", timestamp()}, {"level", to_string(at)}, {"event", event}};
    if (fields.is_object()) {
      for (const auto& [key, value] : fields.items()) line[key] = value;
    }
    std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    text += '\n';
    std::fwrite(text.data(), 1, text.size(), stderr);
  } catch (...) {
    // Logging must never take a request down.
  }
}

}  // namespace careerbot::log
