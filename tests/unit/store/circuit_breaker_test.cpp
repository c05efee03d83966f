#include "store/circuit_breaker.hpp"

#include <gtest/gtest.h>

namespace careerbot::store {
namespace {

using namespace std::chrono_literals;
const CircuitBreaker::Clock::time_point t0{};

TEST(CircuitBreaker, OpensAfterFailuresInARowThenLetsOneProbeThrough) {
  CircuitBreaker breaker(3, 5s);
  for (int i = 0; i < 2; ++i) {
    EXPECT_TRUE(breaker.allow(t0));
    breaker.failed(t0);
  }
  EXPECT_TRUE(breaker.allow(t0)) << "two failures: still closed";
  breaker.failed(t0);
  EXPECT_TRUE(breaker.open(t0));
  EXPECT_FALSE(breaker.allow(t0 + 4s)) << "cooling down: fail at once";
  EXPECT_TRUE(breaker.allow(t0 + 5s)) << "one probe";
  EXPECT_FALSE(breaker.allow(t0 + 5s)) << "only one at a time";
  breaker.failed(t0 + 6s);
  EXPECT_FALSE(breaker.allow(t0 + 10s)) << "a failed probe cools down again";
  EXPECT_TRUE(breaker.allow(t0 + 11s));
  breaker.succeeded();
  EXPECT_FALSE(breaker.open(t0 + 11s));
  EXPECT_TRUE(breaker.allow(t0 + 11s));
  EXPECT_TRUE(breaker.allow(t0 + 11s)) << "closed again: every call goes ahead";
}

TEST(CircuitBreaker, ASuccessResetsTheCount) {
  CircuitBreaker breaker(2, 5s);
  breaker.failed(t0);
  breaker.succeeded();
  breaker.failed(t0);
  EXPECT_FALSE(breaker.open(t0));
  EXPECT_TRUE(breaker.allow(t0));
}

}  // namespace
}  // namespace careerbot::store
