// Conversations that survive: reconnect with the session id, a graceful restart, and a crash
// (kill -9) within the stated durability bound (a crash loses at most the last ~300 ms of turns).
// Also the guided planner over a real WebSocket, reset, and the counsellors' admin endpoints.
#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <thread>

#include "server_process.hpp"
#include "test_client.hpp"

namespace careerbot::testing {
namespace {

class SessionEndToEnd : public ::testing::Test {
 protected:
  void SetUp() override { build_knowledge_db(dir.file("knowledge.db")); }
  ServerOptions options(std::vector<std::string> extra = {}) {
    return {dir.file("sessions.db"), dir.file("knowledge.db"), "", "", std::move(extra)};
  }
  static nlohmann::json say(WsClient& client, const std::string& text) {
    client.send_json({{"type", "message"}, {"text", text}, {"explain", true}});
    return client.read_json();
  }
  static std::string text(const nlohmann::json& reply) { return reply["text"].get<std::string>(); }
  TempDir dir;
};

TEST_F(SessionEndToEnd, ReconnectResumesWithHistoryAndContext) {
  ServerProcess server(options());
  std::string id;
  {
    WsClient client(server.port());
    id = client.read_json()["session_id"];
    say(client, "tell me about route 3");
  }
  WsClient again(server.port(), WsOptions::at_path("/ws?session=" + id));
  const auto welcome = again.read_json();
  EXPECT_EQ(welcome["session_id"], id);
  EXPECT_TRUE(welcome["resumed"].get<bool>());
  ASSERT_EQ(welcome["history"].size(), 1u);
  EXPECT_EQ(welcome["history"][0]["user"], "tell me about route 3");
  const auto reply = say(again, "how long does that route take?");
  EXPECT_NE(text(reply).find("Route 3 takes"), std::string::npos) << text(reply);
}

TEST_F(SessionEndToEnd, UnknownIdsAreNeverAdopted) {
  ServerProcess server(options());
  WsClient client(server.port(), WsOptions::at_path("/ws?session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
  const auto welcome = client.read_json();
  EXPECT_FALSE(welcome["resumed"].get<bool>());
  EXPECT_NE(welcome["session_id"], "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
}

TEST_F(SessionEndToEnd, GuidedPlanWithFreeTextAnswersInterruptionResetAndRestart) {
  std::string id;
  {
    ServerProcess server(options());
    WsClient client(server.port());
    id = client.read_json()["session_id"];
    auto reply = say(client, "am I eligible?");
    EXPECT_NE(text(reply).find("10+2 with Science or relevant subjects"), std::string::npos);
    EXPECT_EQ(reply["explain"]["flow"]["slot"], "education");
    reply = say(client, "i just finished 12th with pcm");
    EXPECT_EQ(reply["explain"]["flow"]["slot"], "masters_wish") << text(reply);
    reply = say(client, "which companies hire in pune?");  // off the flow: answered, then offered
    EXPECT_NE(text(reply).find("Tech Mahindra"), std::string::npos);
    EXPECT_NE(text(reply).find("Back to your plan:"), std::string::npos);
    EXPECT_EQ(server.stop(), 0);  // graceful restart in the middle of the plan
  }
  ServerProcess server(options());
  WsClient client(server.port(), WsOptions::at_path("/ws?session=" + id));
  const auto welcome = client.read_json();
  EXPECT_TRUE(welcome["resumed"].get<bool>());
  EXPECT_NE(welcome["text"].get<std::string>().find("master's degree"), std::string::npos) << welcome.dump();
  auto reply = say(client, "yes I want to do masters");
  EXPECT_EQ(reply["explain"]["flow"]["slot"], "certification_wish") << text(reply);
  say(client, "no");
  reply = say(client, "no, I'll stay in india");
  EXPECT_NE(text(reply).find("Best fit: Route 2"), std::string::npos) << text(reply);
  EXPECT_NE(text(reply).find("master's degree, whose length the guide does not give"), std::string::npos);

  client.send_json({{"type", "reset"}});
  const auto fresh = client.read_json();
  EXPECT_EQ(fresh["type"], "welcome");
  EXPECT_EQ(fresh["session_id"], id);
  reply = say(client, "how long does that route take?");
  EXPECT_EQ(reply["explain"]["profile"].size(), 0u) << "reset forgets the profile";
}

TEST_F(SessionEndToEnd, KillNineLosesNothingOlderThanTheFlushInterval) {
  std::string id;
  {
    ServerProcess server(options());
    WsClient client(server.port());
    id = client.read_json()["session_id"];
    say(client, "am I eligible?");
    say(client, "I have a bachelor's in computer science");
    // Sessions reach the store within ~100 ms and are committed within 200 ms more; wait well past that.
    std::this_thread::sleep_for(std::chrono::milliseconds(800));
    server.kill9();
  }
  {
    SQLite::Database db(dir.file("sessions.db"), SQLite::OPEN_READONLY);
    EXPECT_EQ(db.execAndGet("PRAGMA integrity_check").getString(), "ok");
  }
  ServerProcess server(options());
  WsClient client(server.port(), WsOptions::at_path("/ws?session=" + id));
  const auto welcome = client.read_json();
  EXPECT_TRUE(welcome["resumed"].get<bool>());
  EXPECT_EQ(welcome["history"].size(), 2u);
  const auto reply = say(client, "no");
  EXPECT_EQ(reply["explain"]["profile"]["degree_field"], "computer_science") << reply.dump();
}

TEST_F(SessionEndToEnd, AdminEndpointsNeedTheTokenListUnansweredAndRefuseBadContent) {
  // Content in a scratch copy, so the test can break it.
  std::filesystem::copy(project_path("intents"), dir.path() / "intents",
                        std::filesystem::copy_options::recursive);
  std::filesystem::copy(project_path("knowledge"), dir.path() / "knowledge",
                        std::filesystem::copy_options::recursive);
  ServerProcess server(
      {dir.file("sessions.db"),
       dir.file("knowledge.db"),
       dir.file("intents"),
       dir.file("knowledge"),
       // The client does not read (or answer pings) while a reload runs, and a reload
       // under TSan on a busy CI machine takes longer than test.conf's 10 s idle_timeout.
       {"--admin-token", "s3cret-admin-token-for-tests-0123456789", "--idle-timeout", "300s"}});
  const std::vector<std::pair<std::string, std::string>> auth = {
      {"Authorization", "Bearer s3cret-admin-token-for-tests-0123456789"}};
  EXPECT_EQ(http_request(server.port(), "GET", "/api/v1/admin/unanswered").status, 401);
  EXPECT_EQ(
      http_request(server.port(), "GET", "/api/v1/admin/unanswered", {}, {{"Authorization", "Bearer nope"}})
          .status,
      401);

  WsClient client(server.port());
  client.read_json();
  say(client, "what is the meaning of quantum gravity");
  say(client, "what is the meaning of quantum gravity");
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  const auto unanswered = http_request(server.port(), "GET", "/api/v1/admin/unanswered?limit=5", {}, auth);
  ASSERT_EQ(unanswered.status, 200) << unanswered.body;
  const auto list = unanswered.json()["unanswered"];
  ASSERT_FALSE(list.empty());
  EXPECT_EQ(list[0]["text"], "what is the meaning of quantum gravity");
  EXPECT_EQ(list[0]["count"], 2);
  EXPECT_EQ(unanswered.body.find("session"), std::string::npos) << "no session ids are kept";

  // A broken intent file is refused with the lint's errors; the old content keeps answering.
  {
    std::ofstream broken(dir.path() / "intents" / "broken.intents.yaml");
    broken << "intents:\n  - name: broken\n    patterns:\n      - (unclosed\n";
  }
  const auto refused = http_request(server.port(), "POST", "/api/v1/admin/reload", {}, auth);
  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_NE(refused.body.find("broken.intents.yaml"), std::string::npos) << refused.body;
  EXPECT_EQ(say(client, "who hires in pune?")["intent"], "employers_india");

  std::filesystem::remove(dir.path() / "intents" / "broken.intents.yaml");
  const auto reloaded = http_request(server.port(), "POST", "/api/v1/admin/reload", {}, auth);
  EXPECT_EQ(reloaded.status, 200) << reloaded.body;
  EXPECT_EQ(say(client, "who hires in pune?")["intent"], "employers_india") << "connections survive a reload";
}

TEST_F(SessionEndToEnd, ReloadUnderLoadLosesNoReply) {
  ServerProcess server(options({"--admin-token", "s3cret-admin-token-for-tests-0123456789"}));
  WsClient client(server.port());
  client.read_json();
  std::atomic<bool> reloads_done{false};
  std::thread reloader([&] {
    for (int i = 0; i < 3; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      const auto r = http_request(server.port(), "POST", "/api/v1/admin/reload", {},
                                  {{"Authorization", "Bearer s3cret-admin-token-for-tests-0123456789"}});
      EXPECT_EQ(r.status, 200) << r.body;
    }
    reloads_done = true;
  });
  // Keep chatting for as long as the reloads take, so turns and swaps really overlap.
  int answered = 0;
  for (int id = 1; (id <= 300 || !reloads_done) && id <= 20000; ++id) {
    client.send_json(
        {{"type", "message"}, {"text", id % 2 ? "who hires in pune?" : "what is the salary?"}, {"id", id}});
    const auto reply = client.read_json();
    if (reply["type"] != "reply") {  // never return early: the reloader thread must be joined
      ADD_FAILURE() << reply.dump();
      break;
    }
    EXPECT_EQ(reply["reply_to"], id);
    EXPECT_NE(reply["intent"], "fallback");
    ++answered;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));  // stay under the test config's rate limit
  }
  reloader.join();
  EXPECT_GE(answered, 300);
}

TEST_F(SessionEndToEnd, AdminEndpointsAreOffWithoutAToken) {
  ServerProcess server(options());
  EXPECT_EQ(
      http_request(server.port(), "GET", "/api/v1/admin/unanswered", {}, {{"Authorization", "Bearer x"}})
          .status,
      404);
}

}  // namespace
}  // namespace careerbot::testing
