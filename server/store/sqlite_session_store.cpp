#include "store/sqlite_session_store.hpp"

#include <algorithm>
#include <unordered_set>
#include <utility>

#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Transaction.h>

#include "common/log.hpp"

namespace careerbot::store {
namespace {

int busy_timeout_ms(const SqliteSessionStoreOptions& options) {
  return static_cast<int>(options.busy_timeout.count());
}

// max_page_count is per connection: every connection that writes gets it. SQLite never sets it
// below the file's current size, so an existing file over the quota keeps its rows and cannot grow.
void apply_size_limit(SQLite::Database& db, const SqliteSessionStoreOptions& options) {
  if (options.max_db_bytes == 0) return;
  const std::int64_t page_size = db.execAndGet("PRAGMA page_size").getInt64();
  const std::int64_t pages = std::max<std::int64_t>(
      1, static_cast<std::int64_t>(options.max_db_bytes / static_cast<std::uint64_t>(page_size)));
  db.execAndGet("PRAGMA max_page_count = " + std::to_string(pages));
}

// Opens the writer's connection and makes sure the file holds our schema.
SQLite::Database open_writer(const std::filesystem::path& path, const SqliteSessionStoreOptions& options) {
  SQLite::Database db(path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE, busy_timeout_ms(options));
  // WAL lets loads read while the writer commits; NORMAL skips the fsync per commit (a power cut may
  // lose the last commits but never corrupts the file), which matches the async loss window anyway.
  const std::string mode = db.execAndGet("PRAGMA journal_mode=WAL").getString();
  if (mode != "wal") throw std::runtime_error("cannot switch to WAL mode (journal_mode is " + mode + ")");
  db.exec("PRAGMA synchronous=NORMAL");
  apply_size_limit(db, options);
  db.exec(
      "CREATE TABLE IF NOT EXISTS sessions ("
      " id TEXT PRIMARY KEY NOT NULL,"
      " state TEXT NOT NULL,"
      " updated_at INTEGER NOT NULL,"
      " version INTEGER NOT NULL)");
  db.exec("CREATE INDEX IF NOT EXISTS sessions_updated_at ON sessions(updated_at)");
  return db;
}

SQLite::Database open_reader(const std::filesystem::path& path, const SqliteSessionStoreOptions& options) {
  SQLite::Database db(path.string(), SQLite::OPEN_READWRITE, busy_timeout_ms(options));
  db.exec("PRAGMA synchronous=NORMAL");  // per connection; expire_idle deletes through this one
  apply_size_limit(db, options);
  return db;
}

// A failed step leaves its statement in an error state: reset it before the transaction rolls back.
class ResetOnExit {
 public:
  ResetOnExit(SQLite::Statement& a, SQLite::Statement& b) : a_(a), b_(b) {}
  ~ResetOnExit() {
    a_.tryReset();
    b_.tryReset();
  }
  ResetOnExit(const ResetOnExit&) = delete;
  ResetOnExit& operator=(const ResetOnExit&) = delete;

 private:
  SQLite::Statement& a_;
  SQLite::Statement& b_;
};

}  // namespace

SqliteSessionStore::SqliteSessionStore(std::filesystem::path path, SqliteSessionStoreOptions options) try
    : path_(path),
      options_(options),
      write_db_(open_writer(path, options)),
      upsert_(write_db_,
              "INSERT INTO sessions (id, state, updated_at, version) VALUES (?1, ?2, ?3, ?4)"
              " ON CONFLICT (id) DO UPDATE SET"
              " state = excluded.state, updated_at = excluded.updated_at, version = excluded.version"),
      delete_(write_db_, "DELETE FROM sessions WHERE id = ?1"),
      read_db_(open_reader(path, options)),
      select_(read_db_, "SELECT state, updated_at, version FROM sessions WHERE id = ?1"),
      count_(read_db_, "SELECT COUNT(*) FROM sessions"),
      expire_(read_db_, "DELETE FROM sessions WHERE updated_at < ?1 RETURNING id"),
      evict_(read_db_,
             "DELETE FROM sessions WHERE id IN (SELECT id FROM sessions ORDER BY updated_at, id"
             " LIMIT max(0, (SELECT COUNT(*) FROM sessions) - ?1))") {
  writer_ = std::thread([this] { run_writer(); });
} catch (const std::exception& error) {
  throw SessionStoreError("session store " + path.string() + ": cannot open: " + error.what());
}

SqliteSessionStore::~SqliteSessionStore() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  writer_wake_.notify_one();
  writer_.join();
}

