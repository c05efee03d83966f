#include "net/recent_updates.hpp"

#include <algorithm>

namespace careerbot::net {

std::optional<RecentUpdates::Seen> RecentUpdates::claim(std::int64_t update_id) {
  std::lock_guard lock(mutex_);
  if (const auto it = seen_.find(update_id); it != seen_.end()) return it->second;
  seen_.emplace(update_id, Seen{false, {}});
  order_.push_back(update_id);
  while (order_.size() > capacity_) {
    seen_.erase(order_.front());
    order_.pop_front();
  }
  return std::nullopt;
}

void RecentUpdates::answer(std::int64_t update_id, std::string body) {
  std::lock_guard lock(mutex_);
  if (const auto it = seen_.find(update_id); it != seen_.end()) it->second = Seen{true, std::move(body)};
}

void RecentUpdates::forget(std::int64_t update_id) {
  std::lock_guard lock(mutex_);
  if (seen_.erase(update_id) == 0) return;
  order_.erase(std::find(order_.begin(), order_.end(), update_id));
}

std::size_t RecentUpdates::size() const {
  std::lock_guard lock(mutex_);
  return seen_.size();
}

}  // namespace careerbot::net
