// FlagStore on a real SQLite file: record, list open flags oldest first, close, survive a reopen, and
// never throw into the reply when the write fails.
#include "store/flag_store.hpp"

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <future>
#include <thread>

#include <gtest/gtest.h>

namespace careerbot::store {
namespace {

class FlagStoreTest : public ::testing::Test {
 protected:
  FlagStoreTest()
      : dir_(std::filesystem::temp_directory_path() / ("careerbot-flags-" + std::to_string(::getpid()))) {}
  ~FlagStoreTest() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::filesystem::path dir_;
};

TEST_F(FlagStoreTest, RecordsListsAndCloses) {
  FlagStore flags(dir_ / "flags.db");
  const auto first = flags.record("s1", "distress", "I feel hopeless");
  const auto second = flags.record("s2", "self_harm", "मुझे जीना नहीं है");
  ASSERT_TRUE(first && second);
  auto open = flags.open_flags(10);
  ASSERT_EQ(open.size(), 2u);
  EXPECT_EQ(open[0].id, *first);  // the longest-waiting first
  EXPECT_EQ(open[0].session_id, "s1");
  EXPECT_EQ(open[0].category, "distress");
  EXPECT_EQ(open[0].message, "I feel hopeless");
  EXPECT_EQ(open[1].message, "मुझे जीना नहीं है");
  EXPECT_EQ(open[0].created_at.size(), 20u);  // 2026-01-01T00:00:00Z
  EXPECT_EQ(open[0].created_at.back(), 'Z');

  EXPECT_TRUE(flags.close(*first));
  EXPECT_FALSE(flags.close(*first));  // already closed
  EXPECT_FALSE(flags.close(9999));
  open = flags.open_flags(10);
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].id, *second);
  EXPECT_EQ(flags.open_flags(0).size(), 0u);
}

TEST_F(FlagStoreTest, FlagsSurviveAReopen) {
  { FlagStore(dir_ / "flags.db").record("s1", "abuse_bullying", "they bully me"); }
  FlagStore again(dir_ / "flags.db");
  const auto open = again.open_flags(10);
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].message, "they bully me");
}

TEST_F(FlagStoreTest, LongMessagesAreCutByCharactersNotBytes) {
  FlagStore flags(dir_ / "flags.db");
  std::string text;
  for (int i = 0; i < 3000; ++i) text += "é";
  ASSERT_TRUE(flags.record("s", "distress", text));
  EXPECT_EQ(flags.open_flags(1).at(0).message.size(), 2000u * 2);
}

TEST_F(FlagStoreTest, AFailedWriteReturnsNulloptInsteadOfThrowing) {
  const auto path = dir_ / "flags.db";
  FlagStore flags(path);
  {
    SQLite::Database db(path.string(), SQLite::OPEN_READWRITE);
    db.exec("DROP TABLE flags");  // what a broken disk or a bad migration would look like
  }
  EXPECT_FALSE(flags.record("s", "distress", "text").has_value());
}

TEST_F(FlagStoreTest, SubmittedFlagsAreRetriedWhileTheFileIsLockedThenWritten) {
  const auto path = dir_ / "flags.db";
  FlagStore flags(path, {std::chrono::milliseconds(20), std::chrono::milliseconds(20), 10000, 100});
  {
    SQLite::Database holder(path.string(), SQLite::OPEN_READWRITE);
    holder.exec("BEGIN EXCLUSIVE");
    flags.submit("s1", "distress", "I feel hopeless");  // returns at once: the writer thread waits
    for (int i = 0; i < 6000 && flags.failed_writes() < 2; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    EXPECT_GE(flags.failed_writes(), 2u);
    EXPECT_EQ(flags.pending(), 1u);
    holder.exec("ROLLBACK");
  }
  for (int i = 0; i < 6000 && flags.pending() > 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  const auto open = flags.open_flags(10);
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].message, "I feel hopeless");
  EXPECT_EQ(flags.dropped(), 0u);
}

TEST_F(FlagStoreTest, ALockHeldShorterThanTheBusyTimeoutIsWaitedForNotAFailure) {
  const auto path = dir_ / "flags.db";
  FlagStore flags(path, {std::chrono::seconds(30), std::chrono::seconds(30), 3, 100});
  std::promise<void> locked;
  std::thread holder([&] {
    // A backup or a counsellor's tool holding the file for a moment.
    SQLite::Database db(path.string(), SQLite::OPEN_READWRITE);
    db.exec("BEGIN EXCLUSIVE");
    locked.set_value();
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    db.exec("ROLLBACK");
  });
  locked.get_future().wait();
  flags.submit("s1", "distress", "I feel hopeless");  // the writer waits for the lock, then writes
  holder.join();
  for (int i = 0; i < 6000 && flags.pending() > 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_EQ(flags.failed_writes(), 0u) << "without a busy timeout the write fails at once with SQLITE_BUSY";
  EXPECT_EQ(flags.open_flags(10).size(), 1u);
}

TEST_F(FlagStoreTest, AFlagThatCanNeverBeWrittenIsDroppedAfterBoundedRetries) {
  const auto path = dir_ / "flags.db";
  FlagStore flags(path, {std::chrono::milliseconds(1), std::chrono::milliseconds(1), 3, 100});
  {
    SQLite::Database db(path.string(), SQLite::OPEN_READWRITE);
    db.exec("DROP TABLE flags");
  }
  flags.submit("s", "distress", "text");
  for (int i = 0; i < 6000 && flags.dropped() == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_EQ(flags.dropped(), 1u);
  EXPECT_EQ(flags.failed_writes(), 3u);
  EXPECT_EQ(flags.pending(), 0u);
}

TEST_F(FlagStoreTest, AnUnopenablePathThrowsNamingIt) {
  std::filesystem::create_directories(dir_ / "flags.db");  // a directory where the file should be
  try {
    FlagStore flags(dir_ / "flags.db");
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("flags.db"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace careerbot::store
