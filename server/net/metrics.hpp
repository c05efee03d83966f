#pragma once
// The server's Prometheus metrics in plain C++ (no Beast, no external library), plus
// careerbot_build_info{version,commit} and the standard process_* series (process_metrics.hpp).
//
// Thread-safety: every method may be called from any thread at once. Recording is lock-free: counters
// are relaxed atomics, per-intent counters live in a fixed open-addressing table whose slots are
// filled once by compare-and-swap and never freed before the Metrics object. render() reads a
// consistent-enough snapshot (each number is exact; numbers may be from slightly different moments).

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "protocol/error_code.hpp"

namespace careerbot::net {

class Metrics {
 public:
  Metrics();
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // careerbot_messages_total: a student message reached the server (before validation).
  void message_received() noexcept;
  // careerbot_replies_total{intent}, careerbot_fallbacks_total, careerbot_turn_latency_seconds.
  void reply_sent(std::string_view intent, std::chrono::nanoseconds latency) noexcept;
  // careerbot_errors_total{code}
  void error_sent(protocol::ErrorCode code) noexcept;
  // careerbot_open_connections (HTTP and WebSocket) and careerbot_open_websockets.
  void connection_opened() noexcept;
  void connection_closed() noexcept;
  void websocket_opened() noexcept;
  void websocket_closed() noexcept;
  std::int64_t open_connections() const noexcept;
  std::int64_t open_websockets() const noexcept;

  // careerbot_active_sessions, when the chat service can tell (called at render time).
  void set_active_sessions_source(std::function<std::optional<std::int64_t>()> source);
  // A metric another module keeps (e.g. the flag store's failed writes), read at render time.
  // `type` is "counter" or "gauge". Only before the server starts (not thread-safe).
  void add_source(std::string name, std::string help, std::string type, std::function<std::int64_t()> read);
  // The same with one label: `name{label="value"}` for each (value, read) pair, e.g.
  // careerbot_whatsapp_replies_failed_total{reason="queue_full"}. Only before the server starts.
  using LabeledReads = std::vector<std::pair<std::string, std::function<std::int64_t()>>>;
  void add_labeled_source(std::string name, std::string help, std::string type, std::string label,
                          LabeledReads reads);

  std::uint64_t messages() const noexcept;
  std::uint64_t replies(std::string_view intent) const noexcept;
  std::uint64_t errors(protocol::ErrorCode code) const noexcept;

  // Prometheus text exposition format 0.0.4.
  std::string render() const;

  // Histogram bucket upper bounds in seconds (the last bucket is +Inf).
  static constexpr std::array<double, 14> kLatencyBuckets = {0.000005, 0.00001, 0.000025, 0.00005, 0.0001,
                                                             0.00025,  0.0005,  0.001,    0.0025,  0.005,
                                                             0.01,     0.025,   0.1,      1.0};

 private:
  struct IntentCounter;
  static constexpr std::size_t kIntentSlots = 1024;

  IntentCounter* intent_counter(std::string_view intent) noexcept;
  const IntentCounter* find_intent(std::string_view intent) const noexcept;

  std::atomic<std::uint64_t> messages_{0};
  std::atomic<std::uint64_t> fallbacks_{0};
  std::atomic<std::uint64_t> overflow_replies_{0};  // intents that did not fit the table
  std::array<std::atomic<IntentCounter*>, kIntentSlots> intents_{};
  std::array<std::atomic<std::uint64_t>, protocol::kErrorCodeCount> errors_{};
  std::array<std::atomic<std::uint64_t>, kLatencyBuckets.size() + 1> latency_buckets_{};
  std::atomic<std::uint64_t> latency_count_{0};
  std::atomic<std::uint64_t> latency_sum_ns_{0};
  std::atomic<std::int64_t> open_connections_{0};
  std::atomic<std::int64_t> open_websockets_{0};
  std::function<std::optional<std::int64_t>()> active_sessions_;
  struct Source {
    std::string name;
    std::string help;
    std::string type;
    std::function<std::int64_t()> read;  // unlabelled; empty when `reads` is used
    std::string label;
    LabeledReads reads;
  };
  std::vector<Source> sources_;
};

}  // namespace careerbot::net
