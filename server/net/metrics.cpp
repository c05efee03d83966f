#include "net/metrics.hpp"

#include <cstdio>
#include <functional>
#include <sstream>

#include "common/build_info.hpp"
#include "net/process_metrics.hpp"

namespace careerbot::net {

struct Metrics::IntentCounter {
  explicit IntentCounter(std::string_view intent_name) : name(intent_name) {}
  const std::string name;
  std::atomic<std::uint64_t> count{0};
};

Metrics::Metrics() = default;

Metrics::~Metrics() {
  for (auto& slot : intents_) delete slot.load(std::memory_order_acquire);
}

void Metrics::message_received() noexcept {
  messages_.fetch_add(1, std::memory_order_relaxed);
}

Metrics::IntentCounter* Metrics::intent_counter(std::string_view intent) noexcept {
  const std::size_t start = std::hash<std::string_view>{}(intent) % kIntentSlots;
  for (std::size_t probe = 0; probe < kIntentSlots; ++probe) {
    auto& slot = intents_[(start + probe) % kIntentSlots];
    IntentCounter* counter = slot.load(std::memory_order_acquire);
    if (counter == nullptr) {
      IntentCounter* fresh = nullptr;
      try {
        fresh = new IntentCounter(intent);
      } catch (...) {
        return nullptr;
      }
      if (slot.compare_exchange_strong(counter, fresh, std::memory_order_acq_rel)) return fresh;
      delete fresh;  // another thread filled the slot first; `counter` now holds its entry
    }
    if (counter->name == intent) return counter;
  }
  return nullptr;
}

const Metrics::IntentCounter* Metrics::find_intent(std::string_view intent) const noexcept {
  const std::size_t start = std::hash<std::string_view>{}(intent) % kIntentSlots;
  for (std::size_t probe = 0; probe < kIntentSlots; ++probe) {
    const IntentCounter* counter = intents_[(start + probe) % kIntentSlots].load(std::memory_order_acquire);
    if (counter == nullptr) return nullptr;
    if (counter->name == intent) return counter;
  }
  return nullptr;
}

void Metrics::reply_sent(std::string_view intent, std::chrono::nanoseconds latency) noexcept {
  if (IntentCounter* counter = intent_counter(intent)) {
    counter->count.fetch_add(1, std::memory_order_relaxed);
  } else {
    overflow_replies_.fetch_add(1, std::memory_order_relaxed);
  }
  if (intent == "fallback") fallbacks_.fetch_add(1, std::memory_order_relaxed);

  const double seconds = std::chrono::duration<double>(latency).count();
  std::size_t bucket = 0;
  while (bucket < kLatencyBuckets.size() && seconds > kLatencyBuckets[bucket]) ++bucket;
  latency_buckets_[bucket].fetch_add(1, std::memory_order_relaxed);
  latency_count_.fetch_add(1, std::memory_order_relaxed);
  latency_sum_ns_.fetch_add(static_cast<std::uint64_t>(latency.count() < 0 ? 0 : latency.count()),
                            std::memory_order_relaxed);
}

void Metrics::error_sent(protocol::ErrorCode code) noexcept {
  errors_[static_cast<std::size_t>(code)].fetch_add(1, std::memory_order_relaxed);
}

void Metrics::connection_opened() noexcept {
  open_connections_.fetch_add(1, std::memory_order_relaxed);
}
void Metrics::connection_closed() noexcept {
  open_connections_.fetch_sub(1, std::memory_order_relaxed);
}
void Metrics::websocket_opened() noexcept {
  open_websockets_.fetch_add(1, std::memory_order_relaxed);
}
void Metrics::websocket_closed() noexcept {
  open_websockets_.fetch_sub(1, std::memory_order_relaxed);
}
std::int64_t Metrics::open_connections() const noexcept {
  return open_connections_.load(std::memory_order_relaxed);
}
std::int64_t Metrics::open_websockets() const noexcept {
  return open_websockets_.load(std::memory_order_relaxed);
}

void Metrics::set_active_sessions_source(std::function<std::optional<std::int64_t>()> source) {
  active_sessions_ = std::move(source);
}

void Metrics::add_source(std::string name, std::string help, std::string type,
                         std::function<std::int64_t()> read) {
  sources_.push_back({std::move(name), std::move(help), std::move(type), std::move(read), {}, {}});
}

void Metrics::add_labeled_source(std::string name, std::string help, std::string type, std::string label,
                                 LabeledReads reads) {
  sources_.push_back(
      {std::move(name), std::move(help), std::move(type), {}, std::move(label), std::move(reads)});
}

std::uint64_t Metrics::messages() const noexcept {
  return messages_.load(std::memory_order_relaxed);
}

std::uint64_t Metrics::replies(std::string_view intent) const noexcept {
  const IntentCounter* counter = find_intent(intent);
  return counter == nullptr ? 0 : counter->count.load(std::memory_order_relaxed);
}

std::uint64_t Metrics::errors(protocol::ErrorCode code) const noexcept {
  return errors_[static_cast<std::size_t>(code)].load(std::memory_order_relaxed);
}

namespace {

// Prometheus label values escape backslash, double quote and newline.
std::string label_value(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.9g", value);
  return buffer;
}

}  // namespace

std::string Metrics::render() const {
  std::ostringstream out;
  out << "# HELP careerbot_messages_total Student messages received.\n"
      << "# TYPE careerbot_messages_total counter\n"
      << "careerbot_messages_total " << messages() << "\n";

  out << "# HELP careerbot_replies_total Replies sent, by intent.\n"
      << "# TYPE careerbot_replies_total counter\n";
  for (const auto& slot : intents_) {
    if (const IntentCounter* counter = slot.load(std::memory_order_acquire)) {
      out << "careerbot_replies_total{intent=\"" << label_value(counter->name) << "\"} "
          << counter->count.load(std::memory_order_relaxed) << "\n";
    }
  }
  if (const auto overflow = overflow_replies_.load(std::memory_order_relaxed); overflow > 0) {
    out << "careerbot_replies_total{intent=\"_other\"} " << overflow << "\n";
  }

  out << "# HELP careerbot_fallbacks_total Replies where no intent matched well enough.\n"
      << "# TYPE careerbot_fallbacks_total counter\n"
      << "careerbot_fallbacks_total " << fallbacks_.load(std::memory_order_relaxed) << "\n";

  out << "# HELP careerbot_turn_latency_seconds Time to answer one message inside the server.\n"
      << "# TYPE careerbot_turn_latency_seconds histogram\n";
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < kLatencyBuckets.size(); ++i) {
    cumulative += latency_buckets_[i].load(std::memory_order_relaxed);
    out << "careerbot_turn_latency_seconds_bucket{le=\"" << number(kLatencyBuckets[i]) << "\"} " << cumulative
        << "\n";
  }
  cumulative += latency_buckets_[kLatencyBuckets.size()].load(std::memory_order_relaxed);
  out << "careerbot_turn_latency_seconds_bucket{le=\"+Inf\"} " << cumulative << "\n"
      << "careerbot_turn_latency_seconds_sum "
      << number(static_cast<double>(latency_sum_ns_.load(std::memory_order_relaxed)) / 1e9) << "\n"
      << "careerbot_turn_latency_seconds_count " << latency_count_.load(std::memory_order_relaxed) << "\n";

