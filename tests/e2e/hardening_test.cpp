// Issue 17 hardening, end to end on the real server: connecting stores nothing (a session is made by
// its first message, under the id its welcome gave).
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

}  // namespace
}  // namespace careerbot::testing
