#include "net/outbound_queue.hpp"

#include <algorithm>
#include <set>
#include <string_view>

namespace careerbot::net {

std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, unsigned failed_attempts, double jitter) {
  std::chrono::milliseconds wait = policy.base;
  for (unsigned i = 1; i < failed_attempts && wait < policy.max; ++i) wait *= 2;
  wait = std::min(wait, policy.max);
  jitter = std::clamp(jitter, 0.0, 1.0);
  const auto half = wait.count() / 2;
  return std::chrono::milliseconds(
      half + static_cast<std::chrono::milliseconds::rep>(static_cast<double>(wait.count() - half) * jitter));
}

OutboundQueue::OutboundQueue(std::size_t capacity, RetryPolicy policy, std::uint32_t seed)
    : capacity_(capacity), policy_(policy), random_(seed) {}

bool OutboundQueue::ranks_before(const OutboundReply& a, const OutboundReply& b) noexcept {
  if (a.urgent != b.urgent) return a.urgent;
  return a.sequence < b.sequence;
}

void OutboundQueue::insert(OutboundReply reply) {
  const auto at = std::upper_bound(waiting_.begin(), waiting_.end(), reply, ranks_before);
  waiting_.insert(at, std::move(reply));
}

unsigned OutboundQueue::max_attempts(const OutboundReply& reply) const noexcept {
  return reply.urgent ? policy_.max_attempts * 2 : policy_.max_attempts;
}

OutboundQueue::Pushed OutboundQueue::push(OutboundReply reply, OutboundClock::time_point now) {
  Pushed pushed;
  if (size() >= capacity_) {
    if (!reply.urgent) return pushed;
    // The newest ordinary reply ranks last; one being sent is not in waiting_ and cannot be recalled.
    if (!waiting_.empty() && !waiting_.back().urgent) {
      pushed.evicted = std::move(waiting_.back());
      waiting_.pop_back();
    }
  }
  reply.sequence = next_sequence_++;
  reply.attempts = 0;
  reply.not_before = now;
  insert(std::move(reply));
  pushed.accepted = true;
  return pushed;
}

std::optional<OutboundReply> OutboundQueue::take(OutboundClock::time_point now) {
  // Walk in rank order; a number seen once (waiting or being sent) blocks its later replies.
  std::set<std::string_view> seen;
  for (auto it = waiting_.begin(); it != waiting_.end(); ++it) {
    if (sending_to_.count(it->to) != 0 || !seen.insert(it->to).second) continue;
    if (it->not_before > now) continue;
    OutboundReply reply = std::move(*it);
    waiting_.erase(it);
    ++sending_to_[reply.to];
    ++sending_;
    return reply;
  }
  return std::nullopt;
}

std::optional<OutboundClock::time_point> OutboundQueue::next_ready() const {
  std::set<std::string_view> seen;
  std::optional<OutboundClock::time_point> earliest;
  for (const auto& reply : waiting_) {
    if (sending_to_.count(reply.to) != 0 || !seen.insert(reply.to).second) continue;
    if (!earliest || reply.not_before < *earliest) earliest = reply.not_before;
  }
  return earliest;
}

OutboundQueue::Finished OutboundQueue::finish(OutboundReply reply, AttemptResult result,
                                              OutboundClock::time_point now,
                                              std::optional<std::chrono::milliseconds> retry_after) {
  if (auto it = sending_to_.find(reply.to); it != sending_to_.end() && --it->second == 0)
    sending_to_.erase(it);
  if (sending_ > 0) --sending_;
  Finished finished;
  finished.attempts = ++reply.attempts;
  if (result != AttemptResult::retryable) return finished;
  if (reply.attempts >= max_attempts(reply)) {
    finished.outcome = Outcome::gave_up;
    return finished;
  }
  const double jitter = std::uniform_real_distribution<double>(0.0, 1.0)(random_);
  finished.wait = backoff_delay(policy_, reply.attempts, jitter);
  // The API's own Retry-After wins when it asks for longer, within the policy's longest wait.
  if (retry_after) finished.wait = std::max(finished.wait, std::min(*retry_after, policy_.max));
  finished.outcome = Outcome::retrying;
  reply.not_before = now + finished.wait;
  insert(std::move(reply));
  return finished;
}

std::vector<OutboundReply> OutboundQueue::drain() {
  std::vector<OutboundReply> all = std::move(waiting_);
  waiting_.clear();
  return all;
}

}  // namespace careerbot::net
