#pragma once
// SessionStore in an embedded SQLite file (separate from the knowledge base), for a single server
// process.
//
// Write path: save() and erase() never touch the disk on the caller's thread. They put the latest
// state of that id into an in-memory pending map (repeated saves of one session coalesce) and a
// dedicated writer thread commits the pending entries in ONE transaction per batch, at least every
// `flush_interval` (200 ms by default), or at once when the map is full or someone calls flush().
//
// Durability guarantee: a save is committed once a flush() that started after it has returned, and
// every save is committed within flush_interval plus the time one batch takes to write. A process
// crash (kill -9, abort) loses only saves not yet committed: at most the last ~200 ms of saves (in the
// server ~300 ms of turns: the chatbot hands saves over every 100 ms; docs/deployment.md). With
// synchronous=NORMAL in WAL mode, a power cut or kernel crash may also lose commits the OS had not yet
// written out (the WAL is fsynced at checkpoints); the file itself stays consistent in every case,
// because each batch is one transaction.
//
// Memory bound: unsaved sessions (waiting in the pending map or in the batch being written) never
// exceed `max_pending` (100k by default). A save of a new id at the bound wakes the writer and blocks
// until a batch is written; while the writer's last attempt failed it throws SessionStoreError at
// once instead (a failed batch goes back into the map, which the bound already counted).
//
// Size bound: `max_db_bytes` applies SQLite's max_page_count, so the file stops growing there and
// writes fail with SQLITE_FULL ("database or disk is full") exactly as on a full disk: a quota an
// operator can set, and the way tests fill the disk without root.
//
// Reads: load() answers from the pending map and the batch being written first (read-your-writes),
// then from the database through a second connection guarded by a mutex (loads are serialised).
//
// Failures: a batch that fails to commit (disk full, file locked past busy_timeout) is rolled back and
// retried in the next round; entries saved again meanwhile keep their newer state. flush() throws
// SessionStoreError when an attempt made during its wait fails. While the last attempt failed,
// check_health() fails (/readyz) and check_can_start_session() refuses new sessions. Failed attempts
// are logged as session_store_write_failed, backing off (common/log_backoff.hpp: one line per
// interval, doubling from 1 s to 5 min, counting the attempts it stands for), and the first success
// after them as session_store_write_recovered. expire_idle() and evict_oldest() still delete while
// writes fail: the room they free lets the retried writes succeed (a quota recovers by itself). The
// destructor flushes once more and joins the writer; it never throws and reports unsaved sessions on
// stderr.
//
// One store per file: two processes saving into one file would overwrite each other's turns.
// RAII: the constructor opens (creating if needed) the file and the schema or throws SessionStoreError
// naming the path. Not copyable or movable (the writer thread points at it). Thread-safe.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "common/log_backoff.hpp"
#include "store/session_store.hpp"

namespace careerbot::store {

struct SqliteSessionStoreOptions {
  // Longest time a save waits in memory before the writer commits it: the crash-loss window.
  std::chrono::milliseconds flush_interval{200};
  // Unsaved sessions held at most (waiting plus being written); bounds memory when the disk cannot
  // keep up or fails.
  std::size_t max_pending = 100'000;
  // Largest size of the database file in bytes (SQLite's max_page_count); 0: only the disk limits it.
  std::uint64_t max_db_bytes = 0;
  // How long a connection waits for a lock held by another connection before failing.
  std::chrono::milliseconds busy_timeout{5'000};
};

class SqliteSessionStore final : public SessionStore {
 public:
  explicit SqliteSessionStore(std::filesystem::path path, SqliteSessionStoreOptions options = {});
  ~SqliteSessionStore() override;

  SqliteSessionStore(const SqliteSessionStore&) = delete;
  SqliteSessionStore& operator=(const SqliteSessionStore&) = delete;

  std::optional<StoredSession> load(std::string_view id) override;
  void save(const StoredSession& session) override;
  void erase(std::string_view id) override;
  std::size_t expire_idle(std::chrono::seconds idle, std::int64_t now) override;
  std::size_t evict_oldest(std::size_t keep) override;
  void flush() override;
  std::size_t count() override;
  // Also fails while the writer's last attempt failed (a full or read-only disk), until one succeeds.
  void check_health() override;
  // Refuses (SessionRefusedError) while the writer's last attempt failed.
  void check_can_start_session() override;

  // Saves and erases waiting for the writer (not counting the batch being written).
  std::size_t pending_count();
  // Saves and erases not yet written: waiting plus the batch being written (at most max_pending).
  std::size_t unsaved_count();
  // Failed batch attempts since the store opened (for metrics).
  std::uint64_t failed_writes();
  const std::filesystem::path& path() const noexcept { return path_; }

 private:
  // The latest accepted change to one id: a new state, or a tombstone after erase().
  struct Change {
    std::string state;
    std::int64_t updated_at = 0;
    std::uint64_t version = 0;
    bool erased = false;
  };
  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const noexcept {
      return std::hash<std::string_view>{}(text);
    }
  };
  using ChangeMap = std::unordered_map<std::string, Change, StringHash, std::equal_to<>>;

  void accept(std::string_view id, Change change);
  // flush(), false instead of the error when the writes fail.
  bool try_flush();
  std::size_t unsaved_locked() const noexcept { return pending_.size() + in_flight_.size(); }
  // Logs a failed attempt (backing off) or the first success after failures; called without mutex_.
  void log_attempt(const std::string& error, std::size_t unsaved);
  void run_writer();
  void write_batch(const ChangeMap& batch);
  [[noreturn]] void fail(const std::string& doing, const std::exception& error) const;

  const std::filesystem::path path_;
  const SqliteSessionStoreOptions options_;

  // Writer connection: used only by the writer thread after construction.
  SQLite::Database write_db_;
  SQLite::Statement upsert_;
  SQLite::Statement delete_;

  // Reader connection: load, count and expire_idle, one at a time.
  std::mutex read_mutex_;
  SQLite::Database read_db_;
  SQLite::Statement select_;
  SQLite::Statement count_;
  SQLite::Statement expire_;
  SQLite::Statement evict_;

  // Shared between callers and the writer; guarded by mutex_.
  std::mutex mutex_;
  std::condition_variable writer_wake_;  // writer: a write request or stop
  std::condition_variable progress_;     // callers: a batch was taken, committed or failed
  ChangeMap pending_;
  ChangeMap in_flight_;          // the batch being written; only the writer changes it
  std::uint64_t accepted_ = 0;   // sequence number of the last accepted save or erase
  std::uint64_t committed_ = 0;  // every change up to this number is durable
  std::uint64_t failures_ = 0;   // failed batch attempts so far
  std::string last_error_;       // what the last failed attempt said
  bool last_attempt_failed_ = false;
  bool write_requested_ = false;  // a flush or a save facing a full map wants a batch now
  bool stopping_ = false;
  log::LogBackoff write_failure_log_;

  std::thread writer_;  // last: starts after everything it uses exists
};

}  // namespace careerbot::store
