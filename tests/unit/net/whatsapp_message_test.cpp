// The Graph API message bodies: reply buttons when the suggestions fit, otherwise a text with the
// suggestions listed, always within WhatsApp's limits (counted in UTF-16 units).
#include "net/whatsapp_message.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "common/utf8.hpp"

namespace careerbot::net {
namespace {

using nlohmann::json;

json body_of(std::string_view text, const std::vector<std::string>& suggestions) {
  const auto body = whatsapp_message_body("919812345678", text, suggestions);
  EXPECT_TRUE(body);
  return body ? json::parse(*body) : json();
}

TEST(WhatsAppMessage, UpToThreeShortSuggestionsBecomeReplyButtons) {
  const json body =
      body_of("Where are you in your studies right now?", {"In school", "Finished 12th", "Graduate"});
  EXPECT_EQ(body["messaging_product"], "whatsapp");
  EXPECT_EQ(body["to"], "919812345678");
  EXPECT_EQ(body["type"], "interactive");
  EXPECT_EQ(body["interactive"]["type"], "button");
  EXPECT_EQ(body["interactive"]["body"]["text"], "Where are you in your studies right now?");
  const auto& buttons = body["interactive"]["action"]["buttons"];
  ASSERT_EQ(buttons.size(), 3u);
  EXPECT_EQ(buttons[1]["type"], "reply");
  EXPECT_EQ(buttons[1]["reply"]["title"], "Finished 12th");
  EXPECT_EQ(buttons[1]["reply"]["id"], "Finished 12th");
}

TEST(WhatsAppMessage, SuggestionsThatDoNotFitAreListedUnderTheText) {
  const std::vector<std::vector<std::string>> cases = {
      {"One", "Two", "Three", "Four"},                // more than three
      {"What does an ML specialist do day to day?"},  // a title over 20 characters
      {"Same", "Same"},                               // WhatsApp refuses equal titles
  };
  for (const auto& suggestions : cases) {
    const json body = body_of("Here is the answer.", suggestions);
    EXPECT_EQ(body["type"], "text") << body.dump();
    EXPECT_FALSE(body["text"]["preview_url"].get<bool>());
    const std::string text = body["text"]["body"];
    EXPECT_TRUE(text.starts_with("Here is the answer.\n\n")) << text;
    for (const auto& suggestion : suggestions)
      EXPECT_NE(text.find("\n- " + suggestion), std::string::npos) << text;
  }
  // Buttons carry at most 1,024 characters of text: a longer answer is a text message.
  const std::string long_text(1500, 'a');
  EXPECT_EQ(body_of(long_text, {"Yes", "No"})["type"], "text");
  EXPECT_EQ(body_of("Plain answer.", {})["text"]["body"], "Plain answer.");
}

TEST(WhatsAppMessage, LongTextIsCutToTheLimitKeepingTheList) {
  std::string text;
  while (utf8::utf16_length(text) < 6000) text += "Rohan \xF0\x9F\x98\x80 ";  // an emoji is two UTF-16 units
  const json body = body_of(text, {"One", "Two", "Three", "Four"});
  const std::string shown = body["text"]["body"];
  EXPECT_LE(utf8::utf16_length(shown), kWhatsAppMaxTextChars);
  EXPECT_GT(utf8::utf16_length(shown), kWhatsAppMaxTextChars - 10);
  EXPECT_TRUE(shown.ends_with("\n- Four")) << "the list stays whole";
  EXPECT_NE(shown.find("\xE2\x80\xA6"), std::string::npos) << "the cut is marked with an ellipsis";
}

TEST(WhatsAppMessage, NothingToSendIsNoMessage) {
  EXPECT_FALSE(whatsapp_message_body("919812345678", "", {}));
  const json only_list = body_of("", {"One", "Two", "Three", "Four"});
  EXPECT_TRUE(only_list["text"]["body"].get<std::string>().starts_with("Reply with one of these"))
      << only_list;
}

}  // namespace
}  // namespace careerbot::net
