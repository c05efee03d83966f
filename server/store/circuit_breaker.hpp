#pragma once
// A circuit breaker for calls to a server that may hang (Redis): after `failures_to_open` failures in
// a row it opens, and calls fail at once for `cool_down` instead of each waiting out its timeout;
// then one call at a time is let through to probe, and the first success closes it again.
// Thread-safe (one mutex, held only to read or update the counters).

#include <chrono>
#include <cstddef>
#include <mutex>

namespace careerbot::store {

class CircuitBreaker {
 public:
  using Clock = std::chrono::steady_clock;
  CircuitBreaker(std::size_t failures_to_open, Clock::duration cool_down)
      : failures_to_open_(failures_to_open), cool_down_(cool_down) {}

  // Whether a call may go ahead now. While open, false until the cool-down ends; then true for one
  // probe at a time (the caller must report it with succeeded() or failed()).
  bool allow(Clock::time_point now = Clock::now());
  void succeeded();
  void failed(Clock::time_point now = Clock::now());
  // Open and still cooling down (for readiness).
  bool open(Clock::time_point now = Clock::now()) const;

 private:
  const std::size_t failures_to_open_;
  const Clock::duration cool_down_;
  mutable std::mutex mutex_;
  std::size_t failures_ = 0;  // in a row
  Clock::time_point open_until_{};
  bool probing_ = false;
};

}  // namespace careerbot::store
