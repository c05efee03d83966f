// The Telegram webhook as a plain function of the request, with real-shaped Bot API Update payloads
// (Update / Message / Chat / User as Telegram documents them), a small test ChatService and a real
// SQLite file for the chat -> session mapping.
#include "net/telegram_webhook.hpp"

#include "net/recent_updates.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <mutex>
#include <set>

#include "common/utf8.hpp"

namespace careerbot::net {
namespace {

using nlohmann::json;

constexpr const char* kSecret = "s3cret-token_123-0123456789abcdef";

// Sessions are a set of ids; replies name the session so tests can see which one answered.
class RecordingChat : public dialog::ChatService {
 public:
  dialog::Welcome open(std::string_view requested_id) override {
    std::lock_guard lock(mutex_);
    ++opens;
    if (sessions.count(std::string(requested_id)) != 0) {
      return {std::string(requested_id), true, "Welcome back.", {"Go on"}, {}};
    }
    std::string id = "s-" + std::to_string(++next_id_);
    sessions.insert(id);
    return {id, false, "Hello! Ask me about careers.", {"What does an ML specialist do?"}, {}};
  }
  dialog::Welcome reset(std::string_view session_id) override {
    std::lock_guard lock(mutex_);
    resets.emplace_back(session_id);
    return {std::string(session_id), false, "Fresh start.", {"Start again"}, {}};
  }
  dialog::Reply handle(std::string_view session_id, std::string_view text) override {
    if (text == "boom") throw std::runtime_error("secret detail /var/lib/careerbot/knowledge.db");
    std::lock_guard lock(mutex_);
    turns.emplace_back(std::string(session_id), std::string(text));
    dialog::Reply reply;
    reply.text = "[" + std::string(session_id) + "] you said: " + std::string(text);
    reply.intent = "echo";
    reply.confidence = 1.0;
    if (text != "plain") reply.suggestions = {"More", "Less"};
    return reply;
  }
  json explain(std::string_view, std::string_view) override { return json::object(); }
  bool ready() const override { return true; }

  std::set<std::string> sessions;
  std::vector<std::pair<std::string, std::string>> turns;  // (session, text)
  std::vector<std::string> resets;
  int opens = 0;

