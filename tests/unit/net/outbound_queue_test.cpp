// The WhatsApp outbound queue's rules, driven with an explicit clock: bounded, safeguarding first and
// never refused, one number in order, retries with exponential backoff, Retry-After, giving up.
#include "net/outbound_queue.hpp"

#include <gtest/gtest.h>

namespace careerbot::net {
namespace {

using std::chrono::milliseconds;

OutboundReply reply(std::string to, std::string body, bool urgent = false) {
  OutboundReply r;
  r.to = std::move(to);
  r.contact = "c-" + r.to;
  r.body = std::move(body);
  r.urgent = urgent;
  return r;
}

const RetryPolicy kPolicy{3, milliseconds(100), milliseconds(1000)};

TEST(OutboundQueue, BackoffDoublesUpToTheMaximumWithJitterBetweenHalfAndAll) {
  EXPECT_EQ(backoff_delay(kPolicy, 1, 1.0), milliseconds(100));
  EXPECT_EQ(backoff_delay(kPolicy, 2, 1.0), milliseconds(200));
  EXPECT_EQ(backoff_delay(kPolicy, 3, 1.0), milliseconds(400));
  EXPECT_EQ(backoff_delay(kPolicy, 10, 1.0), milliseconds(1000));
  EXPECT_EQ(backoff_delay(kPolicy, 100, 1.0), milliseconds(1000)) << "no overflow";
  EXPECT_EQ(backoff_delay(kPolicy, 2, 0.0), milliseconds(100));
  EXPECT_EQ(backoff_delay(kPolicy, 2, 0.5), milliseconds(150));
}

TEST(OutboundQueue, FullQueueRefusesOrdinaryRepliesButNeverSafeguarding) {
  OutboundQueue queue(2, kPolicy, 1);
  const auto now = OutboundClock::now();
  EXPECT_TRUE(queue.push(reply("A", "a1"), now).accepted);
  EXPECT_TRUE(queue.push(reply("B", "b1"), now).accepted);
  EXPECT_FALSE(queue.push(reply("C", "c1"), now).accepted);
  EXPECT_EQ(queue.size(), 2u);

  auto urgent = queue.push(reply("D", "help", true), now);
  EXPECT_TRUE(urgent.accepted);
  ASSERT_TRUE(urgent.evicted);
  EXPECT_EQ(urgent.evicted->body, "b1") << "the newest ordinary reply makes room";
  EXPECT_EQ(queue.size(), 2u);

  // With no ordinary reply left waiting, a safeguarding reply is held beyond the capacity.
  auto first = queue.take(now);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->body, "help") << "safeguarding goes first";
  auto second = queue.take(now);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->body, "a1");
  EXPECT_TRUE(queue.push(reply("E", "help2", true), now).accepted);
  EXPECT_TRUE(queue.push(reply("F", "help3", true), now).accepted);
  EXPECT_EQ(queue.size(), 4u);
}

TEST(OutboundQueue, OneNumberInOrderOthersNotHeldUp) {
  OutboundQueue queue(10, kPolicy, 1);
  const auto now = OutboundClock::now();
  queue.push(reply("A", "a1"), now);
  queue.push(reply("A", "a2"), now);
  queue.push(reply("B", "b1"), now);
  auto a1 = queue.take(now);
  ASSERT_TRUE(a1);
  EXPECT_EQ(a1->body, "a1");
  auto next = queue.take(now);
  ASSERT_TRUE(next);
  EXPECT_EQ(next->body, "b1") << "a2 waits for a1; B does not";
  EXPECT_FALSE(queue.take(now));
  EXPECT_FALSE(queue.next_ready()) << "a2 waits for a1 to finish, not for a time";

  // a1 fails and backs off: a2 still waits behind it (order), B's later reply does not.
  const auto retry = queue.finish(*a1, AttemptResult::retryable, now);
  EXPECT_EQ(retry.outcome, OutboundQueue::Outcome::retrying);
  EXPECT_GE(retry.wait, milliseconds(50));
  EXPECT_LE(retry.wait, milliseconds(100));
  queue.finish(*next, AttemptResult::sent, now);
  queue.push(reply("B", "b2"), now);
  auto b2 = queue.take(now);
  ASSERT_TRUE(b2);
  EXPECT_EQ(b2->body, "b2");
  EXPECT_FALSE(queue.take(now)) << "A's replies wait for a1's retry";
  ASSERT_TRUE(queue.next_ready());
  EXPECT_EQ(*queue.next_ready(), now + retry.wait);
  auto again = queue.take(now + retry.wait);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->body, "a1");
  EXPECT_EQ(again->attempts, 1u);
}

TEST(OutboundQueue, RetriesUntilMaxAttemptsThenGivesUpAndRejectedIsFinal) {
  OutboundQueue queue(10, kPolicy, 1);
  auto now = OutboundClock::now();
  queue.push(reply("A", "a1"), now);
  OutboundQueue::Finished finished;
  for (unsigned attempt = 1; attempt <= kPolicy.max_attempts; ++attempt) {
    auto taken = queue.take(now);
    ASSERT_TRUE(taken) << attempt;
    finished = queue.finish(*taken, AttemptResult::retryable, now);
    now += finished.wait;
  }
  EXPECT_EQ(finished.outcome, OutboundQueue::Outcome::gave_up);
  EXPECT_EQ(finished.attempts, kPolicy.max_attempts);
  EXPECT_EQ(queue.size(), 0u);

  queue.push(reply("A", "bad number"), now);
  const auto rejected = queue.finish(*queue.take(now), AttemptResult::rejected, now);
  EXPECT_EQ(rejected.outcome, OutboundQueue::Outcome::done);
  EXPECT_EQ(queue.size(), 0u);

  // Safeguarding replies get twice the attempts.
  queue.push(reply("S", "help", true), now);
  unsigned attempts = 0;
  for (;;) {
    auto taken = queue.take(now);
    ASSERT_TRUE(taken);
    finished = queue.finish(*taken, AttemptResult::retryable, now);
    ++attempts;
    if (finished.outcome == OutboundQueue::Outcome::gave_up) break;
    now += finished.wait;
  }
  EXPECT_EQ(attempts, 2 * kPolicy.max_attempts);
}

TEST(OutboundQueue, RetryAfterIsHonouredWithinTheLongestWait) {
  OutboundQueue queue(10, kPolicy, 1);
  const auto now = OutboundClock::now();
  queue.push(reply("A", "a1"), now);
  auto finished = queue.finish(*queue.take(now), AttemptResult::retryable, now, milliseconds(700));
  EXPECT_EQ(finished.wait, milliseconds(700));
  finished =
      queue.finish(*queue.take(now + finished.wait), AttemptResult::retryable, now, std::chrono::hours(1));
  EXPECT_EQ(finished.wait, kPolicy.max);
}

TEST(OutboundQueue, DrainHandsBackWhatWaits) {
  OutboundQueue queue(10, kPolicy, 1);
  const auto now = OutboundClock::now();
  queue.push(reply("A", "a1"), now);
  queue.push(reply("B", "b1"), now);
  auto sending = queue.take(now);
  const auto left = queue.drain();
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(queue.size(), 1u) << "the reply being sent is still counted";
  queue.finish(*sending, AttemptResult::sent, now);
  EXPECT_EQ(queue.size(), 0u);
}

}  // namespace
}  // namespace careerbot::net
