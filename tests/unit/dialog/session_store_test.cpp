#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <gtest/gtest.h>

#include "dialog/session_id.hpp"
#include "store/sqlite_session_store.hpp"

using namespace careerbot::dialog;
using namespace std::chrono_literals;
namespace store = careerbot::store;

namespace {

constexpr auto kNever = std::chrono::hours(1);  // a flush interval the tests never reach

// "s" + std::to_string(i) trips g++ 12's false -Wrestrict at -O3 (GCC bug 105651).
std::string numbered(std::string_view prefix, int n) {
  return std::string(prefix).append(std::to_string(n));
}

std::string state_for(const std::string& id, std::uint64_t version, std::size_t padding = 16) {
  return R"({"id":")" + id + R"(","v":)" + std::to_string(version) + R"(,"pad":")" +
         std::string(padding, 'x') + "\"}";
}

store::StoredSession session(const std::string& id, std::uint64_t version,
                             std::int64_t updated_at = 1'700'000'000, std::size_t padding = 16) {
  return store::StoredSession{id, state_for(id, version, padding), updated_at, version};
}

class SessionStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "careerbot-sessions-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    path_ = dir_ / "sessions.db";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Rows committed to the file, seen through an independent connection.
  std::int64_t committed_rows() {
    SQLite::Database db(path_.string(), SQLite::OPEN_READWRITE);
    return db.execAndGet("SELECT COUNT(*) FROM sessions").getInt64();
  }
  std::optional<std::string> committed_state(const std::string& id) {
    SQLite::Database db(path_.string(), SQLite::OPEN_READWRITE);
    SQLite::Statement query(db, "SELECT state FROM sessions WHERE id = ?");
    query.bind(1, id);
    if (!query.executeStep()) return std::nullopt;
    return query.getColumn(0).getString();
  }

  std::filesystem::path dir_;
  std::filesystem::path path_;
};

void expect_loaded(store::SessionStore& store, const store::StoredSession& expected) {
  const auto loaded = store.load(expected.id);
  ASSERT_TRUE(loaded.has_value()) << expected.id;
  EXPECT_EQ(loaded->id, expected.id);
  EXPECT_EQ(loaded->state, expected.state);
  EXPECT_EQ(loaded->updated_at, expected.updated_at);
  EXPECT_EQ(loaded->version, expected.version);
}

}  // namespace

TEST_F(SessionStoreTest, SavedSessionLoadsBackAfterFlush) {
  store::SqliteSessionStore store(path_);
  const store::StoredSession saved = session(new_session_id(), 1);
  store.save(saved);
  store.flush();
  EXPECT_EQ(store.pending_count(), 0u);
  expect_loaded(store, saved);
  EXPECT_EQ(store.count(), 1u);
  EXPECT_FALSE(store.load(new_session_id()).has_value());
}

