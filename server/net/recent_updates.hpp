#pragma once
// The Telegram update_ids answered recently, with the answer each got. Telegram retries an update
// whose webhook call failed or timed out, with the same update_id; answering it twice would run the
// student's turn twice (two replies, a planner answer counted twice). A retry gets the first
// answer back instead, and a retry that arrives while the first is still being answered gets an
// empty acknowledgement (the first will carry the reply).
//
// Bounded: the oldest ids are forgotten beyond `capacity` (Telegram retries within minutes, and
// update_ids only grow). Thread-safe (one mutex, held only to look up or record).

#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace careerbot::net {

class RecentUpdates {
 public:
  explicit RecentUpdates(std::size_t capacity) : capacity_(capacity) {}

  struct Seen {
    bool answered;       // false: the first delivery is still being answered
    std::string answer;  // the first answer's body, when answered
  };
  // nullopt the first time `update_id` is seen (the caller must answer() it, or forget() it on
  // failure); what is known of it on every later call.
  std::optional<Seen> claim(std::int64_t update_id);
  void answer(std::int64_t update_id, std::string body);
  // Lets a later retry try again (the first attempt produced no answer worth repeating).
  void forget(std::int64_t update_id);
  std::size_t size() const;

 private:
  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::unordered_map<std::int64_t, Seen> seen_;
  std::deque<std::int64_t> order_;  // oldest first
};

}  // namespace careerbot::net
