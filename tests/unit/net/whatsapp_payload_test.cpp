// Reading WhatsApp Cloud API webhook bodies shaped as Meta documents them: texts, button taps,
// statuses, unsupported kinds, other fields and malformed parts.
#include "net/whatsapp_payload.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace careerbot::net {
namespace {

using nlohmann::json;

json value_with(json messages, json statuses = nullptr) {
  json value = {
      {"messaging_product", "whatsapp"},
      {"metadata", {{"display_phone_number", "15550001111"}, {"phone_number_id", "106540352242922"}}},
      {"contacts", {{{"profile", {{"name", "Asha"}}}, {"wa_id", "919812345678"}}}}};
  if (!messages.is_null()) value["messages"] = std::move(messages);
  if (!statuses.is_null()) value["statuses"] = std::move(statuses);
  return value;
}

std::string delivery(json value, std::string field = "messages") {
  return json{{"object", "whatsapp_business_account"},
              {"entry",
               {{{"id", "102290129340398"}, {"changes", {{{"value", std::move(value)}, {"field", field}}}}}}}}
      .dump();
}

json text_message(std::string id, std::string text) {
  return {{"from", "919812345678"},
          {"id", std::move(id)},
          {"timestamp", "1700000000"},
          {"type", "text"},
          {"text", {{"body", std::move(text)}}}};
}

TEST(WhatsAppPayload, TextsAndButtonTapsBecomeMessagesInOrder) {
  json button = {
      {"from", "919812345678"},
      {"id", "wamid.B"},
      {"timestamp", "1700000001"},
      {"type", "interactive"},
      {"context", {{"from", "15550001111"}, {"id", "wamid.ours"}}},
      {"interactive", {{"type", "button_reply"}, {"button_reply", {{"id", "Yes"}, {"title", "Yes"}}}}}};
  json list = {
      {"from", "919812345678"},
      {"id", "wamid.C"},
      {"type", "interactive"},
      {"interactive", {{"type", "list_reply"}, {"list_reply", {{"id", "r2"}, {"title", "Route 2"}}}}}};
  json quick = {{"from", "919812345678"},
                {"id", "wamid.D"},
                {"type", "button"},
                {"button", {{"payload", "p"}, {"text", "Talk to a counsellor"}}}};
  const auto parsed = parse_whatsapp_delivery(
      delivery(value_with({text_message("wamid.A", "am I eligible?"), button, list, quick})));
  ASSERT_TRUE(parsed);
  ASSERT_EQ(parsed->messages.size(), 4u);
  EXPECT_EQ(parsed->messages[0].id, "wamid.A");
  EXPECT_EQ(parsed->messages[0].from, "919812345678");
  EXPECT_EQ(parsed->messages[0].phone_number_id, "106540352242922");
  EXPECT_EQ(parsed->messages[0].text, "am I eligible?");
  EXPECT_EQ(parsed->messages[1].text, "Yes");
  EXPECT_EQ(parsed->messages[2].text, "Route 2");
  EXPECT_EQ(parsed->messages[3].text, "Talk to a counsellor");
  EXPECT_TRUE(parsed->ignored.empty());
  EXPECT_EQ(parsed->statuses, 0u);
}

TEST(WhatsAppPayload, StatusesAndOtherKindsAreCountedNotAnswered) {
  json statuses = {{{"id", "wamid.ours"},
                    {"status", "delivered"},
                    {"timestamp", "1700000002"},
                    {"recipient_id", "919812345678"}},
                   {{"id", "wamid.ours"},
                    {"status", "read"},
                    {"timestamp", "1700000003"},
                    {"recipient_id", "919812345678"}}};
  json image = {{"from", "919812345678"},
                {"id", "wamid.I"},
                {"type", "image"},
                {"image", {{"mime_type", "image/jpeg"}, {"id", "media-1"}}}};
  json unsupported = {{"from", "919812345678"},
                      {"id", "wamid.U"},
                      {"type", "unsupported"},
                      {"errors", {{{"code", 131051}, {"title", "Message type unknown"}}}}};
  json reaction = {{"from", "919812345678"},
                   {"id", "wamid.R"},
                   {"type", "reaction"},
                   {"reaction", {{"message_id", "wamid.ours"}, {"emoji", "\xF0\x9F\x91\x8D"}}}};
  const auto parsed = parse_whatsapp_delivery(delivery(value_with({image, unsupported, reaction}, statuses)));
  ASSERT_TRUE(parsed);
  EXPECT_TRUE(parsed->messages.empty());
  EXPECT_EQ(parsed->statuses, 2u);
  EXPECT_EQ(parsed->ignored, (std::vector<std::string>{"image", "unsupported", "reaction"}));

  const auto other_field = parse_whatsapp_delivery(delivery(value_with(nullptr), "account_update"));
  ASSERT_TRUE(other_field);
  EXPECT_EQ(other_field->ignored, (std::vector<std::string>{"field:account_update"}));
}

TEST(WhatsAppPayload, MalformedPartsAreSkippedAndForeignBodiesRefused) {
  json no_body = {{"from", "919812345678"}, {"id", "wamid.X"}, {"type", "text"}, {"text", {{"body", 42}}}};
  json no_sender = text_message("wamid.Y", "hi");
  no_sender.erase("from");
  json no_id = text_message("", "hi");
  const auto parsed =
      parse_whatsapp_delivery(delivery(value_with({no_body, no_sender, no_id, "just a string"})));
  ASSERT_TRUE(parsed);
  EXPECT_TRUE(parsed->messages.empty());
  EXPECT_EQ(parsed->ignored.size(), 4u);

  EXPECT_FALSE(parse_whatsapp_delivery("not json"));
  EXPECT_FALSE(parse_whatsapp_delivery("[]"));
  EXPECT_FALSE(parse_whatsapp_delivery(R"({"object":"page","entry":[]})")) << "a Messenger delivery";
  EXPECT_FALSE(parse_whatsapp_delivery(R"({"entry":[]})"));
  const auto empty = parse_whatsapp_delivery(R"({"object":"whatsapp_business_account","entry":"x"})");
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->messages.empty());
}

}  // namespace
}  // namespace careerbot::net
