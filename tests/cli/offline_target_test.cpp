// OfflineTarget: conversations with the content loaded in process answer with the frames a server
// sends (welcome, reply with reply_to and explain, the protocol's errors), keep, reset and resume
// sessions like the server does.
#include "cli/offline_target.hpp"

#include <string>

#include <gtest/gtest.h>

#include "offline_content.hpp"

namespace careerbot::cli {
namespace {

using nlohmann::json;

json message(const std::string& text, bool explain = false) {
  json frame = {{"type", "message"}, {"text", text}};
  if (explain) frame["explain"] = true;
  return frame;
}

std::string waiting_slot(const json& reply) {
  return reply.at("explain").at("flow").at("slot").get<std::string>();
}

class OfflineTargetTest : public ::testing::Test {
 protected:
  OfflineTarget bot{testing::project_content()};
};

TEST_F(OfflineTargetTest, EachOpenIsAFreshSessionWithTheServersWelcome) {
  const auto first = bot.open();
  const auto& welcome = first->welcome();
  EXPECT_EQ(welcome.at("type"), "welcome");
  EXPECT_EQ(welcome.at("resumed"), false);
  EXPECT_FALSE(welcome.at("text").get<std::string>().empty());
  EXPECT_TRUE(welcome.at("suggestions").is_array());
  EXPECT_FALSE(first->session_id().empty());
  EXPECT_EQ(welcome.at("session_id"), first->session_id());
  EXPECT_NE(bot.open()->session_id(), first->session_id());
}

TEST_F(OfflineTargetTest, AMessageGetsTheServersReplyFrame) {
  const auto conversation = bot.open();
  auto frame = message("Which companies hire in Pune?");
  frame["id"] = "q1";
  const auto reply = conversation->exchange(frame);
  ASSERT_EQ(reply.at("type"), "reply") << reply.dump();
  EXPECT_EQ(reply.at("reply_to"), "q1");
  EXPECT_NE(reply.at("text").get<std::string>().find("Tech Mahindra"), std::string::npos) << reply.dump();
  for (const char* field : {"intent", "confidence", "career", "suggestions", "sources"})
    EXPECT_TRUE(reply.contains(field)) << field;
  EXPECT_FALSE(reply.contains("explain"));  // only when asked

  const auto explained = conversation->exchange(message("What does a machine learning specialist do?", true));
  EXPECT_EQ(explained.at("intent"), "overview");
  EXPECT_EQ(explained.at("explain").at("decision").at("answered_intent"), "overview");
}

TEST_F(OfflineTargetTest, BadFramesGetTheProtocolsErrors) {
  const auto conversation = bot.open();
  EXPECT_EQ(conversation->exchange(message("   ")).at("code"), "bad_text");
  EXPECT_EQ(conversation->exchange(json{{"type", "dance"}}).at("code"), "bad_type");
  EXPECT_EQ(conversation->exchange(json{{"type", "message"}, {"text", 42}}).at("code"), "bad_text");
  EXPECT_EQ(conversation->exchange(json{{"type", "message"}, {"text", "hi"}, {"explain", "yes"}}).at("code"),
            "bad_json");
  const auto too_long = conversation->exchange(message(std::string(8001, 'a')));
  EXPECT_EQ(too_long.at("type"), "error");
  EXPECT_EQ(too_long.at("code"), "too_large");
  // The conversation goes on after an error.
  EXPECT_EQ(conversation->exchange(message("hello")).at("type"), "reply");
}

TEST_F(OfflineTargetTest, TurnsShareTheSessionAndResetForgetsIt) {
  const auto conversation = bot.open();
  const auto id = conversation->session_id();
  EXPECT_EQ(waiting_slot(conversation->exchange(message("Am I eligible?", true))), "education");
  EXPECT_EQ(waiting_slot(conversation->exchange(message("In class 11 or 12", true))), "stream");

  const auto& welcome = conversation->reset();
  EXPECT_EQ(welcome.at("type"), "welcome");
  EXPECT_EQ(conversation->session_id(), id);  // the id stays
  EXPECT_EQ(conversation->welcome(), welcome);
  const auto after = conversation->exchange(message("hello", true));
  EXPECT_EQ(waiting_slot(after), "");
  EXPECT_TRUE(after.at("explain").at("profile").empty()) << after.dump();
}

TEST_F(OfflineTargetTest, OpeningAnEarlierSessionResumesItWithItsHistory) {
  std::string id;
  {
    const auto first = bot.open();
    id = first->session_id();
    first->exchange(message("Which companies hire in Pune?"));
    first->close();
  }
  const auto again = bot.open(id);
  EXPECT_EQ(again->session_id(), id);
  const auto& welcome = again->welcome();
  EXPECT_EQ(welcome.at("resumed"), true);
  ASSERT_EQ(welcome.at("history").size(), 1u) << welcome.dump();
  EXPECT_EQ(welcome.at("history")[0].at("user"), "Which companies hire in Pune?");
  // An id the bot never gave out starts a fresh session under a new id (never adopted).
  const auto stranger = bot.open("made-up-session-id-0123456789");
  EXPECT_EQ(stranger->welcome().at("resumed"), false);
  EXPECT_NE(stranger->session_id(), "made-up-session-id-0123456789");
}

}  // namespace
}  // namespace careerbot::cli
