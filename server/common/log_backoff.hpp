#pragma once
// Keeps a log line for a fault that repeats (every write attempt on a full disk, every refused turn)
// from flooding the journal: the first occurrence is logged at once, later ones at most once per
// interval, the interval doubling from `first` up to `longest`. Each line says how many occurrences
// it stands for, so nothing is hidden, only summed. A fault that stays quiet for a whole interval
// starts over at `first`; settle() ends it at once (the caller may then log a "recovered" line).
//
// Thread-safe. Time is passed in, so tests need no clock.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>

namespace careerbot::log {

class LogBackoff {
 public:
  using Clock = std::chrono::steady_clock;

  explicit LogBackoff(Clock::duration first = std::chrono::seconds(1),
                      Clock::duration longest = std::chrono::minutes(5));

  // Counts one occurrence at `now`. Returns how many occurrences the line to write now stands for
  // (this one and those not written since the last line), or 0 when no line is due.
  std::uint64_t occurred(Clock::time_point now = Clock::now());
  // The fault is over: returns the occurrences since it began (0 when there was none) and makes the
  // next occurrence log at once. Cheap when there was no fault (no lock).
  std::uint64_t settle();

 private:
  const Clock::duration first_;
  const Clock::duration longest_;
  std::mutex mutex_;
  std::atomic<bool> faulty_{false};  // lets settle() skip the lock on the happy path
  Clock::duration interval_{};
  Clock::time_point next_line_{};
  std::uint64_t unwritten_ = 0;  // occurrences since the last line
  std::uint64_t in_fault_ = 0;   // occurrences since the fault began
};

}  // namespace careerbot::log
