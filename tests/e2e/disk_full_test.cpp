// A full disk, end to end on the real server (issue 17). The sessions database gets a 1 MB quota
// (--sessions-db-max-mb, SQLite's max_page_count: writes past it fail with SQLITE_FULL exactly as on a
// full disk), and another program's data takes that room while five conversations are going. Then:
// /readyz turns 503 naming the session store; a new conversation is refused with a clear
// `unavailable` error (REST and WebSocket) while the five going ones are still answered; a crisis
// message still gets the helpline; memory stays bounded (the store's unsaved sessions at
// --sessions-max-unsaved, no refused conversation held); the failure log lines back off. When the
// room comes back the server is ready again and writes every turn it took meanwhile.
#include <chrono>
#include <cstdint>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>

#include "server_process.hpp"
#include "test_client.hpp"

namespace careerbot::testing {
namespace {

constexpr int kGoing = 5;          // conversations going when the disk fills
constexpr long kUnsavedBound = 3;  // --sessions-max-unsaved: fewer than the conversations going
const std::string kRefused =
    "new conversations cannot be started right now; please try again in a few minutes";

template <class Condition>
bool eventually(Condition done) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(90);
  while (!done()) {
    if (std::chrono::steady_clock::now() > give_up) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return true;
}

long metric(unsigned short port, const std::string& name) {
  const auto body = http_get(port, "/metrics").body;
  const auto at = body.find("\n" + name + " ");
  if (at == std::string::npos) return -1;
  return std::stol(body.substr(at + name.size() + 2));
}

HttpResult chat(unsigned short port, const std::string& session_id, const std::string& text) {
  nlohmann::json body = {{"text", text}};
  if (!session_id.empty()) body["session_id"] = session_id;
  return http_post_json(port, "/api/v1/chat", body.dump());
}

// A long message: its history line needs room the full disk no longer has.
std::string long_question() {
  std::string text;
  while (text.size() < 3000) text += "Which companies hire machine learning specialists in India? ";
  return text;
}

// Another program's data takes the disk's room: a table that grows the file past the server's quota.
void fill_the_disk(const std::string& sessions_db) {
  SQLite::Database other(sessions_db, SQLite::OPEN_READWRITE);
  other.setBusyTimeout(10'000);
  other.exec("CREATE TABLE filler (blob BLOB)");
  other.exec("INSERT INTO filler VALUES (zeroblob(1100000))");
}

void free_the_disk(const std::string& sessions_db) {
  SQLite::Database other(sessions_db, SQLite::OPEN_READWRITE);
  other.setBusyTimeout(10'000);
  other.exec("DROP TABLE filler");
  // VACUUM shrinks the file back: the freed pages lie past the quota, where SQLite allocates none.
  other.exec("VACUUM");
}

// The log lines of one event and the occurrences they report (`count_field` of each line summed).
struct LoggedEvent {
  std::size_t lines = 0;
  std::uint64_t reported = 0;
};

LoggedEvent logged(const std::string& log_file, const std::string& event, const std::string& count_field) {
  LoggedEvent found;
  std::ifstream in(log_file);
  for (std::string line; std::getline(in, line);) {
    const auto parsed = nlohmann::json::parse(line, nullptr, false);
    if (!parsed.is_object() || parsed.value("event", "") != event) continue;
    ++found.lines;
    found.reported += parsed.value(count_field, std::uint64_t{0});
  }
  return found;
}

TEST(DiskFull, NotReadyNewConversationsRefusedGoingOnesAnsweredMemoryBoundedLogBacksOff) {
  TempDir dir;
  build_knowledge_db(dir.file("knowledge.db"));
  const std::string sessions = dir.file("sessions.db");
  const std::string log = dir.file("server.log");
  ServerProcess server({sessions,
                        dir.file("knowledge.db"),
                        "",
                        "",
                        {"--sessions-db-max-mb", "1", "--sessions-max-unsaved", std::to_string(kUnsavedBound),
                         "--ip-rate", "1000", "--ip-burst", "1000"}},
                       log);
  const unsigned short port = server.port();
  std::vector<std::string> going;
  for (int i = 0; i < kGoing; ++i) {
    const auto started = chat(port, "", "Which companies hire in India?");
    ASSERT_EQ(started.status, 200) << started.body;
    going.push_back(started.json()["session_id"]);
  }
  ASSERT_EQ(http_get(port, "/readyz").status, 200);

  fill_the_disk(sessions);
  for (const auto& id : going) {
    const auto answered = chat(port, id, long_question());
    ASSERT_EQ(answered.status, 200) << answered.body;
  }

  // 1. Not ready, naming the session store and what is wrong.
  ASSERT_TRUE(eventually([&] { return http_get(port, "/readyz").status == 503; }));
  const auto readyz = http_get(port, "/readyz").json();
  EXPECT_EQ(readyz["error"]["code"], "unavailable");
  EXPECT_EQ(readyz["error"]["message"].get<std::string>().rfind("not ready: session_store: ", 0), 0u)
      << readyz.dump();
  EXPECT_EQ(readyz["checks"]["session_store"]["ok"], false);
  EXPECT_NE(readyz["checks"]["session_store"]["detail"].get<std::string>().find("database or disk is full"),
            std::string::npos)
      << readyz.dump();

  // 2. A new conversation is refused with a clear error, over REST and over a WebSocket.
  constexpr int kRefusals = 30;
  for (int i = 0; i < kRefusals; ++i) {
    const auto refused = chat(port, "", "Which companies hire in India?");
    ASSERT_EQ(refused.status, 503) << refused.body;
    EXPECT_EQ(refused.json()["error"]["code"], "unavailable");
    EXPECT_EQ(refused.json()["error"]["message"], kRefused);
  }
  WsClient client(port);
  EXPECT_EQ(client.read_json()["type"], "welcome");
  client.send_json({{"type", "message"}, {"text", "Which companies hire in India?"}});
  const auto frame = client.read_json(std::chrono::seconds(30));
  EXPECT_EQ(frame["type"], "error") << frame.dump();
  EXPECT_EQ(frame["code"], "unavailable") << frame.dump();
  EXPECT_EQ(frame["message"], kRefused) << frame.dump();

  // 3. Safety never waits on storage: a crisis in a new conversation gets the helpline.
  const auto crisis = chat(port, "", "I want to kill myself");
  ASSERT_EQ(crisis.status, 200) << crisis.body;
  EXPECT_EQ(crisis.json()["reply"]["intent"], "safeguarding");
  EXPECT_NE(crisis.json()["reply"]["text"].get<std::string>().find("14416"), std::string::npos)
      << crisis.body;
  client.send_json({{"type", "message"}, {"text", "I want to kill myself"}});
  const auto ws_crisis = client.read_json(std::chrono::seconds(30));
  EXPECT_EQ(ws_crisis["intent"], "safeguarding") << ws_crisis.dump();
  client.close();

  // 4. The conversations already going are still answered.
  for (const auto& id : going) {
    const auto answered = chat(port, id, "who hires in Pune?");
    ASSERT_EQ(answered.status, 200) << answered.body;
    EXPECT_EQ(answered.json()["session_id"], id);
  }

  // 5. Memory stays bounded: the store holds its bound of unsaved sessions (the other going
  // conversations wait as the chatbot's own), and no refused conversation is held.
  EXPECT_EQ(metric(port, "careerbot_sessions_unsaved"), kUnsavedBound);
  EXPECT_EQ(metric(port, "careerbot_active_sessions"), kGoing);

  // 6. Many failed write attempts (one per 200 ms), for the log to back off over.
  ASSERT_TRUE(eventually([&] { return metric(port, "careerbot_session_store_write_failures_total") >= 25; }));

  // The room comes back: ready again, new conversations start, and every turn taken meanwhile is written.
  free_the_disk(sessions);
  ASSERT_TRUE(eventually([&] { return http_get(port, "/readyz").status == 200; }));
  const long failures = metric(port, "careerbot_session_store_write_failures_total");
  EXPECT_EQ(chat(port, "", "Which companies hire in India?").status, 200);
  EXPECT_EQ(server.stop(), 0);
  SQLite::Database db(sessions, SQLite::OPEN_READONLY);
  for (const auto& id : going) {
    SQLite::Statement state(db, "SELECT state FROM sessions WHERE id = ?");
    state.bind(1, id);
    ASSERT_TRUE(state.executeStep()) << "session not written";
    EXPECT_NE(state.getColumn(0).getString().find("who hires in Pune?"), std::string::npos);
  }

  // The log backs off: each failing path wrote its first occurrence at once, and every later line
  // stands for several occurrences (without the backoff: one line per occurrence).
  const auto write_failed = logged(log, "session_store_write_failed", "attempts");
  ASSERT_GE(write_failed.lines, 1u);
  EXPECT_LE(write_failed.lines * 5, static_cast<std::uint64_t>(failures))
      << write_failed.lines << " lines for " << failures << " failed writes";
  EXPECT_LE(write_failed.reported, static_cast<std::uint64_t>(failures));
  const auto unavailable = logged(log, "store_unavailable", "errors");
  ASSERT_GE(unavailable.lines, 1u);
  EXPECT_LE(unavailable.lines * 3, std::size_t{kRefusals + 1})
      << unavailable.lines << " lines for " << kRefusals + 1 << " refused conversations";
  const auto save_failed = logged(log, "sessions_save_failed", "rounds");
  ASSERT_GE(save_failed.lines, 1u) << "the chatbot's saves beyond the store's bound were refused";
  EXPECT_GE(save_failed.reported, 5 * (save_failed.lines - 1))
      << save_failed.lines << " lines for " << save_failed.reported << " failed rounds";
  EXPECT_EQ(logged(log, "session_store_write_recovered", "failed_attempts").lines, 1u);
}

}  // namespace
}  // namespace careerbot::testing
