// Safeguarding end to end: the real server over a real WebSocket. A distress message gets the calm
// reply naming the helpline, the admin endpoint lists the flag, and the message text never reaches
// the server's log (even with --log-student-text true), the unanswered list or the replayed history.
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

#include "server_process.hpp"
#include "test_client.hpp"

namespace careerbot::testing {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

nlohmann::json say_with_id(WsClient& client, const std::string& text) {
  static int id = 0;
  client.send_json({{"type", "message"}, {"text", text}, {"id", ++id}});
  return client.read_json();
}

TEST(SafeguardingEndToEnd, FlaggedForACounsellorAndNeverLogged) {
  TempDir dir;
  build_knowledge_db(dir.file("knowledge.db"));
  const std::string log_file = dir.file("server.log");
  ServerProcess server({dir.file("sessions.db"),
                        dir.file("knowledge.db"),
                        "",
                        "",
                        {"--admin-token", "s3cret-admin-token-for-tests-0123456789", "--log-student-text",
                         "true", "--log-level", "info"}},
                       log_file);
  const std::vector<std::pair<std::string, std::string>> auth = {
      {"Authorization", "Bearer s3cret-admin-token-for-tests-0123456789"}};
  // Words no lexicon or speller knows, so a leak of the text in any form would show.
  const std::string distress = "I failed 12th, my life is over, qwzx vrelk";

  WsClient client(server.port());
  const auto welcome = client.read_json();
  const std::string session = welcome["session_id"];
  const auto ordinary = say_with_id(client, "Which companies hire in India?");
  EXPECT_EQ(ordinary["intent"], "employers_india");
  const auto reply = say_with_id(client, distress);
  EXPECT_EQ(reply["type"], "reply") << reply.dump();
  EXPECT_EQ(reply["intent"], "safeguarding") << reply.dump();
  const std::string text = reply["text"];
  EXPECT_NE(text.find("14416"), std::string::npos) << text;
  EXPECT_NE(text.find("24x7"), std::string::npos) << text;
  EXPECT_NE(text.find("counsellor"), std::string::npos) << text;
  say_with_id(client,
              "what is the meaning of quantum gravity");  // an unanswered question, so the list is not empty

  // The counsellor's view: token required, then the flag with what is needed to follow up.
  EXPECT_EQ(http_request(server.port(), "GET", "/api/v1/admin/flagged").status, 401);
  // Flags and unanswered questions are written by background writers (the reply never waits on
  // storage): poll for them, with a deadline, instead of guessing how long a loaded machine needs.
  const auto poll = [&](const std::string& path, const auto& ready) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    auto response = http_request(server.port(), "GET", path, {}, auth);
    while (!ready(response) && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      response = http_request(server.port(), "GET", path, {}, auth);
    }
    return response;
  };
  const auto flagged = poll("/api/v1/admin/flagged",
                            [](const auto& r) { return r.status == 200 && !r.json()["flagged"].empty(); });
  ASSERT_EQ(flagged.status, 200) << flagged.body;
  const auto list = flagged.json()["flagged"];
  ASSERT_EQ(list.size(), 1u) << flagged.body;
  EXPECT_EQ(list[0]["session_id"], session);
  EXPECT_EQ(list[0]["category"], "results_crisis");
  EXPECT_EQ(list[0]["message"], distress);
  EXPECT_FALSE(list[0]["time"].get<std::string>().empty());

  const auto unanswered = poll("/api/v1/admin/unanswered", [](const auto& r) {
    return r.status == 200 && r.body.find("quantum gravity") != std::string::npos;
  });
  ASSERT_EQ(unanswered.status, 200);
  EXPECT_NE(unanswered.body.find("quantum gravity"), std::string::npos) << unanswered.body;
  EXPECT_EQ(unanswered.body.find("qwzx"), std::string::npos) << unanswered.body;
  EXPECT_EQ(unanswered.body.find("life is over"), std::string::npos) << unanswered.body;

  // A resumed session replays a placeholder, not the message.
  WsClient again(server.port(), WsOptions::at_path("/ws?session=" + session));
  const auto resumed = again.read_json();
  ASSERT_TRUE(resumed["resumed"].get<bool>()) << resumed.dump();
  const std::string history = resumed["history"].dump();
  EXPECT_EQ(history.find("qwzx"), std::string::npos) << history;
  EXPECT_NE(history.find("[message withheld: safeguarding]"), std::string::npos) << history;

  // Closing the flag takes it off the list.
  const std::string id = std::to_string(list[0]["id"].get<long long>());
  EXPECT_EQ(http_request(server.port(), "POST", "/api/v1/admin/flagged/close?id=" + id, {}, auth).status,
            200);
  EXPECT_EQ(http_request(server.port(), "POST", "/api/v1/admin/flagged/close?id=" + id, {}, auth).status,
            404);
  EXPECT_TRUE(
      http_request(server.port(), "GET", "/api/v1/admin/flagged", {}, auth).json()["flagged"].empty());

  client.close();
  again.close();
  EXPECT_EQ(server.stop(), 0);
  const std::string log = read_file(log_file);
  // Text logging is really on (an ordinary message is logged), and the flagged turn is logged without it.
  EXPECT_NE(log.find("Which companies hire in India?"), std::string::npos) << log;
  EXPECT_NE(log.find("\"safeguarding\""), std::string::npos) << log;
  EXPECT_EQ(log.find("qwzx"), std::string::npos) << log;
  EXPECT_EQ(log.find("life is over"), std::string::npos) << log;
}

}  // namespace
}  // namespace careerbot::testing