  out << "# HELP careerbot_errors_total Error replies sent, by code.\n"
      << "# TYPE careerbot_errors_total counter\n";
  for (int i = 0; i < protocol::kErrorCodeCount; ++i) {
    const auto code = static_cast<protocol::ErrorCode>(i);
    out << "careerbot_errors_total{code=\"" << protocol::to_string(code) << "\"} " << errors(code) << "\n";
  }

  out << "# HELP careerbot_open_connections Open client connections (HTTP and WebSocket).\n"
      << "# TYPE careerbot_open_connections gauge\n"
      << "careerbot_open_connections " << open_connections() << "\n"
      << "# HELP careerbot_open_websockets Open WebSocket conversations.\n"
      << "# TYPE careerbot_open_websockets gauge\n"
      << "careerbot_open_websockets " << open_websockets() << "\n";

  if (active_sessions_) {
    if (const auto sessions = active_sessions_()) {
      out << "# HELP careerbot_active_sessions Conversations held by the session store.\n"
          << "# TYPE careerbot_active_sessions gauge\n"
          << "careerbot_active_sessions " << *sessions << "\n";
    }
  }
  for (const auto& source : sources_) {
    out << "# HELP " << source.name << " " << source.help << "\n"
        << "# TYPE " << source.name << " " << source.type << "\n";
    if (source.read) out << source.name << " " << source.read() << "\n";
    for (const auto& [value, read] : source.reads)
      out << source.name << "{" << source.label << "=\"" << value << "\"} " << read() << "\n";
  }

  out << "# HELP careerbot_build_info The running build: version and git commit (always 1).\n"
      << "# TYPE careerbot_build_info gauge\n"
      << "careerbot_build_info{version=\"" << label_value(version()) << "\",commit=\""
      << label_value(git_commit()) << "\"} 1\n";
  out << render_process_metrics();
  return out.str();
}

}  // namespace careerbot::net
