#pragma once
// Token-bucket rate limiting, per connection and per client address.
//
// TokenBucket: one bucket; not thread-safe (a connection's bucket lives on its strand).
// AddressRateLimiter: buckets shared by every connection from one address. Thread-safe: the address
// table is split into shards with one mutex each and is only touched when a connection opens
// (bucket()); each SharedBucket has its own small mutex, contended only by connections from the same
// address. Idle full buckets nobody holds are swept when a shard grows, so memory stays bounded by the
// number of recently active addresses.
// AddressConnections: how many connections each client address holds open, capped. Thread-safe (one
// mutex per shard, touched when a connection opens and closes); an address's entry is removed when
// its last connection closes.

#include <array>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

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

class AddressConnections;

// One open connection counted against its address for as long as it lives (moves with the
// connection from the HTTP session to the WebSocket session).
class AddressSlot {
 public:
  AddressSlot(AddressConnections& owner, std::string address)
      : owner_(&owner), address_(std::move(address)) {}
  AddressSlot(AddressSlot&& other) noexcept
      : owner_(std::exchange(other.owner_, nullptr)), address_(std::move(other.address_)) {}
  AddressSlot& operator=(AddressSlot&& other) noexcept;
  AddressSlot(const AddressSlot&) = delete;
  AddressSlot& operator=(const AddressSlot&) = delete;
  ~AddressSlot();

 private:
  AddressConnections* owner_;
  std::string address_;
};

class AddressConnections {
 public:
  explicit AddressConnections(std::size_t limit_per_address) : limit_(limit_per_address) {}
  // A slot for one more connection from `address`; nullopt when it already holds the limit.
  std::optional<AddressSlot> try_acquire(const std::string& address);
  // Connections `address` holds open now.
  std::size_t count(const std::string& address) const;

 private:
  friend class AddressSlot;
  void release(const std::string& address) noexcept;
  static constexpr std::size_t kShards = 16;
  struct Shard {
    mutable std::mutex mutex;
    std::unordered_map<std::string, std::size_t> open;
  };
  Shard& shard_for(const std::string& address) const;
  std::size_t limit_;
  mutable std::array<Shard, kShards> shards_;
};

}  // namespace careerbot::net
