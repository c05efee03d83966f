// The SQLite session store on a full disk (issue 17): a size quota (max_db_bytes, SQLite's
// max_page_count) fails writes with SQLITE_FULL exactly as a full disk does, and another writer taking
// the room makes the disk fill under the store. While writes fail: the store reports it (check_health,
// /readyz), refuses new sessions, keeps the unsaved sessions it holds within max_pending, logs the
// failures backing off, and writes everything once room comes back.
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "store/sqlite_session_store.hpp"

namespace careerbot::dialog {}
using namespace careerbot::dialog;
using namespace careerbot::store;
using namespace std::chrono_literals;

namespace {

constexpr auto kNever = std::chrono::hours(1);  // the writer writes only when asked (flush, a full map)
constexpr std::uint64_t kQuota = 64 * 1024;     // 16 pages of 4 KiB

std::string numbered(std::string_view prefix, int n) {
  return std::string(prefix).append(std::to_string(n));
}

StoredSession session(const std::string& id, std::uint64_t version, std::size_t padding = 2000) {
  return StoredSession{id, R"({"pad":")" + std::string(padding, 'x') + "\"}", 1'700'000'000, version};
}

// Everything written to stderr (where log lines go) while it lives.
class StderrCapture {
 public:
  explicit StderrCapture(std::string path) : path_(std::move(path)) {
    std::fflush(stderr);
    saved_ = ::dup(2);
    const int file = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ::dup2(file, 2);
    ::close(file);
  }
  ~StderrCapture() { restore(); }
  StderrCapture(const StderrCapture&) = delete;
  StderrCapture& operator=(const StderrCapture&) = delete;
  // The lines of event `name`, parsed.
  std::vector<nlohmann::json> events(std::string_view name) {
    std::fflush(stderr);
    std::ifstream in(path_);
    std::vector<nlohmann::json> found;
    for (std::string line; std::getline(in, line);) {
      const auto parsed = nlohmann::json::parse(line, nullptr, false);
      if (parsed.is_object() && parsed.value("event", "") == name) found.push_back(parsed);
    }
    return found;
  }
  void restore() {
    if (saved_ < 0) return;
    std::fflush(stderr);
    ::dup2(saved_, 2);
    ::close(saved_);
    saved_ = -1;
  }

