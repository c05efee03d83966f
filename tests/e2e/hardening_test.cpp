// Issue 17 hardening, end to end on the real server: connecting stores nothing (a session is made by
// its first message, under the id its welcome gave); a session store that fails at shutdown gives a
// clear log line and exit 1, not std::terminate; logs name sessions by a short hash, never the id.
#include <fstream>
#include <iterator>

#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>

#include "server_process.hpp"
#include "test_client.hpp"

namespace careerbot::testing {
namespace {

long long rows(const std::string& db_path) {
  SQLite::Database db(db_path, SQLite::OPEN_READONLY);
  return db.execAndGet("SELECT COUNT(*) FROM sessions").getInt64();
}

TEST(HardeningEndToEnd, ConnectsWithoutMessagesStoreNoSession) {
  TempDir dir;
  build_knowledge_db(dir.file("knowledge.db"));
  const std::string sessions = dir.file("sessions.db");
  std::string first_id;
  {
    ServerProcess server({sessions, dir.file("knowledge.db"), "", "", {}});
    for (int i = 0; i < 200; ++i) {
      WsClient client(server.port());
      const auto welcome = client.read_json();
      ASSERT_EQ(welcome["type"], "welcome");
      ASSERT_FALSE(welcome["session_id"].get<std::string>().empty());
      client.close();
    }
    // A connection that does send a message gets its session stored under the welcome's id.
    WsClient talker(server.port());
    first_id = talker.read_json()["session_id"];
    talker.send_json({{"type", "message"}, {"text", "Which companies hire in India?"}});
    EXPECT_EQ(talker.read_json()["type"], "reply");
    talker.close();
    EXPECT_EQ(server.stop(), 0);  // a graceful stop flushes every session
  }
  EXPECT_EQ(rows(sessions), 1);
  SQLite::Database db(sessions, SQLite::OPEN_READONLY);
  EXPECT_EQ(db.execAndGet("SELECT id FROM sessions").getString(), first_id);

  // After a restart the stored one resumes; an id that was only welcomed is not adopted.
  ServerProcess again({sessions, dir.file("knowledge.db"), "", "", {}});
  WsClient resumed(again.port(), WsOptions::at_path("/ws?session=" + first_id));
  const auto welcome = resumed.read_json();
  EXPECT_TRUE(welcome["resumed"].get<bool>()) << welcome.dump();
  EXPECT_EQ(welcome["history"].size(), 1u);
}

TEST(HardeningEndToEnd, AStoreFailingAtShutdownIsReportedNotATerminateAndLogsHoldNoSessionId) {
  TempDir dir;
  build_knowledge_db(dir.file("knowledge.db"));
  const std::string log_file = dir.file("server.log");
  ServerProcess server({dir.file("sessions.db"), dir.file("knowledge.db"), "", "", {"--log-level", "debug"}},
                       log_file);
  WsClient client(server.port());
  const std::string id = client.read_json()["session_id"];
  client.send_json({{"type", "message"}, {"text", "Which companies hire in India?"}});
  EXPECT_EQ(client.read_json()["type"], "reply");
  // The disk goes bad under the server (here: its table disappears), then one more turn to save.
  {
    SQLite::Database db(dir.file("sessions.db"), SQLite::OPEN_READWRITE);
    db.setBusyTimeout(10000);
    db.exec("DROP TABLE sessions");
  }
  client.send_json({{"type", "message"}, {"text", "who hires in pune?"}});
  EXPECT_EQ(client.read_json()["type"], "reply");
  client.close();

  EXPECT_EQ(server.stop(), 1) << "a clean exit 1, not an abort (-1)";
  const std::string log = read_all(log_file);
  EXPECT_NE(log.find("\"sessions_not_saved\""), std::string::npos) << log;
  EXPECT_EQ(log.find("terminate"), std::string::npos) << log;
  // Turns were logged, naming their session only by a short hash.
  EXPECT_NE(log.find("\"event\":\"turn\""), std::string::npos) << log;
  EXPECT_EQ(log.find(id), std::string::npos) << "the session id leaked into the log:\n" << log;
}

}  // namespace
}  // namespace careerbot::testing
