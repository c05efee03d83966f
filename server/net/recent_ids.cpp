#include "net/recent_ids.hpp"

namespace careerbot::net {

bool RecentIds::first_time(std::string_view id) {
  std::lock_guard lock(mutex_);
  if (!ids_.emplace(id).second) return false;
  order_.emplace_back(id);
  while (ids_.size() > capacity_ && !order_.empty()) {
    ids_.erase(order_.front());
    order_.pop_front();
  }
  // Ids forgotten early leave stale names in order_: keep it from growing past twice the capacity.
  if (order_.size() > 2 * capacity_) {
    std::deque<std::string> live;
    for (auto& name : order_) {
      if (ids_.count(name) != 0) live.push_back(std::move(name));
    }
    order_ = std::move(live);
  }
  return true;
}

void RecentIds::forget(std::string_view id) {
  std::lock_guard lock(mutex_);
  ids_.erase(std::string(id));
}

std::size_t RecentIds::size() const {
  std::lock_guard lock(mutex_);
  return ids_.size();
}

}  // namespace careerbot::net
