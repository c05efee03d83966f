// The chat -> session mapping on a real SQLite file: what is remembered survives reopening.
#include "store/telegram_chats.hpp"

#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace careerbot::store {
namespace {

class TelegramChatsTest : public ::testing::Test {
 protected:
  TelegramChatsTest() {
    dir_ = std::filesystem::temp_directory_path() /
           ("careerbot-telegram-chats-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  ~TelegramChatsTest() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path db() const { return dir_ / "telegram.db"; }
  std::filesystem::path dir_;
};

TEST_F(TelegramChatsTest, UnknownChatsHaveNoSession) {
  TelegramChats chats(db());
  EXPECT_EQ(chats.session_for(42), std::nullopt);
}

TEST_F(TelegramChatsTest, RememberedSessionsSurviveReopening) {
  {
    TelegramChats chats(db());
    chats.remember(42, "first");
    chats.remember(-1001234567890123, "group");
    chats.remember(42, "second");  // the first session expired
    EXPECT_EQ(chats.session_for(42), "second");
  }
  TelegramChats reopened(db());
  EXPECT_EQ(reopened.session_for(42), "second");
  EXPECT_EQ(reopened.session_for(-1001234567890123), "group");
  EXPECT_EQ(reopened.session_for(7), std::nullopt);
}

TEST_F(TelegramChatsTest, EachChatIsOneRow) {
  {
    TelegramChats chats(db());
    for (int i = 0; i < 3; ++i) chats.remember(42, "s-" + std::to_string(i));
    chats.remember(43, "other");
  }
  SQLite::Database file(db().string());
  EXPECT_EQ(file.execAndGet("SELECT COUNT(*) FROM telegram_chats").getInt(), 2);
  EXPECT_EQ(file.execAndGet("SELECT session_id FROM telegram_chats WHERE chat_id = 42").getString(), "s-2");
}

TEST_F(TelegramChatsTest, AMissingFolderIsCreatedAndAFileThatCannotBeOpenedThrows) {
  { TelegramChats chats(dir_ / "new-folder" / "telegram.db"); }
  EXPECT_TRUE(std::filesystem::exists(dir_ / "new-folder" / "telegram.db"));
  std::ofstream(dir_ / "a-file") << "not a folder";
  try {
    TelegramChats chats(dir_ / "a-file" / "telegram.db");
    ADD_FAILURE() << "opened a database inside a file";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("Telegram chats database"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("a-file"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace careerbot::store
