#include "net/rate_limiter.hpp"

#include <algorithm>
#include <functional>

namespace careerbot::net {

TokenBucket::TokenBucket(RateLimit limit, Clock::time_point now)
    : limit_(limit), tokens_(limit.burst), updated_(now) {}

double TokenBucket::tokens_at(Clock::time_point now) const noexcept {
  const double elapsed = std::chrono::duration<double>(now - updated_).count();
  return std::min(limit_.burst, tokens_ + std::max(0.0, elapsed) * limit_.per_second);
}

bool TokenBucket::try_take(Clock::time_point now) noexcept {
  tokens_ = tokens_at(now);
  if (now > updated_) updated_ = now;
  if (tokens_ < 1.0) return false;
  tokens_ -= 1.0;
  return true;
}

bool TokenBucket::full(Clock::time_point now) const noexcept {
  return tokens_at(now) >= limit_.burst;
}

bool SharedBucket::try_take(Clock::time_point now) noexcept {
  std::lock_guard lock(mutex_);
  return bucket_.try_take(now);
}

bool SharedBucket::full(Clock::time_point now) const noexcept {
  std::lock_guard lock(mutex_);
  return bucket_.full(now);
}

std::shared_ptr<SharedBucket> AddressRateLimiter::bucket(const std::string& address, Clock::time_point now) {
  Shard& shard = shards_[std::hash<std::string>{}(address) % kShards];
  std::lock_guard lock(shard.mutex);
  if (auto it = shard.buckets.find(address); it != shard.buckets.end()) return it->second;
  if (shard.buckets.size() >= kSweepAbove) {
    // Forget addresses no connection holds whose bucket has refilled: they would start full anyway.
    std::erase_if(shard.buckets, [&](const auto& entry) {
      return entry.second.use_count() == 1 && entry.second->full(now);
    });
  }
  auto fresh = std::make_shared<SharedBucket>(limit_, now);
  shard.buckets.emplace(address, fresh);
  return fresh;
}

std::size_t AddressRateLimiter::size() const {
  std::size_t total = 0;
  for (const auto& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    total += shard.buckets.size();
  }
  return total;
}

AddressSlot::~AddressSlot() {
  if (owner_ != nullptr) owner_->release(address_);
}

AddressSlot& AddressSlot::operator=(AddressSlot&& other) noexcept {
  if (this != &other) {
    if (owner_ != nullptr) owner_->release(address_);
    owner_ = std::exchange(other.owner_, nullptr);
    address_ = std::move(other.address_);
  }
  return *this;
}

AddressConnections::Shard& AddressConnections::shard_for(const std::string& address) const {
  return shards_[std::hash<std::string>{}(address) % kShards];
}

std::optional<AddressSlot> AddressConnections::try_acquire(const std::string& address) {
  Shard& shard = shard_for(address);
  std::lock_guard lock(shard.mutex);
  std::size_t& open = shard.open[address];
  if (open >= limit_) {
    if (open == 0) shard.open.erase(address);
    return std::nullopt;
  }
  ++open;
  return AddressSlot(*this, address);
}

std::size_t AddressConnections::count(const std::string& address) const {
  Shard& shard = shard_for(address);
  std::lock_guard lock(shard.mutex);
  const auto it = shard.open.find(address);
  return it == shard.open.end() ? 0 : it->second;
}

void AddressConnections::release(const std::string& address) noexcept {
  Shard& shard = shard_for(address);
  std::lock_guard lock(shard.mutex);
  if (const auto it = shard.open.find(address); it != shard.open.end() && --it->second == 0)
    shard.open.erase(it);
}

}  // namespace careerbot::net
