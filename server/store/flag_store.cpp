#include "store/flag_store.hpp"

#include <ctime>

#include <SQLiteCpp/Statement.h>

#include "common/log.hpp"
#include "common/utc_time.hpp"
#include "common/utf8.hpp"
#include "store/local_database.hpp"

namespace careerbot::store {

FlagStore::FlagStore(const std::filesystem::path& path, FlagStoreOptions options)
    : options_(options),
      db_(open_local_database(path,
                              "CREATE TABLE IF NOT EXISTS flags(id INTEGER PRIMARY KEY AUTOINCREMENT, "
                              "session_id TEXT NOT NULL, category TEXT NOT NULL, message TEXT NOT NULL, "
                              "created_at TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'open' "
                              "CHECK(status IN ('open', 'closed')), closed_at TEXT);"
                              "CREATE INDEX IF NOT EXISTS flags_open ON flags(status, id);",
                              "safeguarding flags database")) {
  // A backup or a counsellor's tool holding the file briefly must not fail the write at once.
  db_.setBusyTimeout(static_cast<int>(options_.busy_timeout.count()));
  writer_ = std::thread([this] { writer_loop(); });
}

FlagStore::~FlagStore() {
  {
    std::lock_guard lock(queue_mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  writer_.join();
}

void FlagStore::submit(std::string_view session_id, std::string_view category,
                       std::string_view message) noexcept {
  try {
    Pending flag{std::string(session_id), std::string(category), std::string(utf8::prefix(message, 2000)),
                 utc_timestamp(), 0};
    {
      std::lock_guard lock(queue_mutex_);
      if (queue_.size() >= options_.max_pending) {
        dropped_.fetch_add(1, std::memory_order_relaxed);
        log::error("flag_lost", {{"category", flag.category}, {"why", "too many flags waiting"}});
        return;
      }
      queue_.push_back(std::move(flag));
    }
    wake_.notify_one();
  } catch (...) {
    dropped_.fetch_add(1, std::memory_order_relaxed);
  }
}

bool FlagStore::write(const Pending& flag) noexcept {
  try {
    std::lock_guard lock(mutex_);
    SQLite::Statement insert(
        db_, "INSERT INTO flags(session_id, category, message, created_at) VALUES(?, ?, ?, ?)");
    insert.bind(1, flag.session_id);
    insert.bind(2, flag.category);
    insert.bind(3, flag.message);
    insert.bind(4, flag.created_at);
    insert.exec();
    return true;
  } catch (const std::exception& e) {
    failed_writes_.fetch_add(1, std::memory_order_relaxed);
    // Never the message: distress text lives only in the flag record.
    log::error("flag_write_failed",
               {{"category", flag.category}, {"attempt", flag.attempts + 1}, {"what", e.what()}});
  } catch (...) {
    failed_writes_.fetch_add(1, std::memory_order_relaxed);
  }
  return false;
}

void FlagStore::writer_loop() {
  std::unique_lock lock(queue_mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty() && stopping_) return;
    Pending flag = std::move(queue_.front());
    queue_.pop_front();
    writing_ = true;
    lock.unlock();
    const bool written = write(flag);
    lock.lock();
    writing_ = false;
    if (written) continue;
    if (++flag.attempts >= options_.max_attempts || stopping_) {
      dropped_.fetch_add(1, std::memory_order_relaxed);
      log::error("flag_lost", {{"category", flag.category}, {"attempts", flag.attempts}});
      continue;
    }
    queue_.push_front(std::move(flag));  // oldest first, so the flags keep their order
    wake_.wait_for(lock, options_.retry_interval, [this] { return stopping_; });
  }
}

std::size_t FlagStore::pending() const {
  std::lock_guard lock(queue_mutex_);
  return queue_.size() + (writing_ ? 1 : 0);
}

std::optional<std::int64_t> FlagStore::record(std::string_view session_id, std::string_view category,
                                              std::string_view message) noexcept {
  try {
    std::lock_guard lock(mutex_);
    SQLite::Statement insert(
        db_, "INSERT INTO flags(session_id, category, message, created_at) VALUES(?, ?, ?, ?)");
    insert.bind(1, std::string(session_id));
    insert.bind(2, std::string(category));
    insert.bind(3, std::string(utf8::prefix(message, 2000)));
    insert.bind(4, utc_timestamp());
    insert.exec();
    return db_.getLastInsertRowid();
  } catch (...) {
    return std::nullopt;
  }
}

std::vector<Flag> FlagStore::open_flags(std::size_t limit) {
  std::lock_guard lock(mutex_);
  SQLite::Statement query(db_,
                          "SELECT id, session_id, category, message, created_at FROM flags "
                          "WHERE status = 'open' ORDER BY id LIMIT ?");
  query.bind(1, static_cast<std::int64_t>(limit));
  std::vector<Flag> out;
  while (query.executeStep())
    out.push_back({query.getColumn(0).getInt64(), query.getColumn(1).getString(),
                   query.getColumn(2).getString(), query.getColumn(3).getString(),
                   query.getColumn(4).getString(), true});
  return out;
}

bool FlagStore::close(std::int64_t id) {
  std::lock_guard lock(mutex_);
  SQLite::Statement update(
      db_, "UPDATE flags SET status = 'closed', closed_at = ? WHERE id = ? AND status = 'open'");
  update.bind(1, utc_timestamp());
  update.bind(2, id);
  return update.exec() == 1;
}

}  // namespace careerbot::store
