#include "store/telegram_chats.hpp"

#include <chrono>

#include "store/local_database.hpp"

namespace careerbot::store {
namespace {

SQLite::Database open_database(const std::filesystem::path& db_path) {
  // busy_timeout: a second instance on the same file waits for a write instead of failing at once.
  return open_local_database(db_path,
                             "PRAGMA busy_timeout=2000;"
                             "CREATE TABLE IF NOT EXISTS telegram_chats ("
                             " chat_id INTEGER PRIMARY KEY,"
                             " session_id TEXT NOT NULL,"
                             " updated_at INTEGER NOT NULL)",
                             "Telegram chats database");
}

std::int64_t unix_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

TelegramChats::TelegramChats(const std::filesystem::path& db_path)
    : db_(open_database(db_path)),
      select_(db_, "SELECT session_id FROM telegram_chats WHERE chat_id = ?"),
      upsert_(db_,
              "INSERT INTO telegram_chats (chat_id, session_id, updated_at) VALUES (?, ?, ?) "
              "ON CONFLICT(chat_id) DO UPDATE SET session_id = excluded.session_id, "
              "updated_at = excluded.updated_at") {}

std::optional<std::string> TelegramChats::session_for(std::int64_t chat_id) {
  {
    std::lock_guard lock(cache_mutex_);
    if (auto it = cache_.find(chat_id); it != cache_.end()) return it->second;
  }
  std::optional<std::string> found;
  {
    std::lock_guard lock(db_mutex_);
    select_.reset();
    select_.bind(1, chat_id);
    if (select_.executeStep()) found = select_.getColumn(0).getString();
    select_.reset();
  }
  if (found) {
    std::lock_guard lock(cache_mutex_);
    cache_.try_emplace(chat_id, *found);  // a concurrent remember() wins: it is newer
  }
  return found;
}

void TelegramChats::remember(std::int64_t chat_id, const std::string& session_id) {
  {
    // The cache changes first, so a failed write still leaves the chat in its session until restart.
    std::lock_guard lock(cache_mutex_);
    auto [it, inserted] = cache_.try_emplace(chat_id, session_id);
    if (!inserted && it->second == session_id) return;
    it->second = session_id;
  }
  std::lock_guard lock(db_mutex_);
  upsert_.reset();
  upsert_.bind(1, chat_id);
  upsert_.bind(2, session_id);
  upsert_.bind(3, unix_seconds());
  upsert_.exec();
  upsert_.reset();
}

}  // namespace careerbot::store
