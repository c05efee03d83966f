#include "store/circuit_breaker.hpp"

namespace careerbot::store {

bool CircuitBreaker::allow(Clock::time_point now) {
  std::lock_guard lock(mutex_);
  if (failures_ < failures_to_open_) return true;
  if (now < open_until_ || probing_) return false;
  probing_ = true;
  return true;
}

void CircuitBreaker::succeeded() {
  std::lock_guard lock(mutex_);
  failures_ = 0;
  probing_ = false;
}

void CircuitBreaker::failed(Clock::time_point now) {
  std::lock_guard lock(mutex_);
  ++failures_;
  probing_ = false;
  if (failures_ >= failures_to_open_) open_until_ = now + cool_down_;
}

bool CircuitBreaker::open(Clock::time_point now) const {
  std::lock_guard lock(mutex_);
  return failures_ >= failures_to_open_ && now < open_until_;
}

}  // namespace careerbot::store
