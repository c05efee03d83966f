#pragma once
// The message ids seen lately, so a platform's repeated delivery of one message is answered once.
// Bounded: it remembers the last `capacity` ids and forgets the oldest first (a platform repeats a
// delivery within minutes to hours, by which time thousands of ids is plenty). Memory only: after a
// restart a repeat of a message answered before it would be answered again.
//
// Thread-safe: one mutex around the set and its arrival order.

#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_set>

namespace careerbot::net {

class RecentIds {
 public:
  explicit RecentIds(std::size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}

  // True the first time `id` is seen (and remembers it); false for an id remembered already.
  bool first_time(std::string_view id);
  // Forgets `id`, so its next delivery is taken (when it could not be taken this time).
  void forget(std::string_view id);
  std::size_t size() const;

 private:
  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::unordered_set<std::string> ids_;
  std::deque<std::string> order_;  // oldest first; may still name ids forgotten early
};

}  // namespace careerbot::net