std::optional<StoredSession> SqliteSessionStore::load(std::string_view id) {
  {
    std::lock_guard lock(mutex_);
    // pending_ is newer than the batch being written, which is newer than the database.
    for (const ChangeMap* changes : {&pending_, &in_flight_}) {
      const auto it = changes->find(id);
      if (it == changes->end()) continue;
      if (it->second.erased) return std::nullopt;
      return StoredSession{std::string(id), it->second.state, it->second.updated_at, it->second.version};
    }
  }
  std::lock_guard lock(read_mutex_);
  try {
    select_.tryReset();
    select_.bind(1, std::string(id));
    if (!select_.executeStep()) return std::nullopt;
    StoredSession session{std::string(id), select_.getColumn(0).getString(), select_.getColumn(1).getInt64(),
                          static_cast<std::uint64_t>(select_.getColumn(2).getInt64())};
    select_.tryReset();  // ends the read transaction so the WAL can be checkpointed
    return session;
  } catch (const std::exception& error) {
    fail("load", error);
  }
}

void SqliteSessionStore::save(const StoredSession& session) {
  // Copy the state before taking the lock: the lock only guards a map update.
  accept(session.id, Change{session.state, session.updated_at, session.version, false});
}

void SqliteSessionStore::erase(std::string_view id) {
  accept(id, Change{{}, 0, 0, true});
}

void SqliteSessionStore::accept(std::string_view id, Change change) {
  std::unique_lock lock(mutex_);
  auto it = pending_.find(id);
  if (it == pending_.end() && unsaved_locked() >= options_.max_pending) {
    const auto too_many = [&] {
      return SessionStoreError("session store " + path_.string() +
                               ": too many unsaved sessions: " + last_error_);
    };
    // The disk is failing: another attempt now would fail too, and waiting would hold a turn.
    if (last_attempt_failed_) throw too_many();
    const std::uint64_t failures_before = failures_;
    write_requested_ = true;
    writer_wake_.notify_one();
    progress_.wait(lock,
                   [&] { return unsaved_locked() < options_.max_pending || failures_ != failures_before; });
    if (unsaved_locked() >= options_.max_pending) throw too_many();
    it = pending_.find(id);  // another thread may have saved this id while we waited
  }
  if (it == pending_.end()) {
    pending_.emplace(std::string(id), std::move(change));
  } else {
    std::swap(it->second, change);  // the replaced state is freed after the lock is released
  }
  ++accepted_;
}

std::size_t SqliteSessionStore::expire_idle(std::chrono::seconds idle, std::int64_t now) {
  const std::int64_t cutoff = now - idle.count();
  std::unordered_set<std::string> removed;
  const auto drop_stale_pending = [&] {
    std::lock_guard lock(mutex_);
    for (auto it = pending_.begin(); it != pending_.end();) {
      if (!it->second.erased && it->second.updated_at < cutoff) {
        removed.insert(it->first);
        it = pending_.erase(it);
      } else {
        ++it;
      }
    }
  };
  drop_stale_pending();
  // Commit the batch being written (and everything else accepted) first, so that no stale session
  // written after the delete survives it. When writes fail (a full disk), the failed batch is back in
  // the pending map: its stale entries go too, and the delete runs anyway, since it is what makes room.
  if (!try_flush()) drop_stale_pending();
  std::lock_guard lock(read_mutex_);
  try {
    expire_.tryReset();
    expire_.bind(1, cutoff);
    while (expire_.executeStep()) removed.insert(expire_.getColumn(0).getString());
    expire_.tryReset();
  } catch (const std::exception& error) {
    fail("expire_idle", error);
  }
  return removed.size();
}

std::size_t SqliteSessionStore::evict_oldest(std::size_t keep) {
  // Count what is stored, and let no older save land after the delete. When writes fail (a full
  // disk) the delete runs anyway to make room: what waits unsaved is newer than any stored row.
  (void)try_flush();
  std::lock_guard lock(read_mutex_);
  try {
    evict_.tryReset();
    evict_.bind(1, static_cast<std::int64_t>(keep));
    const int removed = evict_.exec();
    evict_.tryReset();
    return static_cast<std::size_t>(removed);
  } catch (const std::exception& error) {
    fail("evict_oldest", error);
  }
}

void SqliteSessionStore::flush() {
  std::unique_lock lock(mutex_);
  const std::uint64_t target = accepted_;
  const std::uint64_t failures_before = failures_;
  write_requested_ = true;
  writer_wake_.notify_one();
  // Nothing pending and nothing in flight also means done: expire_idle may have dropped the changes
  // this flush was waiting for.
  const auto done = [&] { return committed_ >= target || (pending_.empty() && in_flight_.empty()); };
  progress_.wait(lock, [&] { return done() || failures_ != failures_before; });
  if (!done()) {
    throw SessionStoreError("session store " + path_.string() + ": sessions not saved: " + last_error_);
  }
}

bool SqliteSessionStore::try_flush() {
  try {
    flush();
    return true;
  } catch (const SessionStoreError&) {
    return false;
  }
}

