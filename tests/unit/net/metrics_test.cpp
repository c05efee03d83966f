#include "net/metrics.hpp"

#include <thread>
#include <vector>

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

}  // namespace
}  // namespace careerbot::net
