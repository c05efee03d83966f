// The log line formats: JSON with ts, level and event first, or text for a terminal.
#include "common/log.hpp"

#include <string>

#include <gtest/gtest.h>

namespace careerbot::log {
namespace {

const char* const kTime = "2026-01-01T10:00:00.123Z";

TEST(SessionRef, AShortStableHashThatNeverHoldsTheId) {
  const std::string id = "Zx8k2PqR7vN4mT1wY6bC9dF3gH5jL0sA";  // the shape of a real session id
  const std::string ref = session_ref(id);
  ASSERT_EQ(ref.size(), 12u);
  EXPECT_EQ(ref.find_first_not_of("0123456789abcdef"), std::string::npos) << ref;
  EXPECT_EQ(session_ref(id), ref) << "one conversation keeps one name through the log";
  EXPECT_NE(session_ref(id.substr(0, 31) + "B"), ref);
  EXPECT_EQ(ref.find(id.substr(0, 4)), std::string::npos);
  EXPECT_EQ(session_ref(""), "");
}

TEST(LogLine, JsonPutsTimeLevelAndEventFirstThenTheFieldsAsGiven) {
  const nlohmann::json fields = {{"session", "abc"}, {"latency_us", 12}};
  const std::string line = format_line(LogFormat::json, kTime, LogLevel::info, "turn", fields);
  EXPECT_EQ(line.back(), '\n');
  EXPECT_EQ(line.find('\n'), line.size() - 1) << "one line";
  EXPECT_EQ(line.rfind(R"({"ts":"2026-01-01T10:00:00.123Z","level":"info","event":"turn",)", 0), 0u) << line;
  const auto parsed = nlohmann::json::parse(line);
  EXPECT_EQ(parsed["session"], "abc");
  EXPECT_EQ(parsed["latency_us"], 12);
}

TEST(LogLine, FieldsCannotReplaceTimeLevelOrEvent) {
  const nlohmann::json fields = {{"event", "forged"}, {"level", "debug"}, {"ts", "then"}, {"ok", true}};
  const auto parsed =
      nlohmann::json::parse(format_line(LogFormat::json, kTime, LogLevel::warn, "real", fields));
  EXPECT_EQ(parsed["event"], "real");
  EXPECT_EQ(parsed["level"], "warn");
  EXPECT_EQ(parsed["ts"], kTime);
  EXPECT_EQ(parsed.size(), 4u);
}

TEST(LogLine, TextIsOneLineWithPlainWordsBareAndTheRestQuoted) {
  const nlohmann::json fields = {{"intent", "overview"}, {"what", "disk full\nsecond line"}, {"n", 3}};
  EXPECT_EQ(
      format_line(LogFormat::text, kTime, LogLevel::error, "chat_failed", fields),
      "2026-01-01T10:00:00.123Z error chat_failed intent=overview n=3 what=\"disk full\\nsecond line\"\n");
  EXPECT_EQ(format_line(LogFormat::text, kTime, LogLevel::info, "shutting_down", nlohmann::json::object()),
            "2026-01-01T10:00:00.123Z info shutting_down\n");
}

TEST(LogLine, BrokenUtf8IsReplacedNotThrown) {
  const nlohmann::json fields = {{"what", std::string("bad \xff byte")}};
  for (const auto format : {LogFormat::json, LogFormat::text}) {
    const std::string line = format_line(format, kTime, LogLevel::warn, "x", fields);
    EXPECT_NE(line.find("bad \xef\xbf\xbd byte"), std::string::npos) << line;
  }
}

}  // namespace
}  // namespace careerbot::log
