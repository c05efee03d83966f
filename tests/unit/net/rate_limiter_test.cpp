#include "net/rate_limiter.hpp"

#include <gtest/gtest.h>

namespace careerbot::net {
namespace {

using namespace std::chrono_literals;

// A fixed clock: these tests pass explicit time points, so nothing depends on real time.
const Clock::time_point t0{};

TEST(TokenBucket, BurstThenRefillAtTheRate) {
  TokenBucket bucket({2, 3}, t0);
  EXPECT_TRUE(bucket.try_take(t0));
  EXPECT_TRUE(bucket.try_take(t0));
  EXPECT_TRUE(bucket.try_take(t0));
  EXPECT_FALSE(bucket.try_take(t0));
  EXPECT_FALSE(bucket.try_take(t0 + 400ms));  // 0.8 tokens
  EXPECT_TRUE(bucket.try_take(t0 + 500ms));   // 1.0 token
  EXPECT_FALSE(bucket.try_take(t0 + 500ms));
  EXPECT_FALSE(bucket.full(t0 + 1s));
  EXPECT_TRUE(bucket.full(t0 + 10s));
  EXPECT_TRUE(bucket.try_take(t0 + 10s));
  EXPECT_TRUE(bucket.try_take(t0 + 10s));
  EXPECT_TRUE(bucket.try_take(t0 + 10s));
  EXPECT_FALSE(bucket.try_take(t0 + 10s));  // never more than the burst
}

TEST(AddressRateLimiter, SameAddressSharesABucket) {
  AddressRateLimiter limiter({1, 2});
  auto a1 = limiter.bucket("127.0.0.1", t0);
  auto a2 = limiter.bucket("127.0.0.1", t0);
  auto b = limiter.bucket("127.0.0.2", t0);
  EXPECT_EQ(a1, a2);
  EXPECT_TRUE(a1->try_take(t0));
  EXPECT_TRUE(a2->try_take(t0));
  EXPECT_FALSE(a1->try_take(t0));
  EXPECT_TRUE(b->try_take(t0));
  EXPECT_EQ(limiter.size(), 2u);
}

TEST(AddressRateLimiter, ForgetsIdleAddressesWhenAShardGrows) {
  AddressRateLimiter limiter({1, 1});
  for (int i = 0; i < 20000; ++i)
    limiter.bucket("10.0." + std::to_string(i / 256) + "." + std::to_string(i % 256), t0);
  // Every bucket is full (unused) and unheld, so sweeps keep each shard bounded.
  EXPECT_LT(limiter.size(), 16u * 4097u);
  auto held = limiter.bucket("192.168.0.1", t0);
  EXPECT_TRUE(held->try_take(t0));
  EXPECT_FALSE(limiter.bucket("192.168.0.1", t0)->try_take(t0));  // an emptied bucket is remembered
}

}  // namespace
}  // namespace careerbot::net
