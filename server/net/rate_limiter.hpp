#pragma once
// Token-bucket rate limiting, per connection and per client address.
//
// TokenBucket: one bucket; not thread-safe (a connection's bucket lives on its strand).
// AddressRateLimiter: buckets shared by every connection from one address. Thread-safe: the address
// table is split into shards with one mutex each and is only touched when a connection opens
// (bucket()); each SharedBucket has its own small mutex, contended only by connections from the same
// address. Idle full buckets nobody holds are swept when a shard grows, so memory stays bounded by the
// number of recently active addresses.

#include <array>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/config.hpp"

namespace careerbot::net {

using Clock = std::chrono::steady_clock;

class TokenBucket {
 public:
  TokenBucket(RateLimit limit, Clock::time_point now);
  // Takes one token when available; false means "over the rate".
  bool try_take(Clock::time_point now) noexcept;
  // True when the bucket has refilled completely (nothing to remember).
  bool full(Clock::time_point now) const noexcept;

 private:
  double tokens_at(Clock::time_point now) const noexcept;
  RateLimit limit_;
  double tokens_;
  Clock::time_point updated_;
};

class SharedBucket {
 public:
  SharedBucket(RateLimit limit, Clock::time_point now) : bucket_(limit, now) {}
  bool try_take(Clock::time_point now) noexcept;
  bool full(Clock::time_point now) const noexcept;

 private:
  mutable std::mutex mutex_;
  TokenBucket bucket_;
};

class AddressRateLimiter {
 public:
  explicit AddressRateLimiter(RateLimit limit) : limit_(limit) {}
  // The bucket for `address`; keep it for the connection's life so the hot path takes no table lock.
  std::shared_ptr<SharedBucket> bucket(const std::string& address, Clock::time_point now = Clock::now());
  std::size_t size() const;

 private:
  static constexpr std::size_t kShards = 16;
  static constexpr std::size_t kSweepAbove = 4096;  // per shard
  struct Shard {
    mutable std::mutex mutex;
    std::unordered_map<std::string, std::shared_ptr<SharedBucket>> buckets;
  };
  RateLimit limit_;
  std::array<Shard, kShards> shards_;
};

}  // namespace careerbot::net
