// kill -9 under load: several students in guided conversations, the server killed mid-load and
// restarted on the same sessions database. The file must pass SQLite's integrity check, and every
// conversation must resume with every turn older than the stated durability window (README: a crash
// loses at most the last ~300 ms of turns), in order, with nothing invented. No timing assertion:
// the turns checked are made older than the window by pausing well past it before the load starts.
#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "server_process.hpp"
#include "test_client.hpp"

namespace careerbot::testing {
namespace {

using namespace std::chrono_literals;

constexpr int kStudents = 4;
constexpr int kMaxLoadTurns = 80;  // per student; history is raised to hold every turn
// Far past the ~300 ms window, so the durable turns are committed even on a stalled CI machine.
constexpr auto kPastTheWindow = 1500ms;

struct Student {
  std::string address;
  std::string session_id;
  std::vector<std::string> durable;    // turns answered before the pause: must all survive
  std::vector<std::string> load_sent;  // turns sent under load: any prefix may survive
  std::atomic<int> load_answered{0};
};

nlohmann::json say_explained(WsClient& client, const std::string& text) {
  client.send_json({{"type", "message"}, {"text", text}, {"explain", true}});
  return client.read_json(30s);
}

// Chats until the server dies (or kMaxLoadTurns): neutral questions that leave the profile alone.
void chat_under_load(WsClient& client, Student& student) {
  try {
    for (int i = 0; i < kMaxLoadTurns; ++i) {
      const std::string text = "which companies hire in pune? (" + std::to_string(i) + ")";
      student.load_sent.push_back(text);
      const auto reply = say_explained(client, text);
      if (reply.at("type") != "reply") break;
      student.load_answered.fetch_add(1);
      std::this_thread::sleep_for(2ms);  // stay under the test config's message rate
    }
  } catch (const std::exception&) {
    // the server was killed mid-turn: expected
  }
}

TEST(CrashEndToEnd, KillNineUnderLoadKeepsTheDatabaseIntactAndEveryTurnOlderThanTheWindow) {
  TempDir dir;
  build_knowledge_db(dir.file("knowledge.db"));
  const ServerOptions options{
      dir.file("sessions.db"), dir.file("knowledge.db"), "", "", {"--history-turns", "200"}};
  std::vector<Student> students(kStudents);
  {
    ServerProcess server(options);
    std::vector<std::unique_ptr<WsClient>> clients;
    for (int i = 0; i < kStudents; ++i) {
      auto& s = students[static_cast<std::size_t>(i)];
      s.address = "127.0.0." + std::to_string(30 + i);
      clients.push_back(std::make_unique<WsClient>(server.port(), WsOptions::from_address(s.address)));
      s.session_id = clients.back()->read_json()["session_id"];
      // A guided plan under way: the planner asks, the student's answer fills the profile.
      for (const std::string text : {"am I eligible?", "I have a bachelor's in computer science"}) {
        ASSERT_EQ(say_explained(*clients.back(), text)["type"], "reply");
        s.durable.push_back(text);
      }
    }
    std::this_thread::sleep_for(kPastTheWindow);

    std::vector<std::thread> load;
    for (int i = 0; i < kStudents; ++i) {
      load.emplace_back(chat_under_load, std::ref(*clients[static_cast<std::size_t>(i)]),
                        std::ref(students[static_cast<std::size_t>(i)]));
    }
    // Kill once every student is mid-conversation (a few turns in, with more to come).
    const auto give_up = std::chrono::steady_clock::now() + 120s;
    auto all_busy = [&] {
      for (const auto& s : students)
        if (s.load_answered.load() < 3) return false;
      return true;
    };
    while (!all_busy() && std::chrono::steady_clock::now() < give_up) std::this_thread::sleep_for(1ms);
    server.kill9();
    for (auto& t : load) t.join();
    for (const auto& s : students) {
      EXPECT_GE(s.load_answered.load(), 3) << s.address << " never got going";
      EXPECT_LT(s.load_answered.load(), kMaxLoadTurns) << s.address << " finished before the kill";
    }
  }

  {
    SQLite::Database db(dir.file("sessions.db"), SQLite::OPEN_READONLY);
    EXPECT_EQ(db.execAndGet("PRAGMA integrity_check").getString(), "ok");
  }

  ServerProcess server(options);
  for (const auto& s : students) {
    SCOPED_TRACE(s.address);
    WsClient client(server.port(), WsOptions{"/ws?session=" + s.session_id, "", s.address, {}});
    const auto welcome = client.read_json();
    ASSERT_TRUE(welcome["resumed"].get<bool>()) << welcome.dump();
    const auto& history = welcome["history"];
    ASSERT_GE(history.size(), s.durable.size()) << welcome.dump();
    // The durable turns first, then a prefix of the turns sent under load: no gap, nothing invented.
    ASSERT_LE(history.size(), s.durable.size() + s.load_sent.size()) << welcome.dump();
    for (std::size_t i = 0; i < history.size(); ++i) {
      const std::string expected = i < s.durable.size() ? s.durable[i] : s.load_sent[i - s.durable.size()];
      EXPECT_EQ(history[i]["user"], expected) << "turn " << i;
    }
    // The conversation goes on where it was: the profile from the plan is still there.
    const auto reply = say_explained(client, "which companies hire in pune?");
    EXPECT_EQ(reply["explain"]["profile"]["degree_field"], "computer_science") << reply.dump();
  }
}

}  // namespace
}  // namespace careerbot::testing