 private:
  std::mutex mutex_;
  int next_id_ = 0;
};

json user(std::int64_t id) {
  return {{"id", id}, {"is_bot", false}, {"first_name", "Asha"}};
}
json private_chat(std::int64_t id) {
  return {{"id", id}, {"type", "private"}, {"first_name", "Asha"}};
}

// Each update gets a fresh update_id unless the test repeats one (a retry).
json text_update(std::int64_t chat_id, const std::string& text, std::int64_t update_id = 0) {
  static std::int64_t next_update_id = 20000;
  return {{"update_id", update_id != 0 ? update_id : ++next_update_id},
          {"message",
           {{"message_id", 1365},
            {"from", user(chat_id)},
            {"chat", private_chat(chat_id)},
            {"date", 1441645532},
            {"text", text}}}};
}

class TelegramWebhookTest : public ::testing::Test {
 protected:
  TelegramWebhookTest() {
    dir_ = std::filesystem::temp_directory_path() /
           ("careerbot-telegram-test-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    config_.telegram_secret = kSecret;
    webhook_ = std::make_unique<TelegramWebhook>(config_, chat_, metrics_, db());
  }
  ~TelegramWebhookTest() override {
    webhook_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::filesystem::path db() const { return dir_ / "telegram.db"; }

  HttpResponse post(const std::string& body, std::optional<std::string> secret = kSecret) {
    HttpRequest request;
    request.method = "POST";
    request.target = "/webhooks/telegram";
    request.content_type = "application/json";
    request.client_address = "149.154.167.220";
    if (secret) request.telegram_secret_token = *secret;
    request.body = body;
    return webhook_->handle(request);
  }
  json post_json(const json& update) {
    const HttpResponse response = post(update.dump());
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.content_type, "application/json");
    return json::parse(response.body);
  }

  std::filesystem::path dir_;
  Config config_;
  RecordingChat chat_;
  Metrics metrics_;
  std::unique_ptr<TelegramWebhook> webhook_;
};

TEST_F(TelegramWebhookTest, TextMessageIsAnsweredWithSendMessageAndReplyKeyboard) {
  const json body = post_json(text_update(111, "what does an ml specialist do?"));
  EXPECT_EQ(body["method"], "sendMessage");
  EXPECT_EQ(body["chat_id"], 111);
  EXPECT_EQ(body["text"], "[s-1] you said: what does an ml specialist do?");
  const json expected_markup = {{"keyboard", {{{{"text", "More"}}}, {{{"text", "Less"}}}}},
                                {"resize_keyboard", true},
                                {"one_time_keyboard", true}};
  EXPECT_EQ(body["reply_markup"], expected_markup) << body.dump();
  EXPECT_EQ(metrics_.messages(), 1u);
  EXPECT_EQ(metrics_.replies("echo"), 1u);
}

TEST_F(TelegramWebhookTest, NoSuggestionsMeansNoReplyMarkup) {
  const json body = post_json(text_update(111, "plain"));
  EXPECT_EQ(body["method"], "sendMessage");
  EXPECT_FALSE(body.contains("reply_markup")) << body.dump();
}

TEST_F(TelegramWebhookTest, EachChatKeepsItsOwnSession) {
  EXPECT_EQ(post_json(text_update(111, "one"))["text"], "[s-1] you said: one");
  EXPECT_EQ(post_json(text_update(222, "two"))["text"], "[s-2] you said: two");
  EXPECT_EQ(post_json(text_update(111, "three"))["text"], "[s-1] you said: three");
  // Group and supergroup ids are negative and need 64 bits.
  const std::int64_t group = -1001234567890123;
  const json body = post_json(text_update(group, "four"));
  EXPECT_EQ(body["chat_id"].get<std::int64_t>(), group);
  EXPECT_EQ(body["text"], "[s-3] you said: four");
}

TEST_F(TelegramWebhookTest, StartGivesTheWelcomeAndResetForgetsTheConversation) {
  json body = post_json(text_update(111, "/start"));
  EXPECT_EQ(body["text"], "Hello! Ask me about careers.");
  EXPECT_EQ(body["reply_markup"]["keyboard"][0][0]["text"], "What does an ML specialist do?");
  EXPECT_TRUE(chat_.turns.empty()) << "/start is not a question";

  post_json(text_update(111, "hello"));
  body = post_json(text_update(111, "/reset"));
  EXPECT_EQ(body["text"], "Fresh start.");
  ASSERT_EQ(chat_.resets.size(), 1u);
  EXPECT_EQ(chat_.resets[0], "s-1") << "reset keeps the chat's session id";

  body = post_json(text_update(111, "/start@CareerBot"));
  EXPECT_EQ(body["text"], "Welcome back.");
  body = post_json(text_update(111, "/help me"));
  EXPECT_EQ(body["text"], "[s-1] you said: /help me") << "other commands go to the chatbot";
}

TEST_F(TelegramWebhookTest, UpdatesThatAreNotNewTextMessagesGetAnEmptyObject) {
  const json edited = {{"update_id", 10001},
                       {"edited_message",
                        {{"message_id", 1365},
                         {"from", user(111)},
                         {"chat", private_chat(111)},
                         {"date", 1441645532},
                         {"edit_date", 1441646600},
                         {"text", "edited text"}}}};
  const json sticker = {{"update_id", 10002},
                        {"message",
                         {{"message_id", 1366},
                          {"from", user(111)},
                          {"chat", private_chat(111)},
                          {"date", 1441645532},
                          {"sticker",
                           {{"file_id", "CAACAgIAAxkBAAI"},
                            {"file_unique_id", "AgADAQADQ"},
                            {"type", "regular"},
                            {"width", 512},
                            {"height", 512},
                            {"is_animated", false},
                            {"is_video", false},
                            {"emoji", "😀"}}}}}};
  const json photo = {{"update_id", 10003},
                      {"message",
                       {{"message_id", 1367},
                        {"from", user(111)},
                        {"chat", private_chat(111)},
                        {"date", 1441645532},
                        {"photo",
                         {{{"file_id", "AgACAgIAAxkBAAI"},
                           {"file_unique_id", "AQADAgAT"},
                           {"width", 90},
                           {"height", 67},
                           {"file_size", 1244}}}},
                        {"caption", "what does an ml specialist do?"}}}};
  const json callback = {{"update_id", 10004},
                         {"callback_query",
                          {{"id", "4382bfdwdsb323b2d9"},
                           {"from", user(111)},
                           {"chat_instance", "-8471723982374"},
                           {"data", "route_2"},
                           {"message",
                            {{"message_id", 1368},
                             {"chat", private_chat(111)},
                             {"date", 1441645532},
                             {"text", "pick a route"}}}}}};
  const json channel_post = {{"update_id", 10005},
                             {"channel_post",
                              {{"message_id", 7},
                               {"chat", {{"id", -1001111111111}, {"type", "channel"}, {"title", "Careers"}}},
                               {"date", 1441645532},
                               {"text", "news"}}}};
  const json missing_chat = {
      {"update_id", 10006},
      {"message", {{"message_id", 1369}, {"from", user(111)}, {"date", 1441645532}, {"text", "hello"}}}};
  const json missing_text = {
      {"update_id", 10007},
      {"message",
       {{"message_id", 1370}, {"from", user(111)}, {"chat", private_chat(111)}, {"date", 1441645532}}}};
  const json chat_without_id = {
      {"update_id", 10008},
      {"message",
       {{"message_id", 1371}, {"chat", {{"type", "private"}}}, {"date", 1441645532}, {"text", "hello"}}}};
  json text_not_string = text_update(111, "x");
  text_not_string["message"]["text"] = 42;
  json chat_id_as_string = text_update(111, "x");
  chat_id_as_string["message"]["chat"]["id"] = "111";
  json message_not_object = {{"update_id", 10009}, {"message", "hello"}};
  // Beyond int64 (Telegram's ids take 52 bits): answering it would name another chat (fuzz_telegram_webhook
  // checks it).
  json chat_id_too_large = text_update(111, "x");
  chat_id_too_large["message"]["chat"]["id"] = 18446744073709551615ULL;

  for (const json& update : {edited, sticker, photo, callback, channel_post, missing_chat, missing_text,
                             chat_without_id, text_not_string, chat_id_as_string, message_not_object,
                             chat_id_too_large, json{{"update_id", 10010}}, json::object()}) {
    EXPECT_EQ(post_json(update), json::object()) << update.dump();
  }
  EXPECT_TRUE(chat_.turns.empty());
  EXPECT_EQ(chat_.opens, 0) << "ignored updates never create sessions";
}

TEST_F(TelegramWebhookTest, BodiesThatAreNotAnUpdateObjectAreAcknowledged) {
  for (const std::string body : {"", "not json", "{\"update_id\":", "[1,2,3]", "\"text\"", "null"}) {
    const HttpResponse response = post(body);
    EXPECT_EQ(response.status, 200) << body;
    EXPECT_EQ(response.body, "{}") << body;
  }
  EXPECT_TRUE(chat_.turns.empty());
}

TEST_F(TelegramWebhookTest, WrongOrMissingSecretIsRefusedBeforeAnythingRuns) {
  const std::string update = text_update(111, "hello").dump();
  const std::string secret = kSecret;
  for (const std::optional<std::string>& token :
       {std::optional<std::string>(), std::optional<std::string>(""), std::optional<std::string>("wrong"),
        std::optional<std::string>(secret.substr(0, secret.size() - 1)),
        std::optional<std::string>(secret + "x"), std::optional<std::string>("S3CRET-TOKEN_123")}) {
    const HttpResponse response = post(update, token);
    EXPECT_EQ(response.status, 401) << token.value_or("(none)");
    EXPECT_EQ(response.body.find(kSecret), std::string::npos);
  }
  EXPECT_TRUE(chat_.turns.empty());
  EXPECT_EQ(chat_.opens, 0);
  EXPECT_EQ(post(update).status, 200);
}

TEST_F(TelegramWebhookTest, WithoutASecretTheWebhookDoesNotExist) {
  config_.telegram_secret.clear();
  EXPECT_EQ(post(text_update(111, "hello").dump(), std::string()).status, 404);
  EXPECT_EQ(post(text_update(111, "hello").dump(), std::string("anything")).status, 404);
  EXPECT_TRUE(chat_.turns.empty());
}

TEST_F(TelegramWebhookTest, LongRepliesAreCutOnACharacterBoundary) {
  config_.max_text_chars = 20000;
  std::string text;
  for (int i = 0; i < 3000; ++i) text += "é😀";  // 2- and 4-byte characters; the emoji count twice
  const json body = post_json(text_update(111, text));
  const std::string reply = body["text"];
  ASSERT_TRUE(utf8::is_valid(reply));
  EXPECT_LE(utf8::length(reply), kTelegramMaxTextChars);
  EXPECT_TRUE(reply.ends_with("…")) << reply.substr(reply.size() - 20);
  EXPECT_TRUE(reply.starts_with("[s-1] you said: é😀"));
}

TEST_F(TelegramWebhookTest, TextTheChatbotRefusesIsAnsweredWithTheReason) {
  config_.max_text_chars = 10;
  json body = post_json(text_update(111, "this is longer than ten characters"));
  EXPECT_EQ(body["method"], "sendMessage");
  EXPECT_NE(body["text"].get<std::string>().find("longer than 10 characters"), std::string::npos)
      << body.dump();
  body = post_json(text_update(111, "   "));
  EXPECT_NE(body["text"].get<std::string>().find("empty"), std::string::npos) << body.dump();
  EXPECT_TRUE(chat_.turns.empty());
  EXPECT_EQ(metrics_.errors(protocol::ErrorCode::too_large), 1u);
}

TEST_F(TelegramWebhookTest, FailuresInsideTheChatbotLeakNothing) {
  const json body = post_json(text_update(111, "boom"));
  EXPECT_EQ(body["method"], "sendMessage");
  const std::string text = body["text"];
  EXPECT_NE(text.find("went wrong"), std::string::npos) << text;
  EXPECT_EQ(text.find("knowledge.db"), std::string::npos) << text;
}

TEST_F(TelegramWebhookTest, ChatsKeepTheirSessionAcrossRestartsAndReplaceExpiredOnes) {
  post_json(text_update(111, "before the restart"));
  webhook_ = std::make_unique<TelegramWebhook>(config_, chat_, metrics_, db());  // reopens the file
  EXPECT_EQ(post_json(text_update(111, "after"))["text"], "[s-1] you said: after");

  chat_.sessions.erase("s-1");  // the chatbot forgot the idle session
  EXPECT_EQ(post_json(text_update(111, "much later"))["text"], "[s-2] you said: much later");
  webhook_ = std::make_unique<TelegramWebhook>(config_, chat_, metrics_, db());
  EXPECT_EQ(post_json(text_update(111, "again"))["text"], "[s-2] you said: again");
}

TEST_F(TelegramWebhookTest, ARetriedUpdateGetsItsFirstAnswerWithoutASecondTurn) {
  const json first = post_json(text_update(111, "first question", 777));
  EXPECT_EQ(first["text"], "[s-1] you said: first question");
  const json retried = post_json(text_update(111, "first question", 777));
  EXPECT_EQ(retried, first);
  EXPECT_EQ(chat_.turns.size(), 1u) << "the turn ran once";
  EXPECT_EQ(metrics_.messages(), 1u);
  // The next update is a new turn, even with the same text.
  const json next = post_json(text_update(111, "first question", 778));
  EXPECT_EQ(chat_.turns.size(), 2u);
  EXPECT_EQ(next["method"], "sendMessage");
}

TEST(RecentUpdates, RemembersAnswersAndForgetsTheOldestBeyondItsCapacity) {
  RecentUpdates recent(3);
  EXPECT_FALSE(recent.claim(1));
  const auto in_flight = recent.claim(1);
  ASSERT_TRUE(in_flight);
  EXPECT_FALSE(in_flight->answered) << "a retry while the first is being answered";
  recent.answer(1, "{\"a\":1}");
  EXPECT_EQ(recent.claim(1)->answer, "{\"a\":1}");
  EXPECT_FALSE(recent.claim(2));
  EXPECT_FALSE(recent.claim(3));
  EXPECT_FALSE(recent.claim(4));
  EXPECT_EQ(recent.size(), 3u);
  EXPECT_FALSE(recent.claim(1)) << "the oldest was forgotten";
  recent.forget(4);
  EXPECT_FALSE(recent.claim(4)) << "a forgotten id may be tried again";
  EXPECT_LE(recent.size(), 3u);
}

TEST(FitTelegramText, KeepsShortTextAndCutsLongTextWithinTheCap) {
  EXPECT_EQ(fit_telegram_text("hello"), "hello");
  EXPECT_EQ(fit_telegram_text(""), "");
  const std::string exact(kTelegramMaxTextChars, 'a');
  EXPECT_EQ(fit_telegram_text(exact), exact);

  const std::string cut = fit_telegram_text(exact + "a");
  EXPECT_EQ(utf8::length(cut), kTelegramMaxTextChars);
  EXPECT_EQ(cut, std::string(kTelegramMaxTextChars - 1, 'a') + "…");

  // 2047 emoji are 4094 UTF-16 units: two more ASCII characters still fit, a third does not.
  std::string emoji;
  for (int i = 0; i < 2047; ++i) emoji += "😀";
  EXPECT_EQ(fit_telegram_text(emoji + "ab"), emoji + "ab");
  const std::string cut_emoji = fit_telegram_text(emoji + "abc");
  EXPECT_EQ(cut_emoji, emoji + "a…") << "one unit is kept for the …";
  EXPECT_EQ(fit_telegram_text(emoji + "😀😀"), emoji + "…") << "a character that does not fit whole is dropped";

  // Cutting just after a space drops the trailing whitespace before the ellipsis.
  const std::string spaced = std::string(kTelegramMaxTextChars - 3, 'a') + "  bcdef";
  EXPECT_EQ(fit_telegram_text(spaced), std::string(kTelegramMaxTextChars - 3, 'a') + "…");
}

}  // namespace
}  // namespace careerbot::net
