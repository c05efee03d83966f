#include "protocol/server_message.hpp"

#include <gtest/gtest.h>

namespace careerbot::protocol {
namespace {

using nlohmann::json;

dialog::Reply sample_reply() {
  dialog::Reply reply;
  reply.text = "Study routes:\n- B.Tech";
  reply.intent = "study_routes";
  reply.confidence = 0.875;
  reply.career = "machine-learning-specialist";
  reply.suggestions = {"Which subjects?", "Top employers"};
  reply.sources = {"Machine Learning Specialist career guide, Study routes"};
  return reply;
}

TEST(SerializeReply, HasExactlyTheContractFieldsPlusSources) {
  const json out = json::parse(serialize_reply(sample_reply()));
  EXPECT_EQ(out, (json{{"type", "reply"},
                       {"text", "Study routes:\n- B.Tech"},
                       {"intent", "study_routes"},
                       {"confidence", 0.875},
                       {"career", "machine-learning-specialist"},
                       {"suggestions", {"Which subjects?", "Top employers"}},
                       {"sources", {"Machine Learning Specialist career guide, Study routes"}}}));
  EXPECT_FALSE(out.contains("reply_to"));
}

TEST(SerializeReply, CareerIsNullWhenNoneAndReplyToEchoesTheId) {
  auto reply = sample_reply();
  reply.career.reset();
  const json id = "m-17";
  const json out = json::parse(serialize_reply(reply, &id));
  EXPECT_TRUE(out.at("career").is_null());
  EXPECT_EQ(out.at("reply_to"), "m-17");

  const json number_id = 42;
  EXPECT_EQ(json::parse(serialize_reply(reply, &number_id)).at("reply_to"), 42);
}

TEST(SerializeReply, InvalidUtf8IsReplacedNotThrown) {
  auto reply = sample_reply();
  reply.text = "bad \xff byte";
  const json out = json::parse(serialize_reply(reply));
  EXPECT_EQ(out.at("text"), "bad \xEF\xBF\xBD byte");
}

// serialize_reply writes the frame directly; it must be exactly what dumping reply_json wrote.
TEST(SerializeReply, IsByteForByteTheDumpOfReplyJson) {
  auto reply = sample_reply();
  const json string_id = "m-\"1\"";
  const json number_id = 42;
  const json bool_id = true;
  EXPECT_EQ(serialize_reply(reply), dump(reply_json(reply)));
  EXPECT_EQ(serialize_reply(reply, &string_id), dump(reply_json(reply, &string_id)));
  EXPECT_EQ(serialize_reply(reply, &number_id), dump(reply_json(reply, &number_id)));
  EXPECT_EQ(serialize_reply(reply, &bool_id), dump(reply_json(reply, &bool_id)));
  reply.career.reset();
  reply.confidence = 1.0 / 3.0;
  reply.text = "tab\there \"quoted\" \x01 bad \xff \xE2\x82\xB9";
  reply.suggestions.clear();
  reply.explain = json{{"decision", {{"route", "intent"}}}, {"score", 0.5}};
  EXPECT_EQ(serialize_reply(reply), dump(reply_json(reply)));
  EXPECT_EQ(serialize_chat_response("s-9", reply),
            dump(json{{"session_id", "s-9"}, {"reply", reply_json(reply)}}));
}

TEST(SerializeWelcome, FreshSessionHasNoHistory) {
  dialog::Welcome welcome{"s-1", false, "Hi! Ask me about careers.", {"What does an ML specialist do?"}, {}};
  const json out = json::parse(serialize_welcome(welcome));
  EXPECT_EQ(out, (json{{"type", "welcome"},
                       {"session_id", "s-1"},
                       {"resumed", false},
                       {"text", "Hi! Ask me about careers."},
                       {"suggestions", {"What does an ML specialist do?"}}}));
}

TEST(SerializeWelcome, ResumedSessionCarriesHistory) {
  dialog::Welcome welcome{"s-2", true, "Welcome back.", {}, {{"hello", "Hi there", "greeting"}}};
  const json out = json::parse(serialize_welcome(welcome));
  EXPECT_EQ(out.at("resumed"), true);
  EXPECT_EQ(out.at("history"), (json{{{"user", "hello"}, {"bot", "Hi there"}, {"intent", "greeting"}}}));
  EXPECT_EQ(out.at("suggestions"), json::array());
}

TEST(SerializeError, FrameAndRestBody) {
  const Error error{ErrorCode::rate_limited, "slow down"};
  EXPECT_EQ(json::parse(serialize_error(error)),
            (json{{"type", "error"}, {"code", "rate_limited"}, {"message", "slow down"}}));
  EXPECT_EQ(json::parse(serialize_error_body(error)),
            (json{{"error", {{"code", "rate_limited"}, {"message", "slow down"}}}}));
}

TEST(SerializeChatResponse, WrapsTheReplyObject) {
  const json out = json::parse(serialize_chat_response("s-9", sample_reply()));
  EXPECT_EQ(out.at("session_id"), "s-9");
  EXPECT_EQ(out.at("reply"), json::parse(serialize_reply(sample_reply())));
}

}  // namespace
}  // namespace careerbot::protocol
