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

TEST(AddressRateLimiter, Ipv6AddressesInOneSlash64ShareABucket) {
  AddressRateLimiter limiter({1, 1});
  auto a = limiter.bucket("2001:db8:1:2::a", t0);
  EXPECT_EQ(a, limiter.bucket("2001:db8:1:2:ffff:1:2:3", t0)) << "a client rotating its interface id";
  EXPECT_NE(a, limiter.bucket("2001:db8:1:3::a", t0));
  EXPECT_EQ(limiter.bucket("::ffff:10.0.0.1", t0), limiter.bucket("10.0.0.1", t0));
}

TEST(AddressConnections, Ipv6ClientsAreCountedPerSlash64) {
  AddressConnections connections(2);
  auto first = connections.try_acquire("2001:db8:1:2::1");
  auto second = connections.try_acquire("2001:db8:1:2::2");
  ASSERT_TRUE(first && second);
  EXPECT_FALSE(connections.try_acquire("2001:db8:1:2::3")) << "the /64 holds its limit";
  EXPECT_TRUE(connections.try_acquire("2001:db8:1:3::1")) << "another /64";
  EXPECT_EQ(connections.count("2001:db8:1:2::99"), 2u);
  first.reset();
  EXPECT_TRUE(connections.try_acquire("2001:db8:1:2::3"));
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
