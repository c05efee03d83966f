// Sessions leave memory after memory_idle and come back from the store on their next message: memory
// follows the students chatting now, and no turn is lost when a release races a turn.

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "content_fixture.hpp"
#include "dialog/chatbot.hpp"
#include "store/sqlite_session_store.hpp"

namespace careerbot::dialog {
namespace {

using namespace std::chrono_literals;

class ChatbotMemory : public ::testing::Test {
 protected:
  ChatbotMemory()
      : dir_(std::filesystem::temp_directory_path() /
             ("careerbot-memory-" + std::to_string(::getpid()) + "-" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name())),
        store_((std::filesystem::create_directories(dir_), dir_ / "sessions.db")) {}
  ~ChatbotMemory() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  static ChatbotOptions released_at_once() {
    ChatbotOptions options;
    options.history_turns = 1000;  // every turn stays countable
    options.memory_idle = 0s;      // every session not in a turn is released by expire_idle
    return options;
  }
  std::filesystem::path dir_;
  store::SqliteSessionStore store_;
};

TEST_F(ChatbotMemory, AReleasedSessionResumesFromTheStoreWithItsContext) {
  Chatbot bot(testing::project_content(), store_, released_at_once());
  const std::string id = bot.open("").session_id;
  bot.handle(id, "what does an ML specialist do?");
  bot.handle(id, "am I eligible?");
  ASSERT_EQ(bot.live_sessions(), 1u);

  EXPECT_EQ(bot.expire_idle(), 0u);  // released from memory, not expired from the store
  EXPECT_EQ(bot.live_sessions(), 0u);

  const Welcome resumed = bot.open(id);
  EXPECT_TRUE(resumed.resumed);
  ASSERT_EQ(resumed.history.size(), 2u);
  EXPECT_EQ(resumed.history[1].user, "am I eligible?");
  EXPECT_EQ(bot.live_sessions(), 1u);
  // The guided plan it was in is still there: the next answer is taken as the plan's answer.
  const Reply next = bot.handle(id, "I am in class 12");
  EXPECT_NE(next.intent, "fallback") << next.text;
}

TEST_F(ChatbotMemory, StoredSessionsBeyondTheCapAreEvictedAndCountedForMetrics) {
  ChatbotOptions options = released_at_once();
  options.max_stored_sessions = 2;
  Chatbot bot(testing::project_content(), store_, options);
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) {
    ids.push_back(bot.open("").session_id);
    bot.handle(ids.back(), "Which companies hire in India?");
  }
  EXPECT_EQ(bot.stored_sessions(), -1) << "not counted before the first expiry run";
  EXPECT_EQ(bot.expire_idle(), 3u);
  // What careerbot_sessions_evicted_total, _expired_total and careerbot_sessions_stored report.
  EXPECT_EQ(bot.evicted_sessions(), 3u);
  EXPECT_EQ(bot.expired_sessions(), 0u);
  EXPECT_EQ(bot.stored_sessions(), 2);
  EXPECT_EQ(store_.count(), 2u);
  int resumed = 0;
  for (const auto& id : ids) resumed += bot.open(id).resumed ? 1 : 0;
  EXPECT_EQ(resumed, 2);
}

TEST_F(ChatbotMemory, ReleasesRacingTurnsLoseNoTurn) {
  Chatbot bot(testing::project_content(), store_, released_at_once());
  constexpr int kStudents = 4;
  constexpr int kTurns = 60;
  std::vector<std::string> ids;
  for (int i = 0; i < kStudents; ++i) ids.push_back(bot.open("").session_id);

  std::atomic<bool> done{false};
  std::thread janitor([&] {
    while (!done.load()) bot.expire_idle();  // releases whatever is not in a turn right now
  });
  std::vector<std::thread> students;
  for (int i = 0; i < kStudents; ++i)
    students.emplace_back([&, i] {
      for (int t = 0; t < kTurns; ++t) bot.handle(ids[i], "what is the salary? " + std::to_string(t));
    });
  for (auto& s : students) s.join();
  done = true;
  janitor.join();

  for (const auto& id : ids) {
    const Welcome resumed = bot.open(id);
    ASSERT_EQ(resumed.history.size(), static_cast<std::size_t>(kTurns)) << id;
    for (int t = 0; t < kTurns; ++t)
      EXPECT_EQ(resumed.history[t].user, "what is the salary? " + std::to_string(t));
  }
}

}  // namespace
}  // namespace careerbot::dialog
