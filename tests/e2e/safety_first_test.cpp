// Safety does not depend on storage or on a broken file: a distress message is answered with the helpline and
// flagged for a counsellor even when the session store (Redis) is down, and even when flags.db is locked (the
// flag is retried, counted in /metrics and written once the lock goes). A safeguarding file that would give a
// crisis the wrong reply stops the start and is refused by a SIGHUP reload.
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>

#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>

#include "redis_server.hpp"
#include "server_process.hpp"
#include "test_client.hpp"

namespace careerbot::testing {
namespace {

const std::vector<std::pair<std::string, std::string>> kAuth = {
    {"Authorization", "Bearer s3cret-admin-token-for-tests-0123456789"}};
// Words no lexicon knows, so the message is recognisable in the flag.
const std::string kDistress = "I failed 12th, my life is over, qwzx vrelk";

template <class Condition>
bool eventually(Condition done) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!done()) {
    if (std::chrono::steady_clock::now() > give_up) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

nlohmann::json flagged(unsigned short port) {
  const auto result = http_request(port, "GET", "/api/v1/admin/flagged", {}, kAuth);
  EXPECT_EQ(result.status, 200) << result.body;
  return result.json()["flagged"];
}

long metric(unsigned short port, const std::string& name) {
  const auto body = http_get(port, "/metrics").body;
  const auto at = body.find("\n" + name + " ");
  if (at == std::string::npos) return -1;
  return std::stol(body.substr(at + name.size() + 2));
}

nlohmann::json say(WsClient& client, const std::string& text) {
  client.send_json({{"type", "message"}, {"text", text}});
  return client.read_json(std::chrono::seconds(30));
}

TEST(SafetyFirst, RedisDownStillGetsTheHelplineAndTheFlag) {
  if (!RedisServer::available()) GTEST_SKIP() << "redis-server is not installed";
  TempDir dir;
  build_knowledge_db(dir.file("knowledge.db"));
  RedisServer redis;
  ServerProcess server(
      {dir.file("sessions.db"),
       dir.file("knowledge.db"),
       "",
       "",
       {"--session-store", "redis", "--redis-port", std::to_string(redis.port()), "--redis-timeout", "2s",
        "--admin-token", "s3cret-admin-token-for-tests-0123456789"}},
      dir.file("server.log"));
  WsClient client(server.port());
  const std::string session = client.read_json()["session_id"];

  redis.stop();
  const auto reply = say(client, kDistress);
  EXPECT_EQ(reply["type"], "reply") << reply.dump();
  EXPECT_EQ(reply["intent"], "safeguarding") << reply.dump();
  EXPECT_NE(reply.value("text", "").find("14416"), std::string::npos) << reply.dump();
  // The store really is down: an ordinary message cannot be answered.
  const auto ordinary = say(client, "Which companies hire in India?");
  EXPECT_EQ(ordinary["code"], "unavailable") << ordinary.dump();

  ASSERT_TRUE(eventually([&] { return flagged(server.port()).size() == 1; }));
  const auto flag = flagged(server.port())[0];
  EXPECT_EQ(flag["session_id"], session);
  EXPECT_EQ(flag["category"], "results_crisis");
  EXPECT_EQ(flag["message"], kDistress);

  // Redis back: the safeguarding turn's placeholder joins the session's history (retried meanwhile).
  redis.start();
  EXPECT_TRUE(eventually([&] {
    WsClient again(server.port(), WsOptions::at_path("/ws?session=" + session));
    const auto welcome = again.read_json();
    return welcome.value("resumed", false) &&
           welcome["history"].dump().find("[message withheld: safeguarding]") != std::string::npos;
  }));
  EXPECT_EQ(server.stop(), 0);
}

TEST(SafetyFirst, ALockedFlagsDatabaseDelaysTheFlagNotTheReply) {
  TempDir dir;
  build_knowledge_db(dir.file("knowledge.db"));
  ServerProcess server({dir.file("sessions.db"),
                        dir.file("knowledge.db"),
                        "",
                        "",
                        {"--admin-token", "s3cret-admin-token-for-tests-0123456789"}},
                       dir.file("server.log"));
  WsClient client(server.port());
  client.read_json();
  {
    // A backup or a counsellor's tool holding the write lock longer than the busy timeout.
    SQLite::Database holder(dir.file("flags.db"), SQLite::OPEN_READWRITE);
    holder.exec("BEGIN EXCLUSIVE");
    const auto reply = say(client, kDistress);
    EXPECT_EQ(reply["intent"], "safeguarding") << reply.dump();
    EXPECT_NE(reply.value("text", "").find("14416"), std::string::npos) << reply.dump();
    ASSERT_TRUE(
        eventually([&] { return metric(server.port(), "careerbot_flag_write_failures_total") >= 1; }));
    EXPECT_EQ(metric(server.port(), "careerbot_flags_pending"), 1);
    holder.exec("ROLLBACK");
  }
  ASSERT_TRUE(eventually([&] { return flagged(server.port()).size() == 1; }));
  EXPECT_EQ(flagged(server.port())[0]["message"], kDistress);
  EXPECT_EQ(metric(server.port(), "careerbot_flags_pending"), 0);
  EXPECT_EQ(metric(server.port(), "careerbot_flags_lost_total"), 0);
  EXPECT_EQ(server.stop(), 0);
}

}  // namespace
}  // namespace careerbot::testing

