#include "common/log_backoff.hpp"

#include <algorithm>
#include <utility>

namespace careerbot::log {

LogBackoff::LogBackoff(Clock::duration first, Clock::duration longest)
    : first_(first), longest_(std::max(first, longest)) {}

std::uint64_t LogBackoff::occurred(Clock::time_point now) {
  std::lock_guard lock(mutex_);
  faulty_.store(true, std::memory_order_relaxed);
  ++unwritten_;
  ++in_fault_;
  const bool first_of_fault = in_fault_ == 1;
  // Quiet for a whole interval after the line was due: a new fault, logged like the first one.
  const bool went_quiet = !first_of_fault && now >= next_line_ + interval_;
  if (!first_of_fault && !went_quiet && now < next_line_) return 0;
  interval_ = first_of_fault || went_quiet ? first_ : std::min(interval_ * 2, longest_);
  next_line_ = now + interval_;
  return std::exchange(unwritten_, 0);
}

std::uint64_t LogBackoff::settle() {
  if (!faulty_.load(std::memory_order_relaxed)) return 0;
  std::lock_guard lock(mutex_);
  faulty_.store(false, std::memory_order_relaxed);
  unwritten_ = 0;
  return std::exchange(in_fault_, 0);
}

}  // namespace careerbot::log