 private:
  std::string path_;
  int saved_ = -1;
};

class FullStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "careerbot-full-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    path_ = dir_ / "sessions.db";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Saves new sessions, flushing each, until a flush fails; returns how many were written.
  int fill(SqliteSessionStore& store) {
    for (int i = 0; i < 1000; ++i) {
      store.save(session(numbered("fill", i), 1));
      try {
        store.flush();
      } catch (const SessionStoreError&) {
        return i;
      }
    }
    ADD_FAILURE() << "the quota never filled";
    return -1;
  }
  // Another program takes the room: a table of its own grows the file past the store's quota.
  void take_the_room(std::uint64_t bytes) {
    SQLite::Database other(path_.string(), SQLite::OPEN_READWRITE);
    other.setBusyTimeout(10'000);
    other.exec("CREATE TABLE IF NOT EXISTS filler (blob BLOB)");
    other.exec("INSERT INTO filler VALUES (zeroblob(" + std::to_string(bytes) + "))");
  }
  void give_the_room_back() {
    SQLite::Database other(path_.string(), SQLite::OPEN_READWRITE);
    other.setBusyTimeout(10'000);
    other.exec("DROP TABLE filler");
    // VACUUM shrinks the file back: the freed pages lie past the quota, where SQLite allocates none.
    other.exec("VACUUM");
  }
  std::int64_t committed_rows() {
    SQLite::Database db(path_.string(), SQLite::OPEN_READONLY);
    return db.execAndGet("SELECT COUNT(*) FROM sessions").getInt64();
  }

  std::filesystem::path dir_;
  std::filesystem::path path_;
};

}  // namespace

TEST_F(FullStoreTest, TheQuotaFailsWritesLikeAFullDiskAndTheFileStaysWithinIt) {
  {
    SqliteSessionStore store(path_, {.flush_interval = kNever, .max_db_bytes = kQuota});
    const int written = fill(store);
    ASSERT_GT(written, 0);
    try {
      store.flush();
      FAIL() << "the write should still fail";
    } catch (const SessionStoreError& e) {
      EXPECT_NE(std::string(e.what()).find("database or disk is full"), std::string::npos) << e.what();
    }
    // /readyz's check says what is wrong; reads still work, including the session not yet written.
    try {
      store.check_health();
      FAIL() << "check_health should fail while writes fail";
    } catch (const SessionStoreError& e) {
      EXPECT_NE(std::string(e.what()).find("writes are failing: database or disk is full"), std::string::npos)
          << e.what();
    }
    EXPECT_TRUE(store.load(numbered("fill", written)).has_value());
    EXPECT_TRUE(store.load("fill0").has_value());
    EXPECT_EQ(committed_rows(), written);
  }
  SQLite::Database db(path_.string(), SQLite::OPEN_READONLY);
  const auto pages = db.execAndGet("PRAGMA page_count").getInt64();
  const auto page_size = db.execAndGet("PRAGMA page_size").getInt64();
  EXPECT_LE(static_cast<std::uint64_t>(pages * page_size), kQuota);
}

TEST_F(FullStoreTest, WhileWritesFailNewSessionsAreRefusedAndReturnWhenRoomComesBack) {
  SqliteSessionStore store(path_, {.flush_interval = kNever, .max_db_bytes = 1024 * 1024});
  store.save(session("going", 1));
  store.flush();
  EXPECT_NO_THROW(store.check_can_start_session());

  take_the_room(1024 * 1024);
  store.save(session("going", 2, 6000));  // a conversation goes on and needs more room
  EXPECT_THROW(store.flush(), SessionStoreError);
  EXPECT_THROW(store.check_can_start_session(), SessionRefusedError);
  EXPECT_THROW(store.check_health(), SessionStoreError);
  // The conversation already going keeps its newest state (in memory) and can go on.
  EXPECT_EQ(store.load("going")->version, 2u);
  store.save(session("going", 3, 6000));

  give_the_room_back();
  store.flush();  // the retried batch fits now
  EXPECT_NO_THROW(store.check_health());
  EXPECT_NO_THROW(store.check_can_start_session());
  SQLite::Database db(path_.string(), SQLite::OPEN_READONLY);
  EXPECT_EQ(db.execAndGet("SELECT version FROM sessions WHERE id = 'going'").getInt64(), 3);
}

TEST_F(FullStoreTest, ExpiryMakesRoomWhileWritesFailAndTheRetriedWritesThenSucceed) {
  SqliteSessionStore store(path_, {.flush_interval = kNever, .max_db_bytes = kQuota});
  const int written = fill(store);  // every session saved at 1'700'000'000
  ASSERT_GT(written, 0);
  constexpr std::int64_t kNow = 1'800'000'000;
  StoredSession recent = session("recent", 1);
  recent.updated_at = kNow;
  store.save(recent);
  // Everything idle for a day goes, including the unsaved one; the delete runs although writes fail.
  EXPECT_EQ(store.expire_idle(std::chrono::hours(24), kNow), static_cast<std::size_t>(written) + 1);
  EXPECT_EQ(committed_rows(), 0);
  store.flush();  // the room the expiry freed takes the retried write
  EXPECT_NO_THROW(store.check_health());
  EXPECT_NO_THROW(store.check_can_start_session());
  EXPECT_EQ(committed_rows(), 1);
  EXPECT_TRUE(store.load("recent").has_value());
}

TEST_F(FullStoreTest, UnsavedSessionsStayWithinTheBoundAndNewIdsAreRefusedWithoutAnotherAttempt) {
  constexpr std::size_t kBound = 8;
  SqliteSessionStore store(path_, {.flush_interval = kNever, .max_pending = kBound, .max_db_bytes = kQuota});
  const int written = fill(store);
  ASSERT_GT(written, 0);
  ASSERT_EQ(store.unsaved_count(), 1u);  // the session whose write failed waits in memory
  const auto attempts = store.failed_writes();

  int accepted = 0;
  int refused = 0;
  for (int i = 0; i < 100; ++i) {
    try {
      store.save(session(numbered("new", i), 1));
      ++accepted;
    } catch (const SessionStoreError& e) {
      ++refused;
      EXPECT_NE(std::string(e.what()).find("too many unsaved sessions"), std::string::npos) << e.what();
    }
    ASSERT_LE(store.unsaved_count(), kBound);
  }
  EXPECT_EQ(accepted, static_cast<int>(kBound) - 1);
  EXPECT_EQ(refused, 100 - accepted);
  // Refused at once: no save asked the failing disk for another attempt.
  EXPECT_EQ(store.failed_writes(), attempts);
  // A session already waiting still takes its newer state (its conversation goes on).
  EXPECT_NO_THROW(store.save(session("new0", 2)));
  EXPECT_EQ(store.load("new0")->version, 2u);
  EXPECT_EQ(store.unsaved_count(), kBound);
}

TEST_F(FullStoreTest, FailedWritesAreLoggedBackingOffAndTheRecoveryOnce) {
  StderrCapture log((dir_ / "stderr.log").string());
  std::uint64_t failures = 0;
  {
    SqliteSessionStore store(path_, {.flush_interval = 5ms, .max_db_bytes = 1024 * 1024});
    store.save(session("going", 1));
    store.flush();
    take_the_room(1024 * 1024);
    store.save(session("going", 2, 6000));
    // The writer retries every 5 ms: wait for many failed attempts (a deadline, not a count of sleeps).
    const auto give_up = std::chrono::steady_clock::now() + 60s;
    while (store.failed_writes() < 40 && std::chrono::steady_clock::now() < give_up)
      std::this_thread::sleep_for(5ms);
    ASSERT_GE(store.failed_writes(), 40u);
    give_the_room_back();
    store.flush();
    failures = store.failed_writes();
  }
  const auto failed_lines = log.events("session_store_write_failed");
  const auto recovered = log.events("session_store_write_recovered");
  log.restore();
  ASSERT_FALSE(failed_lines.empty());
  std::uint64_t reported = 0;
  for (const auto& line : failed_lines) {
    reported += line["attempts"].get<std::uint64_t>();
    EXPECT_NE(line["what"].get<std::string>().find("full"), std::string::npos) << line.dump();
  }
  EXPECT_LE(failed_lines.size() * 10, failures)
      << failed_lines.size() << " lines for " << failures << " failed attempts: the line does not back off";
  EXPECT_LE(reported, failures) << "a line counts only attempts that failed";
  ASSERT_EQ(recovered.size(), 1u);
  EXPECT_EQ(recovered[0]["failed_attempts"].get<std::uint64_t>(), failures);
}
