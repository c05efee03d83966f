#pragma once
// The WhatsApp channel's queue of replies waiting to be sent, as a policy with no threads, sockets or
// clock of its own (callers pass the time), so its rules are tested directly:
// - Bounded: it holds at most `capacity` replies (waiting, backing off or being sent). A new ordinary
//   reply at a full queue is refused, for the caller to log and count: an API outage cannot grow
//   memory without bound.
// - Safeguarding replies ("urgent") are never refused: at a full queue one pushes out the newest
//   waiting ordinary reply (handed back, to log and count); when there is none it is held beyond the
//   capacity (one per distress message a student sent, so still bounded by real people).
// - Urgent replies go first: take() hands out a ready urgent reply before any ordinary one.
// - One number's replies go out in order and one at a time: a reply waits while an earlier one to the
//   same number waits or is being sent. Urgent replies rank before every ordinary reply, so for a
//   student's own replies too the safeguarding one leads.
// - Retries: after a 429, a 5xx or a network error a reply waits (backoff_delay, at least the API's
//   Retry-After) and is tried again, up to max_attempts (urgent: twice that), then it is given up.
//   A reply that is backing off never delays replies to other numbers.
//
// Not thread-safe: the sender guards it with its mutex.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace careerbot::net {

using OutboundClock = std::chrono::steady_clock;

struct OutboundReply {
  std::string to;       // the recipient's number; kept in memory only, never logged
  std::string contact;  // a hash of the number, for logs
  std::string body;     // the Graph API request body
  bool urgent = false;  // a safeguarding reply
  // Kept by the queue:
  std::uint64_t sequence = 0;  // arrival order
  unsigned attempts = 0;       // attempts finished so far
  OutboundClock::time_point not_before{};
};

struct RetryPolicy {
  unsigned max_attempts = 5;  // per ordinary reply; urgent replies get twice as many
  std::chrono::milliseconds base{1000};
  std::chrono::milliseconds max{60000};
};

// The wait after `failed_attempts` (at least 1) failed attempts: base * 2^(failed_attempts - 1), at
// most `max`, then scaled by `jitter` (0..1) to between half and all of it, so replies that failed
// together do not all retry at the same moment.
std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, unsigned failed_attempts, double jitter);

// How one attempt to send ended.
enum class AttemptResult {
  sent,       // 2xx
  retryable,  // 429, 5xx, timeout or network error
  rejected,   // any other answer: trying again would not help (e.g. 400 invalid number, 401 bad token)
};

class OutboundQueue {
 public:
  // `seed` drives the jitter (tests fix it).
  OutboundQueue(std::size_t capacity, RetryPolicy policy, std::uint32_t seed = std::random_device{}());

  struct Pushed {
    bool accepted = false;                 // false: the queue was full and the reply was refused
    std::optional<OutboundReply> evicted;  // an ordinary reply an urgent one pushed out
  };
  Pushed push(OutboundReply reply, OutboundClock::time_point now);

  // The reply to send now, moved out of the queue and counted as being sent until finish(); nullopt
  // when none is ready.
  std::optional<OutboundReply> take(OutboundClock::time_point now);

  // When take() will next have a reply if nothing else changes; nullopt when every waiting reply is
  // behind one being sent (finish() changes that) or nothing waits.
  std::optional<OutboundClock::time_point> next_ready() const;

  enum class Outcome { done, retrying, gave_up };
  struct Finished {
    Outcome outcome = Outcome::done;    // done: sent or rejected
    unsigned attempts = 0;              // attempts made, this one included
    std::chrono::milliseconds wait{0};  // retrying: until the next attempt
  };
  // Ends the attempt on a reply take() handed out. `retry_after`: the API's Retry-After, if any.
  Finished finish(OutboundReply reply, AttemptResult result, OutboundClock::time_point now,
                  std::optional<std::chrono::milliseconds> retry_after = std::nullopt);

  // Removes and returns every waiting reply (at shutdown); replies being sent stay counted.
  std::vector<OutboundReply> drain();

  std::size_t size() const noexcept { return waiting_.size() + sending_; }  // held, being sent included
  std::size_t waiting() const noexcept { return waiting_.size(); }
  std::size_t sending() const noexcept { return sending_; }

 private:
  // Where `reply` ranks: urgent first, then by arrival.
  static bool ranks_before(const OutboundReply& a, const OutboundReply& b) noexcept;
  void insert(OutboundReply reply);
  unsigned max_attempts(const OutboundReply& reply) const noexcept;

  std::size_t capacity_;
  RetryPolicy policy_;
  std::minstd_rand random_;
  std::uint64_t next_sequence_ = 1;
  std::vector<OutboundReply> waiting_;          // in rank order
  std::map<std::string, unsigned> sending_to_;  // numbers with a reply being sent
  std::size_t sending_ = 0;
};

}  // namespace careerbot::net
