// The chatbot over a session store whose disk is full (issue 17): conversations already going are
// answered from memory, a new conversation is refused (SessionRefusedError, which channels answer as
// "unavailable"), a crisis message still gets the helpline, memory holds no refused session, and
// everything is written once the disk has room again.
#include <unistd.h>

#include <filesystem>
#include <string>

#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>

#include "content_fixture.hpp"
#include "dialog/chatbot.hpp"
#include "store/sqlite_session_store.hpp"

namespace careerbot::dialog {
namespace {

using namespace std::chrono_literals;
using store::SessionRefusedError;
using store::SessionStoreError;
using store::SqliteSessionStore;

class ChatbotFullStore : public ::testing::Test {
 protected:
  ChatbotFullStore()
      : dir_(std::filesystem::temp_directory_path() /
             ("careerbot-full-" + std::to_string(::getpid()) + "-" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name())),
        store_((std::filesystem::create_directories(dir_), dir_ / "sessions.db"),
               {.flush_interval = 20ms, .max_db_bytes = 1024 * 1024}) {}
  ~ChatbotFullStore() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  // Another program takes the disk's room (here: a table growing the file past the store's quota).
  void fill_the_disk() {
    SQLite::Database other((dir_ / "sessions.db").string(), SQLite::OPEN_READWRITE);
    other.setBusyTimeout(10'000);
    other.exec("CREATE TABLE filler (blob BLOB)");
    other.exec("INSERT INTO filler VALUES (zeroblob(1100000))");
  }
  void free_the_disk() {
    SQLite::Database other((dir_ / "sessions.db").string(), SQLite::OPEN_READWRITE);
    other.setBusyTimeout(10'000);
    other.exec("DROP TABLE filler");
    // VACUUM shrinks the file back: the freed pages lie past the quota, where SQLite allocates none.
    other.exec("VACUUM");
  }
  std::filesystem::path dir_;
  SqliteSessionStore store_;
};

// A long message: its history line needs room the full disk no longer has.
std::string long_question() {
  std::string text;
  while (text.size() < 4000) text += "Which companies hire machine learning specialists in India? ";
  return text;
}

TEST_F(ChatbotFullStore, GoingConversationsContinueNewOnesAreRefusedAndCrisesStillGetTheHelpline) {
  Chatbot bot(testing::project_content(), store_);
  const std::string going = bot.open("").session_id;
  EXPECT_NE(bot.handle(going, "what does an ML specialist do?").intent, "fallback");
  bot.flush();

  fill_the_disk();
  // The going conversation is answered (not refused) although its new history cannot be written.
  EXPECT_FALSE(bot.handle(going, long_question()).text.empty());
  EXPECT_THROW(bot.flush(), SessionStoreError);  // the write failed: the store knows its disk is full

  // A new conversation is refused, by its first message, wherever its id came from.
  for (int i = 0; i < 20; ++i) {
    const std::string fresh = bot.open("").session_id;
    EXPECT_THROW(bot.handle(fresh, "Which companies hire in India?"), SessionRefusedError);
  }
  EXPECT_THROW(bot.handle("", "hello"), SessionRefusedError);
  EXPECT_EQ(bot.live_sessions(), 1u) << "a refused conversation must not be held in memory";

  // A crisis never waits on storage: the helpline goes out on a full disk, in a new conversation too.
  const std::string student = bot.open("").session_id;
  const Reply crisis = bot.handle(student, "I want to kill myself");
  EXPECT_EQ(crisis.intent, "safeguarding");
  EXPECT_NE(crisis.text.find("14416"), std::string::npos) << crisis.text;

  // The conversation already going is still answered, with its context.
  const Reply next = bot.handle(going, "who hires in Bangalore?");
  EXPECT_NE(next.intent, "fallback") << next.text;

  free_the_disk();
  bot.flush();  // the retried writes fit now
  const std::string after = bot.open("").session_id;
  EXPECT_NO_THROW(bot.handle(after, "Which companies hire in India?"));
  bot.flush();
  const auto stored = store_.load(going);
  ASSERT_TRUE(stored.has_value());
  EXPECT_NE(stored->state.find("who hires in Bangalore?"), std::string::npos)
      << "every turn taken while the disk was full is written once it has room";
}

}  // namespace
}  // namespace careerbot::dialog
