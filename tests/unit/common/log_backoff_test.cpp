// LogBackoff: a repeating fault's log line comes at once, then ever more rarely up to a ceiling, each
// line counting what it stands for; a settled or long-quiet fault starts over.
#include "common/log_backoff.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

using careerbot::log::LogBackoff;
using namespace std::chrono_literals;

namespace {

// Occurrences every `step` for `count` steps from `start`; returns the counts of the lines written.
std::vector<std::uint64_t> lines_for(LogBackoff& backoff, LogBackoff::Clock::time_point start,
                                     LogBackoff::Clock::duration step, int count) {
  std::vector<std::uint64_t> lines;
  for (int i = 0; i < count; ++i)
    if (const auto n = backoff.occurred(start + i * step)) lines.push_back(n);
  return lines;
}

const LogBackoff::Clock::time_point t0{std::chrono::hours(1)};

}  // namespace

TEST(LogBackoff, TheFirstOccurrenceIsLoggedThenTheGapsDouble) {
  LogBackoff backoff(1s, 8s);
  // An attempt every 200 ms for 20 s: lines at 0, 1, 3, 7, 15 s (gaps 1, 2, 4, 8) and none between.
  const auto lines = lines_for(backoff, t0, 200ms, 100);
  ASSERT_EQ(lines.size(), 5u);
  EXPECT_EQ(lines[0], 1u);
  EXPECT_EQ(lines[1], 5u);   // 0.2 .. 1.0 s
  EXPECT_EQ(lines[2], 10u);  // 1.2 .. 3.0 s
  EXPECT_EQ(lines[3], 20u);  // 3.2 .. 7.0 s
  EXPECT_EQ(lines[4], 40u);  // 7.2 .. 15.0 s
  std::uint64_t total = 0;
  for (auto n : lines) total += n;
  EXPECT_EQ(total, 76u) << "every occurrence up to the last line is counted in some line";
}

TEST(LogBackoff, TheGapStopsGrowingAtTheCeiling) {
  LogBackoff backoff(1s, 4s);
  // One a second for a minute: after 0, 1, 3, 7 the gap stays 4 s.
  const auto lines = lines_for(backoff, t0, 1s, 60);
  ASSERT_GE(lines.size(), 14u);
  for (std::size_t i = 4; i < lines.size(); ++i) EXPECT_EQ(lines[i], 4u) << "line " << i;
}

TEST(LogBackoff, SettleReportsTheFaultAndTheNextOneIsLoggedAtOnce) {
  LogBackoff backoff(1s, 60s);
  EXPECT_EQ(backoff.settle(), 0u) << "no fault, nothing to report";
  (void)lines_for(backoff, t0, 100ms, 30);
  EXPECT_EQ(backoff.settle(), 30u);
  EXPECT_EQ(backoff.settle(), 0u);
  EXPECT_EQ(backoff.occurred(t0 + 3001ms), 1u) << "a new fault right after is logged at once";
  EXPECT_EQ(backoff.occurred(t0 + 3100ms), 0u);
}

TEST(LogBackoff, AFaultQuietForAWholeIntervalStartsOverAtTheFirstGap) {
  LogBackoff backoff(1s, 60s);
  (void)lines_for(backoff, t0, 200ms, 100);  // the gap has grown to 16 s
  const auto later = t0 + 20s + 16s + 16s;   // quiet for more than the whole 16 s interval
  // At once, counting the 24 occurrences (15.2 .. 19.8 s) no line had reported yet.
  EXPECT_EQ(backoff.occurred(later), 25u);
  EXPECT_EQ(backoff.occurred(later + 500ms), 0u);
  EXPECT_EQ(backoff.occurred(later + 1s), 2u) << "gaps start at 1 s again";
}

TEST(LogBackoff, ManyThreadsCountEveryOccurrenceOnce) {
  LogBackoff backoff(1h, 1h);  // one line for the whole burst: the rest are counted by settle()
  std::atomic<std::uint64_t> logged{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) logged += backoff.occurred();
    });
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(logged.load(), 1u);
  EXPECT_EQ(backoff.settle(), 4000u);
}
