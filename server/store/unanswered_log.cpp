#include "store/unanswered_log.hpp"

#include <ctime>

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include "common/utc_time.hpp"
#include "common/utf8.hpp"
#include "store/local_database.hpp"

namespace careerbot::store {

UnansweredLog::UnansweredLog(const std::filesystem::path& path)
    : db_(open_local_database(
          path,
          "CREATE TABLE IF NOT EXISTS unanswered(text TEXT PRIMARY KEY, count INTEGER NOT NULL, "
          "first_seen TEXT NOT NULL, last_seen TEXT NOT NULL)",
          "unanswered questions database")),
      writer_([this] { writer_loop(); }) {}

UnansweredLog::~UnansweredLog() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  writer_.join();
}

void UnansweredLog::record(std::string_view normalized_text) {
  if (normalized_text.empty()) return;
  const std::string text(utf8::prefix(normalized_text, 300));
  const std::string now = utc_timestamp();
  std::lock_guard lock(mutex_);
  Pending& entry = pending_[text];
  if (entry.count == 0) entry.first_seen = now;
  entry.last_seen = now;
  ++entry.count;
}

void UnansweredLog::write(std::map<std::string, Pending> batch) {
  if (batch.empty()) return;
  std::lock_guard lock(db_mutex_);
  SQLite::Statement upsert(db_,
                           "INSERT INTO unanswered(text, count, first_seen, last_seen) VALUES(?, ?, ?, ?) "
                           "ON CONFLICT(text) DO UPDATE SET count = count + excluded.count, "
                           "last_seen = excluded.last_seen");
  SQLite::Transaction transaction(db_);
  for (const auto& [text, entry] : batch) {
    upsert.bind(1, text);
    upsert.bind(2, entry.count);
    upsert.bind(3, entry.first_seen);
    upsert.bind(4, entry.last_seen);
    upsert.exec();
    upsert.reset();
  }
  transaction.commit();
}

void UnansweredLog::flush() {
  std::map<std::string, Pending> batch;
  {
    std::lock_guard lock(mutex_);
    batch.swap(pending_);
  }
  write(std::move(batch));
}

void UnansweredLog::writer_loop() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait_for(lock, std::chrono::seconds(1), [this] { return stopping_; });
    std::map<std::string, Pending> batch;
    batch.swap(pending_);
    const bool stop = stopping_;
    lock.unlock();
    try {
      write(std::move(batch));
    } catch (const std::exception&) {
      // A failed write loses these counts only; the bot keeps answering.
    }
    if (stop) return;
    lock.lock();
  }
}

std::vector<UnansweredQuestion> UnansweredLog::top(std::size_t limit) {
  flush();
  std::vector<UnansweredQuestion> out;
  std::lock_guard lock(db_mutex_);
  SQLite::Statement query(db_,
                          "SELECT text, count, first_seen, last_seen FROM unanswered "
                          "ORDER BY count DESC, last_seen DESC LIMIT ?");
  query.bind(1, static_cast<std::int64_t>(limit));
  while (query.executeStep())
    out.push_back({query.getColumn(0).getString(), query.getColumn(1).getInt64(),
                   query.getColumn(2).getString(), query.getColumn(3).getString()});
  return out;
}

}  // namespace careerbot::store