TEST_F(SessionStoreTest, LoadSeesSavesBeforeTheyAreWritten) {
  store::SqliteSessionStore store(path_, {.flush_interval = kNever});
  const store::StoredSession first = session("s1", 1);
  const store::StoredSession second = session("s1", 2, 1'700'000'100);
  store.save(first);
  store.save(second);
  EXPECT_EQ(store.pending_count(), 1u) << "repeated saves of one session coalesce";
  expect_loaded(store, second);
  EXPECT_EQ(committed_rows(), 0) << "nothing should be written before the interval or a flush";
  EXPECT_EQ(store.count(), 0u);
}

TEST_F(SessionStoreTest, FlushCommitsEverythingAcceptedBeforeIt) {
  store::SqliteSessionStore store(path_, {.flush_interval = kNever});
  store.save(session("a", 1));
  store.save(session("b", 1));
  store.flush();
  EXPECT_EQ(committed_rows(), 2);
  EXPECT_EQ(committed_state("a"), state_for("a", 1));
  store.save(session("a", 2));
  EXPECT_EQ(committed_state("a"), state_for("a", 1)) << "the new save waits for the next round";
  store.flush();
  EXPECT_EQ(committed_state("a"), state_for("a", 2));
  EXPECT_EQ(store.count(), 2u);
}

TEST_F(SessionStoreTest, WriterCommitsOnItsIntervalWithoutAFlush) {
  store::SqliteSessionStore store(path_, {.flush_interval = 1ms});
  store.save(session("a", 1));
  // Poll with a generous deadline; the test asserts that the write happens, not when.
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (committed_rows() == 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(1ms);
  EXPECT_EQ(committed_state("a"), state_for("a", 1));
}

TEST_F(SessionStoreTest, SessionsSurviveReopeningTheStore) {
  std::vector<store::StoredSession> saved;
  {
    store::SqliteSessionStore store(path_, {.flush_interval = kNever});
    for (int i = 0; i < 50; ++i) saved.push_back(session(new_session_id(), 1, 1'700'000'000 + i));
    for (const auto& s : saved) store.save(s);
    // No flush: the destructor must write what is pending.
  }
  store::SqliteSessionStore reopened(path_);
  EXPECT_EQ(reopened.count(), saved.size());
  for (const auto& s : saved) expect_loaded(reopened, s);
}

TEST_F(SessionStoreTest, VersionsAdvanceWithEverySaveAndPersist) {
  const std::uint64_t huge = (std::uint64_t{1} << 63) + 5;  // above INT64_MAX: must survive the round trip
  {
    store::SqliteSessionStore store(path_, {.flush_interval = kNever});
    for (std::uint64_t v = 1; v <= 3; ++v) {
      store.save(session("s", v));
      EXPECT_EQ(store.load("s")->version, v);
      store.flush();
      EXPECT_EQ(store.load("s")->version, v);
    }
    store.save(session("big", huge));
  }
  store::SqliteSessionStore reopened(path_);
  EXPECT_EQ(reopened.load("s")->version, 3u);
  EXPECT_EQ(reopened.load("s")->state, state_for("s", 3));
  EXPECT_EQ(reopened.load("big")->version, huge);
}

TEST_F(SessionStoreTest, ExpireIdleRemovesOnlySessionsOlderThanTheCutoff) {
  store::SqliteSessionStore store(path_, {.flush_interval = kNever});
  store.save(session("a", 1, 100));
  store.save(session("b", 1, 200));
  store.save(session("c", 1, 300));
  store.save(session("edge", 1, 250));
  store.flush();
  store.save(session("a", 2, 400));  // pending and fresh: its old row must not be expired
  store.save(session("d", 1, 150));  // pending and stale

  // now - idle = 250: strictly older sessions go.
  EXPECT_EQ(store.expire_idle(100s, 350), 2u);
  EXPECT_FALSE(store.load("b").has_value());
  EXPECT_FALSE(store.load("d").has_value());
  expect_loaded(store, session("a", 2, 400));
  expect_loaded(store, session("c", 1, 300));
  expect_loaded(store, session("edge", 1, 250));
  EXPECT_EQ(store.count(), 3u);
  EXPECT_EQ(store.expire_idle(100s, 350), 0u);
  EXPECT_EQ(store.expire_idle(0s, 10'000), 3u);
  EXPECT_EQ(committed_rows(), 0);
}

TEST_F(SessionStoreTest, EvictOldestKeepsTheMostRecentlyUpdated) {
  store::SqliteSessionStore store(path_, {.flush_interval = kNever});
  store.save(session("a", 1, 100));
  store.save(session("b", 1, 500));
  store.save(session("c", 1, 300));
  store.flush();
  store.save(session("a", 2, 400));  // pending and now recent: counted as such
  store.save(session("d", 1, 200));  // pending and old

  EXPECT_EQ(store.evict_oldest(2), 2u);
  EXPECT_FALSE(store.load("c").has_value());
  EXPECT_FALSE(store.load("d").has_value());
  expect_loaded(store, session("a", 2, 400));
  expect_loaded(store, session("b", 1, 500));
  EXPECT_EQ(store.count(), 2u);
  EXPECT_EQ(store.evict_oldest(2), 0u);
  EXPECT_EQ(store.evict_oldest(10), 0u);
}

TEST_F(SessionStoreTest, EraseIsOrderedWithSaves) {
  store::SqliteSessionStore store(path_, {.flush_interval = kNever});
  store.save(session("a", 1));
  store.save(session("b", 1));
  store.flush();
  store.erase("a");
  EXPECT_FALSE(store.load("a").has_value()) << "erase is visible before it is written";
  store.erase("never-saved");
  store.flush();
  EXPECT_EQ(committed_state("a"), std::nullopt);
  EXPECT_EQ(committed_rows(), 1);

  store.save(session("b", 2));
  store.erase("b");
  store.save(session("b", 3));  // a save after erase brings the session back
  store.flush();
  expect_loaded(store, session("b", 3));
  EXPECT_EQ(committed_state("b"), state_for("b", 3));
}

TEST_F(SessionStoreTest, ConcurrentSavesFromManyThreads) {
  constexpr int kThreads = 8;
  constexpr int kSessionsPerThread = 200;
  constexpr std::uint64_t kVersions = 3;
  {
    store::SqliteSessionStore store(path_, {.flush_interval = 2ms});
    std::atomic<int> mismatches{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        for (std::uint64_t v = 1; v <= kVersions; ++v) {
          for (int i = 0; i < kSessionsPerThread; ++i) {
            const std::string id = numbered(numbered("t", t) + "-", i);
            store.save(session(id, v, 1'700'000'000, 200));
            const auto loaded = store.load(id);
            if (!loaded || loaded->version != v) ++mismatches;
          }
        }
      });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(mismatches.load(), 0) << "a thread did not read its own write";
    store.flush();
    EXPECT_EQ(store.count(), std::size_t{kThreads * kSessionsPerThread});
  }
  store::SqliteSessionStore reopened(path_);
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kSessionsPerThread; ++i) {
      const std::string id = numbered(numbered("t", t) + "-", i);
      expect_loaded(reopened, session(id, kVersions, 1'700'000'000, 200));
    }
  }
}

TEST_F(SessionStoreTest, PendingMapStaysWithinItsBound) {
  store::SqliteSessionStore store(path_, {.flush_interval = kNever, .max_pending = 4});
  for (int i = 0; i < 50; ++i) {
    store.save(session(numbered("s", i), 1));
    ASSERT_LE(store.pending_count(), 4u);
  }
  for (int i = 0; i < 50; ++i) expect_loaded(store, session(numbered("s", i), 1));
  store.flush();
  EXPECT_EQ(store.count(), 50u);
}

TEST_F(SessionStoreTest, FailedCommitIsReportedAndRetried) {
  store::SqliteSessionStore store(path_, {.flush_interval = kNever, .busy_timeout = 20ms});
  EXPECT_NO_THROW(store.check_health());
  store.save(session("a", 1));
  SQLite::Database blocker(path_.string(), SQLite::OPEN_READWRITE);
  blocker.exec("BEGIN IMMEDIATE");  // holds the write lock: the writer's commit fails with SQLITE_BUSY
  try {
    store.flush();
    FAIL() << "flush should report the failed commit";
  } catch (const store::SessionStoreError& e) {
    EXPECT_NE(std::string(e.what()).find(path_.string()), std::string::npos) << e.what();
  }
  expect_loaded(store, session("a", 1));  // kept in memory for the next round
  // Readiness reports the failing writes (with the path) until a write succeeds again.
  try {
    store.check_health();
    FAIL() << "check_health should report the failing writes";
  } catch (const store::SessionStoreError& e) {
    EXPECT_NE(std::string(e.what()).find("writes are failing"), std::string::npos) << e.what();
  }
  store.save(session("b", 1));
  blocker.exec("ROLLBACK");
  store.flush();
  EXPECT_NO_THROW(store.check_health());
  EXPECT_EQ(committed_state("a"), state_for("a", 1));
  EXPECT_EQ(committed_state("b"), state_for("b", 1));
}

TEST_F(SessionStoreTest, SaveThrowsWhenTheMapIsFullAndTheWriterFails) {
  store::SqliteSessionStore store(path_, {.flush_interval = 5ms, .max_pending = 2, .busy_timeout = 5ms});
  SQLite::Database blocker(path_.string(), SQLite::OPEN_READWRITE);
  blocker.exec("BEGIN IMMEDIATE");
  std::vector<std::string> accepted;
  bool threw = false;
  for (int i = 0; i < 1000 && !threw; ++i) {
    const std::string id = numbered("s", i);
    try {
      store.save(session(id, 1));
      accepted.push_back(id);
    } catch (const store::SessionStoreError& e) {
      threw = true;
      EXPECT_NE(std::string(e.what()).find(path_.string()), std::string::npos) << e.what();
    }
  }
  EXPECT_TRUE(threw) << "save should not block forever or grow without bound while the disk fails";
  blocker.exec("ROLLBACK");
  store.flush();
  EXPECT_EQ(store.count(), accepted.size());
  for (const auto& id : accepted) expect_loaded(store, session(id, 1));
}

TEST_F(SessionStoreTest, FlushedSessionsSurviveKillNine) {
  constexpr int kFlushed = 300;
  int pipe_fds[2];
  ASSERT_EQ(::pipe(pipe_fds), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::close(pipe_fds[0]);
    try {
      store::SqliteSessionStore store(path_, {.flush_interval = 5ms});
      for (int i = 0; i < kFlushed; ++i) store.save(session(numbered("flushed-", i), 1));
      store.flush();
      if (::write(pipe_fds[1], "F", 1) != 1) ::_exit(2);
      // Keep the writer busy with large batches so the kill lands mid-transaction now and then.
      for (std::uint64_t round = 2;; ++round) {
        for (int i = 0; i < 200; ++i) store.save(session(numbered("later-", i), round, 0, 4096));
        for (int i = 0; i < kFlushed; i += 7) store.save(session(numbered("flushed-", i), round));
        if (::write(pipe_fds[1], "R", 1) != 1) ::_exit(2);
      }
    } catch (...) {
      ::_exit(3);
    }
  }
  ::close(pipe_fds[1]);
  // Wait for the flush, then for a few rounds of unflushed saves before killing.
  int rounds = 0;
  bool flushed = false;
  char byte = 0;
  while (rounds < 50 && ::read(pipe_fds[0], &byte, 1) == 1) {
    if (byte == 'F') flushed = true;
    if (byte == 'R') ++rounds;
  }
  ::kill(child, SIGKILL);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ::close(pipe_fds[0]);
  ASSERT_TRUE(flushed) << "the child failed before its flush (status " << status << ")";
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "status " << status;

  {
    SQLite::Database db(path_.string(), SQLite::OPEN_READWRITE);
    EXPECT_EQ(db.execAndGet("PRAGMA integrity_check").getString(), "ok");
  }
  store::SqliteSessionStore reopened(path_);
  std::size_t found = 0;
  for (int i = 0; i < kFlushed; ++i) {
    const std::string id = numbered("flushed-", i);
    const auto loaded = reopened.load(id);
    ASSERT_TRUE(loaded.has_value()) << id << " was flushed before the kill";
    EXPECT_EQ(loaded->state, state_for(id, loaded->version));
    ++found;
  }
  EXPECT_GE(reopened.count(), found);
  std::cout << "[ info ] after kill -9: " << reopened.count() << " sessions in the file, " << rounds
            << " unflushed rounds were running\n";
}

TEST_F(SessionStoreTest, MissingDirectoryIsAnErrorNamingThePath) {
  const auto bad = dir_ / "no-such-dir" / "sessions.db";
  try {
    store::SqliteSessionStore store(bad);
    FAIL() << "opening should fail";
  } catch (const store::SessionStoreError& e) {
    EXPECT_NE(std::string(e.what()).find(bad.string()), std::string::npos) << e.what();
  }
}

TEST_F(SessionStoreTest, CorruptFileIsAnErrorNamingThePath) {
  {
    std::ofstream out(path_, std::ios::binary);
    for (int i = 0; i < 4096; ++i) out.put(static_cast<char>((i * 37 + 11) % 251));
  }
  try {
    store::SqliteSessionStore store(path_);
    FAIL() << "opening should fail";
  } catch (const store::SessionStoreError& e) {
    EXPECT_NE(std::string(e.what()).find(path_.string()), std::string::npos) << e.what();
  }
}

TEST_F(SessionStoreTest, ForeignTableIsAnErrorNamingThePath) {
  {
    SQLite::Database db(path_.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("CREATE TABLE sessions (name TEXT)");
  }
  try {
    store::SqliteSessionStore store(path_);
    FAIL() << "a table without our columns should be rejected";
  } catch (const store::SessionStoreError& e) {
    EXPECT_NE(std::string(e.what()).find(path_.string()), std::string::npos) << e.what();
  }
}

// Not a benchmark gate: prints what save() costs the caller and how fast the writer commits.
TEST_F(SessionStoreTest, ReportsSaveCostAndThroughput) {
  constexpr int kSessions = 20'000;
  constexpr std::size_t kStateBytes = 2'000;  // a profile plus a bounded history
  std::vector<store::StoredSession> sessions;
  sessions.reserve(kSessions);
  for (int i = 0; i < kSessions; ++i) sessions.push_back(session(new_session_id(), 1, 0, kStateBytes));

  store::SqliteSessionStore store(path_);
  using clock = std::chrono::steady_clock;
  const auto start = clock::now();
  for (const auto& s : sessions) store.save(s);
  const auto saved = clock::now();
  store.flush();
  const auto durable = clock::now();
  EXPECT_EQ(store.count(), std::size_t{kSessions});

  const double save_ns = std::chrono::duration<double, std::nano>(saved - start).count() / kSessions;
  const double seconds = std::chrono::duration<double>(durable - start).count();
  std::cout << "[ info ] save() on the caller thread: " << save_ns << " ns per call (" << kStateBytes
            << "-byte state)\n"
            << "[ info ] " << kSessions << " distinct sessions durable in " << seconds
            << " s: " << kSessions / seconds << " saves/s\n";
  RecordProperty("save_ns", std::to_string(save_ns));
  RecordProperty("durable_saves_per_second", std::to_string(kSessions / seconds));
}