std::size_t SqliteSessionStore::count() {
  std::lock_guard lock(read_mutex_);
  try {
    count_.tryReset();
    count_.executeStep();
    const auto rows = static_cast<std::size_t>(count_.getColumn(0).getInt64());
    count_.tryReset();
    return rows;
  } catch (const std::exception& error) {
    fail("count", error);
  }
}

void SqliteSessionStore::check_health() {
  {
    std::lock_guard lock(mutex_);
    if (last_attempt_failed_)
      throw SessionStoreError("session store " + path_.string() + ": writes are failing: " + last_error_);
  }
  SessionStore::check_health();
}

void SqliteSessionStore::check_can_start_session() {
  std::lock_guard lock(mutex_);
  if (last_attempt_failed_) {
    throw SessionRefusedError("session store " + path_.string() +
                              ": no new sessions while writes fail: " + last_error_);
  }
}

std::size_t SqliteSessionStore::pending_count() {
  std::lock_guard lock(mutex_);
  return pending_.size();
}

std::size_t SqliteSessionStore::unsaved_count() {
  std::lock_guard lock(mutex_);
  return unsaved_locked();
}

std::uint64_t SqliteSessionStore::failed_writes() {
  std::lock_guard lock(mutex_);
  return failures_;
}

void SqliteSessionStore::log_attempt(const std::string& error, std::size_t unsaved) {
  if (error.empty()) {
    if (const auto failed = write_failure_log_.settle())
      log::warn("session_store_write_recovered", {{"store", path_.string()}, {"failed_attempts", failed}});
    return;
  }
  if (const auto attempts = write_failure_log_.occurred()) {
    log::error("session_store_write_failed",
               {{"store", path_.string()}, {"what", error}, {"attempts", attempts}, {"unsaved", unsaved}});
  }
}

void SqliteSessionStore::run_writer() {
  std::unique_lock lock(mutex_);
  auto next_round = std::chrono::steady_clock::now() + options_.flush_interval;
  for (;;) {
    // Wake early only for a request with something to write. Each request (a flush, a save facing a
    // full map) earns one attempt, so a failing disk is retried per request or per interval, never in
    // a busy loop that would also keep the lock from the callers.
    writer_wake_.wait_until(lock, next_round,
                            [&] { return stopping_ || (write_requested_ && !pending_.empty()); });
    write_requested_ = false;
    next_round = std::chrono::steady_clock::now() + options_.flush_interval;
    if (pending_.empty()) {
      committed_ = accepted_;  // nothing pending and nothing in flight: all accepted changes are durable
      progress_.notify_all();
      if (stopping_) return;
      continue;
    }

    const std::uint64_t batch_end = accepted_;
    in_flight_.swap(pending_);
    progress_.notify_all();  // saves blocked on a full map may go on
    lock.unlock();
    std::string error;
    try {
      write_batch(in_flight_);
    } catch (const std::exception& e) {
      error = e.what();
    }
    lock.lock();

    ChangeMap written;
    last_attempt_failed_ = !error.empty();
    if (error.empty()) {
      committed_ = batch_end;
      written.swap(in_flight_);
    } else {
      ++failures_;
      last_error_ = error;
      // Keep the failed changes for the next round unless the id was saved again meanwhile.
      while (!in_flight_.empty()) pending_.insert(in_flight_.extract(in_flight_.begin()));
    }
    progress_.notify_all();
    if (stopping_ && !error.empty()) {
      log::error(
          "sessions_not_saved",
          {{"store", path_.string()}, {"sessions", pending_.size()}, {"what", error}, {"at", "shutdown"}});
      return;
    }
    const std::size_t unsaved = unsaved_locked();
    lock.unlock();
    log_attempt(error, unsaved);
    written.clear();  // free the batch outside the lock
    lock.lock();
  }
}

void SqliteSessionStore::write_batch(const ChangeMap& batch) {
  SQLite::Transaction transaction(write_db_, SQLite::TransactionBehavior::IMMEDIATE);
  const ResetOnExit reset(upsert_, delete_);
  for (const auto& [id, change] : batch) {
    if (change.erased) {
      delete_.tryReset();
      delete_.bindNoCopy(1, id);
      delete_.exec();
    } else {
      upsert_.tryReset();
      upsert_.bindNoCopy(1, id);
      upsert_.bindNoCopy(2, change.state);
      upsert_.bind(3, change.updated_at);
      upsert_.bind(4, static_cast<std::int64_t>(change.version));
      upsert_.exec();
    }
  }
  transaction.commit();
}

void SqliteSessionStore::fail(const std::string& doing, const std::exception& error) const {
  throw SessionStoreError("session store " + path_.string() + ": " + doing + ": " + error.what());
}

}  // namespace careerbot::store
