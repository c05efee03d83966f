#include "protocol/client_message.hpp"

#include <gtest/gtest.h>

namespace careerbot::protocol {
namespace {

using nlohmann::json;

const Limits kLimits{};

Error expect_error(const ClientFrame& frame) {
  EXPECT_TRUE(std::holds_alternative<Error>(frame));
  return std::holds_alternative<Error>(frame) ? std::get<Error>(frame) : Error{};
}

MessageRequest expect_message(const ClientFrame& frame) {
  if (const auto* error = std::get_if<Error>(&frame)) ADD_FAILURE() << error->message;
  EXPECT_TRUE(std::holds_alternative<MessageRequest>(frame));
  return std::holds_alternative<MessageRequest>(frame) ? std::get<MessageRequest>(frame) : MessageRequest{};
}

TEST(ParseClientFrame, MessageWithoutId) {
  auto message = expect_message(parse_client_frame(R"({"type":"message","text":"what is ML?"})", kLimits));
  EXPECT_EQ(message.text, "what is ML?");
  EXPECT_FALSE(message.id.has_value());
}

TEST(ParseClientFrame, MessageKeepsScalarIdsOfAnyKind) {
  EXPECT_EQ(*expect_message(parse_client_frame(R"({"type":"message","text":"a","id":7})", kLimits)).id,
            json(7));
  EXPECT_EQ(*expect_message(parse_client_frame(R"({"type":"message","text":"a","id":"x1"})", kLimits)).id,
            json("x1"));
  EXPECT_EQ(*expect_message(parse_client_frame(R"({"type":"message","text":"a","id":true})", kLimits)).id,
            json(true));
  EXPECT_EQ(*expect_message(parse_client_frame(R"({"type":"message","text":"a","id":1.5})", kLimits)).id,
            json(1.5));
}

TEST(ParseClientFrame, NullIdCountsAsNoId) {
  auto message = expect_message(parse_client_frame(R"({"type":"message","text":"a","id":null})", kLimits));
  EXPECT_FALSE(message.id.has_value());
}

TEST(ParseClientFrame, StructuredIdIsBadJson) {
  EXPECT_EQ(expect_error(parse_client_frame(R"({"type":"message","text":"a","id":[1]})", kLimits)).code,
            ErrorCode::bad_json);
  EXPECT_EQ(expect_error(parse_client_frame(R"({"type":"message","text":"a","id":{}})", kLimits)).code,
            ErrorCode::bad_json);
}

TEST(ParseClientFrame, Reset) {
  EXPECT_TRUE(std::holds_alternative<ResetRequest>(parse_client_frame(R"({"type":"reset"})", kLimits)));
}

TEST(ParseClientFrame, NotJsonOrNotObjectIsBadJson) {
  for (std::string_view frame :
       {"", "hello", "{", R"(["type","message"])", "42", "\"message\"", "null", R"({"type":"message",})"}) {
    EXPECT_EQ(expect_error(parse_client_frame(frame, kLimits)).code, ErrorCode::bad_json) << frame;
  }
}

TEST(ParseClientFrame, MissingOrUnknownTypeIsBadType) {
  for (std::string_view frame : {R"({"text":"hi"})", R"({"type":"hello","text":"hi"})",
                                 R"({"type":7,"text":"hi"})", R"({"type":null})", R"({"type":"MESSAGE"})"}) {
    EXPECT_EQ(expect_error(parse_client_frame(frame, kLimits)).code, ErrorCode::bad_type) << frame;
  }
}

TEST(ParseClientFrame, MissingOrWrongTextIsBadText) {
  for (std::string_view frame :
       {R"({"type":"message"})", R"({"type":"message","text":5})", R"({"type":"message","text":null})",
        R"({"type":"message","text":["a"]})", R"({"type":"message","text":""})",
        R"({"type":"message","text":"  \n\t "})"}) {
    EXPECT_EQ(expect_error(parse_client_frame(frame, kLimits)).code, ErrorCode::bad_text) << frame;
  }
}

TEST(ParseClientFrame, ControlCharactersAreBadTextButNewlineAndTabAreFine) {
  EXPECT_EQ(expect_error(parse_client_frame(R"({"type":"message","text":"a\u0000b"})", kLimits)).code,
            ErrorCode::bad_text);
  EXPECT_EQ(expect_error(parse_client_frame(R"({"type":"message","text":"a\u0007b"})", kLimits)).code,
            ErrorCode::bad_text);
  EXPECT_EQ(expect_error(parse_client_frame(R"({"type":"message","text":"a\u007fb"})", kLimits)).code,
            ErrorCode::bad_text);
  EXPECT_EQ(expect_error(parse_client_frame(R"({"type":"message","text":"a\u0085b"})", kLimits)).code,
            ErrorCode::bad_text);
  EXPECT_EQ(
      expect_message(parse_client_frame(R"({"type":"message","text":"line 1\n\tline 2"})", kLimits)).text,
      "line 1\n\tline 2");
}

TEST(ParseClientFrame, NonAsciiTextIsKept) {
  EXPECT_EQ(
      expect_message(parse_client_frame(R"({"type":"message","text":"क्या मैं ML सीख सकता हूँ?"})", kLimits)).text,
      "क्या मैं ML सीख सकता हूँ?");
  EXPECT_EQ(
      expect_message(parse_client_frame(R"({"type":"message","text":"caf\u00e9 \ud83d\ude00"})", kLimits))
          .text,
      "café 😀");
}

TEST(ParseClientFrame, LengthIsCountedInCodePoints) {
  const Limits limits{10};
  std::string ten_accents;
  for (int i = 0; i < 10; ++i) ten_accents += "é";  // 20 bytes, 10 characters
  json frame{{"type", "message"}, {"text", ten_accents}};
  EXPECT_EQ(expect_message(parse_client_frame(frame.dump(), limits)).text, ten_accents);
  frame["text"] = ten_accents + "x";
  EXPECT_EQ(expect_error(parse_client_frame(frame.dump(), limits)).code, ErrorCode::too_large);
}

TEST(ParseClientFrame, FiveThousandCharactersAreAcceptedByDefault) {
  json frame{{"type", "message"}, {"text", std::string(5000, 'a')}};
  EXPECT_EQ(expect_message(parse_client_frame(frame.dump(), kLimits)).text.size(), 5000u);
  frame["text"] = std::string(8000, 'b');
  EXPECT_EQ(expect_message(parse_client_frame(frame.dump(), kLimits)).text.size(), 8000u);
  frame["text"] = std::string(8001, 'c');
  EXPECT_EQ(expect_error(parse_client_frame(frame.dump(), kLimits)).code, ErrorCode::too_large);
}

TEST(ParseClientFrame, UnpairedSurrogateEscapeIsBadJson) {
  EXPECT_EQ(expect_error(parse_client_frame(R"({"type":"message","text":"\ud800"})", kLimits)).code,
            ErrorCode::bad_json);
}

TEST(ParseChatRequest, TextWithAndWithoutSession) {
  auto fresh = parse_chat_request(R"({"text":"hello"})", kLimits);
  ASSERT_TRUE(std::holds_alternative<ChatRequest>(fresh));
  EXPECT_EQ(std::get<ChatRequest>(fresh).text, "hello");
  EXPECT_EQ(std::get<ChatRequest>(fresh).session_id, "");

  auto resumed = parse_chat_request(R"({"session_id":"abc","text":"more"})", kLimits);
  ASSERT_TRUE(std::holds_alternative<ChatRequest>(resumed));
  EXPECT_EQ(std::get<ChatRequest>(resumed).session_id, "abc");
}

TEST(ParseChatRequest, Errors) {
  auto code = [](std::string_view body) {
    auto result = parse_chat_request(body, Limits{5});
    EXPECT_TRUE(std::holds_alternative<Error>(result)) << body;
    return std::holds_alternative<Error>(result) ? std::get<Error>(result).code : ErrorCode::internal;
  };
  EXPECT_EQ(code("not json"), ErrorCode::bad_json);
  EXPECT_EQ(code("[]"), ErrorCode::bad_json);
  EXPECT_EQ(code(R"({"session_id":5,"text":"hi"})"), ErrorCode::bad_json);
  EXPECT_EQ(code(R"({"session_id":"a"})"), ErrorCode::bad_text);
  EXPECT_EQ(code(R"({"text":" "})"), ErrorCode::bad_text);
  EXPECT_EQ(code(R"({"text":"abcdef"})"), ErrorCode::too_large);
}

}  // namespace
}  // namespace careerbot::protocol
