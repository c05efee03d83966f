// The Telegram webhook end to end: the real careerbot-server process with a secret, real-shaped Bot
// API updates over HTTP on 127.0.0.1, the real chatbot and the chat -> session file (telegram.db
// next to the sessions database).
#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <fstream>
#include <iterator>
#include <set>

#include "server_process.hpp"
#include "test_client.hpp"

namespace careerbot::testing {
namespace {

constexpr const char* kSecret = "e2e-telegram-secret-0123456789-abcdef";

nlohmann::json text_update(std::int64_t chat_id, const std::string& text) {
  static int next_update_id = 500000;
  return {{"update_id", ++next_update_id},
          {"message",
           {{"message_id", next_update_id},
            {"from", {{"id", chat_id}, {"is_bot", false}, {"first_name", "Asha"}}},
            {"chat", {{"id", chat_id}, {"type", "private"}, {"first_name", "Asha"}}},
            {"date", 1700000000},
            {"text", text}}}};
}

class TelegramEndToEnd : public ::testing::Test {
 protected:
  void SetUp() override { build_knowledge_db(dir.file("knowledge.db")); }
  ServerOptions options(std::vector<std::string> extra = {"--telegram-secret", kSecret}) {
    return {dir.file("sessions.db"), dir.file("knowledge.db"), "", "", std::move(extra)};
  }
  static HttpResult post(unsigned short port, const std::string& body, const std::string& secret = kSecret) {
    std::vector<std::pair<std::string, std::string>> headers = {{"Content-Type", "application/json"}};
    if (!secret.empty()) headers.emplace_back("X-Telegram-Bot-Api-Secret-Token", secret);
    return http_request(port, "POST", "/webhooks/telegram", body, headers);
  }
  static nlohmann::json say(unsigned short port, std::int64_t chat_id, const std::string& text) {
    const HttpResult result = post(port, text_update(chat_id, text).dump());
    EXPECT_EQ(result.status, 200) << result.body;
    const auto body = result.json();
    EXPECT_EQ(body["method"], "sendMessage") << result.body;
    EXPECT_EQ(body["chat_id"], chat_id);
    return body;
  }
  static std::string text(const nlohmann::json& body) { return body["text"].get<std::string>(); }
  TempDir dir;
};

TEST_F(TelegramEndToEnd, OneChatKeepsContextAndAnotherChatHasItsOwnSession) {
  ServerProcess server(options());
  const auto first = say(server.port(), 5550001, "tell me about route 2");
  EXPECT_NE(text(first).find("Route 2"), std::string::npos) << text(first);
  const auto follow_up = say(server.port(), 5550001, "how long does that route take?");
  EXPECT_NE(text(follow_up).find("Route 2 takes"), std::string::npos) << text(follow_up);

  const auto other = say(server.port(), 5550002, "how long does that route take?");
  EXPECT_EQ(text(other).find("Route 2 takes"), std::string::npos) << "a new chat has no route in focus";

  SQLite::Database chats(dir.file("telegram.db"));
  SQLite::Statement rows(chats, "SELECT chat_id, session_id FROM telegram_chats ORDER BY chat_id");
  std::set<std::string> sessions;
  int count = 0;
  while (rows.executeStep()) {
    ++count;
    sessions.insert(rows.getColumn(1).getString());
  }
  EXPECT_EQ(count, 2);
  EXPECT_EQ(sessions.size(), 2u) << "two chats, two sessions";
}

TEST_F(TelegramEndToEnd, SuggestionsBecomeAReplyKeyboardAndStartGivesTheWelcome) {
  ServerProcess server(options());
  const auto welcome = say(server.port(), 5550003, "/start");
  EXPECT_FALSE(text(welcome).empty());
  ASSERT_TRUE(welcome.contains("reply_markup")) << welcome.dump();
  const auto& markup = welcome["reply_markup"];
  EXPECT_TRUE(markup["resize_keyboard"].get<bool>());
  EXPECT_TRUE(markup["one_time_keyboard"].get<bool>());
  ASSERT_FALSE(markup["keyboard"].empty());
  // Tapping a keyboard button sends its text as an ordinary message, which is answered.
  const std::string tapped = markup["keyboard"][0][0]["text"];
  const auto answer = say(server.port(), 5550003, tapped);
  EXPECT_FALSE(text(answer).empty());
}

TEST_F(TelegramEndToEnd, NonTextUpdatesAndBadBodiesGet200WithAnEmptyObject) {
  ServerProcess server(options());
  const nlohmann::json sticker = {{"update_id", 600001},
                                  {"message",
                                   {{"message_id", 17},
                                    {"from", {{"id", 5550004}, {"is_bot", false}, {"first_name", "Asha"}}},
                                    {"chat", {{"id", 5550004}, {"type", "private"}, {"first_name", "Asha"}}},
                                    {"date", 1700000000},
                                    {"sticker",
                                     {{"file_id", "CAACAgIAAxkBAAI"},
                                      {"file_unique_id", "AgADAQADQ"},
                                      {"type", "regular"},
                                      {"width", 512},
                                      {"height", 512},
                                      {"is_animated", false},
                                      {"is_video", false}}}}}};
  const nlohmann::json missing_chat = {
      {"update_id", 600002}, {"message", {{"message_id", 18}, {"date", 1700000000}, {"text", "hi"}}}};
  for (const std::string& body : {sticker.dump(), missing_chat.dump(), std::string("not json at all")}) {
    const HttpResult result = post(server.port(), body);
    EXPECT_EQ(result.status, 200) << body;
    EXPECT_EQ(result.body, "{}") << body;
  }
  // The server still answers text afterwards.
  EXPECT_FALSE(text(say(server.port(), 5550004, "what does an ml specialist do?")).empty());
}

TEST_F(TelegramEndToEnd, WrongOrMissingSecretIs401) {
  ServerProcess server(options());
  const std::string update = text_update(5550005, "hello").dump();
  EXPECT_EQ(post(server.port(), update, "wrong-secret").status, 401);
  EXPECT_EQ(post(server.port(), update, "").status, 401);
}

TEST_F(TelegramEndToEnd, WithoutASecretTheWebhookIsOff) {
  ServerProcess server(options({}));
  EXPECT_EQ(post(server.port(), text_update(5550006, "hello").dump()).status, 404);
}

TEST_F(TelegramEndToEnd, AChatKeepsItsConversationAcrossARestart) {
  {
    ServerProcess server(options());
    say(server.port(), 5550007, "tell me about route 2");
    EXPECT_EQ(server.stop(), 0);
  }
  ServerProcess server(options());
  const auto follow_up = say(server.port(), 5550007, "how long does that route take?");
  EXPECT_NE(text(follow_up).find("Route 2 takes"), std::string::npos) << text(follow_up);
}

TEST_F(TelegramEndToEnd, ARetriedUpdateIsAnsweredOnceAndItsTurnIsNotRunTwice) {
  ServerProcess server(options());
  say(server.port(), 5550007, "am I eligible?");
  // Telegram did not get the answer in time and sends the same update again.
  const std::string answer = text_update(5550007, "i just finished 12th with pcm").dump();
  const HttpResult first = post(server.port(), answer);
  const HttpResult retried = post(server.port(), answer);
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(retried.status, 200);
  EXPECT_EQ(retried.body, first.body) << "the same answer again";
  EXPECT_NE(first.json()["text"].get<std::string>().find("master's degree"), std::string::npos) << first.body;
  const std::string metrics = http_get(server.port(), "/metrics").body;
  EXPECT_NE(metrics.find("\ncareerbot_messages_total 2\n"), std::string::npos) << "two turns, not three";
}

TEST(TelegramSecrets, AShortWebhookSecretOrAdminTokenStopsTheStart) {
  TempDir dir;
  for (const std::string flag : {"--telegram-secret", "--admin-token"}) {
    // `timeout`: a server that starts anyway would serve until killed (exit 124).
    const std::string command = "timeout 30 '" + std::string(CAREERBOT_SERVER_BIN) + "' --config '" +
                                project_path("config/test.conf") + "' --port 0 " + flag +
                                " short-secret-of-31-characters12 > '" + dir.file("out.log") + "' 2> '" +
                                dir.file("err.log") + "'";
    const int status = std::system(command.c_str());
    ASSERT_TRUE(WIFEXITED(status)) << flag;
    EXPECT_NE(WEXITSTATUS(status), 0) << flag;
    EXPECT_NE(WEXITSTATUS(status), 124) << flag << " served anyway";
    std::ifstream err(dir.file("err.log"));
    const std::string said((std::istreambuf_iterator<char>(err)), std::istreambuf_iterator<char>());
    EXPECT_NE(said.find("must be at least 32 characters"), std::string::npos) << flag << ": " << said;
  }
}

}  // namespace
}  // namespace careerbot::testing