namespace careerbot::testing {
namespace {

// A copy of the project's intents/ whose safeguarding file a counsellor has broken: a new self_harm
// pattern catches results-crisis examples, so those students would get the wrong reply.
void copy_intents_with_broken_safeguarding(const std::filesystem::path& to, bool broken) {
  std::filesystem::remove_all(to);
  std::filesystem::copy(project_path("intents"), to, std::filesystem::copy_options::recursive);
  if (!broken) return;
  const auto file = (to / "safeguarding.yaml").string();
  std::ifstream in(file);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string anchor = "      - \\bsuicid\n";
  const auto at = text.find(anchor);
  ASSERT_NE(at, std::string::npos);
  text.insert(at + anchor.size(), "      - \\bmy life is over\\b\n");
  std::ofstream(file, std::ios::trunc) << text;
}

TEST(SafeguardingContent, ABrokenFileStopsTheStartWithAClearMessage) {
  TempDir dir;
  build_knowledge_db(dir.file("knowledge.db"));
  copy_intents_with_broken_safeguarding(dir.path() / "intents", true);
  // `timeout`: a server that starts anyway would serve until killed (exit 124).
  const std::string command = "timeout 30 '" + std::string(CAREERBOT_SERVER_BIN) + "' --config '" +
                              project_path("config/test.conf") + "' --port 0 --sessions-db '" +
                              dir.file("sessions.db") + "' --knowledge-db '" + dir.file("knowledge.db") +
                              "' --intents-dir '" + dir.file("intents") + "' > '" + dir.file("out.log") +
                              "' 2> '" + dir.file("err.log") + "'";
  const int status = std::system(command.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 1);
  const std::string err = read_all(dir.file("err.log"));
  EXPECT_NE(err.find("cannot start: safeguarding content has"), std::string::npos) << err;
  EXPECT_NE(err.find("safeguarding.yaml:"), std::string::npos) << err;
  EXPECT_NE(err.find("example triggers 'self_harm', not 'results_crisis'"), std::string::npos) << err;
  EXPECT_EQ(read_all(dir.file("out.log")).find("listening on"), std::string::npos);
}

TEST(SafeguardingContent, ABrokenFileIsRefusedOnSighupAndTheOldOneStaysLive) {
  TempDir dir;
  build_knowledge_db(dir.file("knowledge.db"));
  copy_intents_with_broken_safeguarding(dir.path() / "intents", false);
  ServerProcess server({dir.file("sessions.db"),
                        dir.file("knowledge.db"),
                        dir.file("intents"),
                        "",
                        {"--admin-token", "s3cret-admin-token-for-tests-0123456789"}},
                       dir.file("server.log"));
  copy_intents_with_broken_safeguarding(dir.path() / "intents", true);
  server.signal(SIGHUP);
  ASSERT_TRUE(eventually([&] {
    return read_all(dir.file("server.log")).find("\"event\":\"content_reload_refused\"") != std::string::npos;
  }));
  EXPECT_NE(read_all(dir.file("server.log")).find("example triggers 'self_harm', not 'results_crisis'"),
            std::string::npos);
  // The previous safeguarding content still answers: a results crisis, not self-harm.
  WsClient client(server.port());
  client.read_json();
  const auto reply = say(client, kDistress);
  EXPECT_EQ(reply["intent"], "safeguarding") << reply.dump();
  ASSERT_TRUE(eventually([&] { return flagged(server.port()).size() == 1; }));
  EXPECT_EQ(flagged(server.port())[0]["category"], "results_crisis");
  EXPECT_EQ(server.stop(), 0);
}

}  // namespace
}  // namespace careerbot::testing
