#include "net/metrics.hpp"

#include <unistd.h>

#include <ctime>
#include <sstream>
#include <thread>
#include <vector>

#include "common/build_info.hpp"
#include "net/process_metrics.hpp"

#include <gtest/gtest.h>

namespace careerbot::net {
namespace {

using namespace std::chrono_literals;

TEST(Metrics, CountsRepliesByIntentAndRendersPrometheusText) {
  Metrics metrics;
  metrics.message_received();
  metrics.message_received();
  metrics.reply_sent("greeting", 3us);
  metrics.reply_sent("fallback", 2ms);
  metrics.error_sent(protocol::ErrorCode::bad_json);
  metrics.connection_opened();
  metrics.set_active_sessions_source([] { return std::optional<std::int64_t>(5); });

  EXPECT_EQ(metrics.messages(), 2u);
  EXPECT_EQ(metrics.replies("greeting"), 1u);
  EXPECT_EQ(metrics.replies("unknown"), 0u);
  const std::string text = metrics.render();
  EXPECT_NE(text.find("# TYPE careerbot_messages_total counter\ncareerbot_messages_total 2\n"),
            std::string::npos);
  EXPECT_NE(text.find("careerbot_replies_total{intent=\"greeting\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("careerbot_fallbacks_total 1\n"), std::string::npos);
  EXPECT_NE(text.find("careerbot_turn_latency_seconds_bucket{le=\"5e-06\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("careerbot_turn_latency_seconds_bucket{le=\"+Inf\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("careerbot_turn_latency_seconds_count 2\n"), std::string::npos);
  EXPECT_NE(text.find("careerbot_errors_total{code=\"bad_json\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("careerbot_open_connections 1\n"), std::string::npos);
  EXPECT_NE(text.find("careerbot_active_sessions 5\n"), std::string::npos);
}

TEST(Metrics, EscapesLabelValues) {
  Metrics metrics;
  metrics.reply_sent("a\"b\\c\nd", 1us);
  EXPECT_NE(metrics.render().find(R"(careerbot_replies_total{intent="a\"b\\c\nd"} 1)"), std::string::npos);
}

TEST(Metrics, ConcurrentRecordingLosesNothing) {
  Metrics metrics;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&metrics, t] {
      for (int i = 0; i < 2000; ++i) metrics.reply_sent("intent_" + std::to_string((i + t) % 50), 1us);
    });
  }
  for (auto& thread : threads) thread.join();
  std::uint64_t total = 0;
  for (int i = 0; i < 50; ++i) total += metrics.replies("intent_" + std::to_string(i));
  EXPECT_EQ(total, 8000u);
}

// The value of an unlabelled series in Prometheus text, or -1 when absent.
double series_value(const std::string& text, const std::string& name) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(name + " ", 0) == 0) return std::stod(line.substr(name.size() + 1));
  return -1;
}

TEST(Metrics, BuildInfoNamesTheVersionAndCommit) {
  const std::string text = Metrics().render();
  EXPECT_NE(text.find("# TYPE careerbot_build_info gauge\ncareerbot_build_info{version=\"" +
                      std::string(version()) + "\",commit=\"" + std::string(git_commit()) + "\"} 1\n"),
            std::string::npos)
      << text;
}

TEST(Metrics, ProcessSeriesDescribeThisProcess) {
  // Spend a little CPU first (bounded: 50 ms of it), so the counter has something to show.
  const std::clock_t start = std::clock();
  while (std::clock() - start < CLOCKS_PER_SEC / 20) {
  }
  const std::string text = Metrics().render();
  EXPECT_GT(series_value(text, "process_cpu_seconds_total"), 0);
  EXPECT_GT(series_value(text, "process_resident_memory_bytes"), 1024 * 1024);
  EXPECT_GT(series_value(text, "process_virtual_memory_bytes"),
            series_value(text, "process_resident_memory_bytes"));
  EXPECT_GE(series_value(text, "process_open_fds"), 3);  // stdin, stdout, stderr at least
  EXPECT_GE(series_value(text, "process_max_fds"), series_value(text, "process_open_fds"));
  const double started = series_value(text, "process_start_time_seconds");
  const double now = static_cast<double>(std::time(nullptr));
  EXPECT_LE(started, now + 1);
  EXPECT_GT(started, now - 3600) << "this test process started within the hour";
  EXPECT_NE(text.find("# TYPE process_cpu_seconds_total counter"), std::string::npos);
}

TEST(ProcessStat, ParsesAfterTheLastParenthesisOfTheCommand) {
  // Fields 3.. of proc(5); utime 14 = 250 ticks, stime 15 = 50, starttime 22 = 1000, vsize 23, rss 24 pages.
  const std::string stat =
      "42 (odd) name (x)) S 1 42 42 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 3 0 1000 123456789 300 "
      "18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n";
  const auto stats = parse_proc_stat(stat, 100, 4096, 1'700'000'000);
  ASSERT_TRUE(stats.has_value());
  EXPECT_DOUBLE_EQ(stats->cpu_seconds, 3.0);
  EXPECT_DOUBLE_EQ(stats->resident_bytes, 300.0 * 4096);
  EXPECT_DOUBLE_EQ(stats->virtual_bytes, 123456789.0);
  EXPECT_DOUBLE_EQ(stats->start_time_seconds, 1'700'000'010.0);
  EXPECT_FALSE(parse_proc_stat("42 (cut) S 1 2", 100, 4096, 0).has_value());
  EXPECT_FALSE(parse_proc_stat("no parenthesis", 100, 4096, 0).has_value());
}

}  // namespace
}  // namespace careerbot::net
