#include "store/channel_sessions.hpp"

#include <chrono>
#include <type_traits>

#include "store/local_database.hpp"

namespace careerbot::store {
namespace {

template <typename Key>
SQLite::Database open_database(const std::filesystem::path& db_path,
                               const typename ChannelSessions<Key>::Table& t) {
  const std::string key_type = std::is_integral_v<Key> ? "INTEGER" : "TEXT";
  // busy_timeout: a second instance on the same file waits for a write instead of failing at once.
  return open_local_database(db_path,
                             "PRAGMA busy_timeout=2000;"
                             "CREATE TABLE IF NOT EXISTS " +
                                 std::string(t.name) + " (" + t.key_column + " " + key_type +
                                 " PRIMARY KEY, session_id TEXT NOT NULL, updated_at INTEGER NOT NULL)",
                             t.what);
}

std::int64_t unix_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

template <typename Key>
ChannelSessions<Key>::ChannelSessions(const std::filesystem::path& db_path, const Table& table)
    : db_(open_database<Key>(db_path, table)),
      select_(db_,
              std::string("SELECT session_id FROM ") + table.name + " WHERE " + table.key_column + " = ?"),
      upsert_(db_, std::string("INSERT INTO ") + table.name + " (" + table.key_column +
                       ", session_id, updated_at) VALUES (?, ?, ?) ON CONFLICT(" + table.key_column +
                       ") DO UPDATE SET session_id = excluded.session_id, updated_at = excluded.updated_at") {
}

template <typename Key>
std::optional<std::string> ChannelSessions<Key>::session_for(const Key& key) {
  {
    std::lock_guard lock(cache_mutex_);
    if (auto it = cache_.find(key); it != cache_.end()) return it->second;
  }
  std::optional<std::string> found;
  {
    std::lock_guard lock(db_mutex_);
    select_.reset();
    select_.bind(1, key);
    if (select_.executeStep()) found = select_.getColumn(0).getString();
    select_.reset();
  }
  if (found) {
    std::lock_guard lock(cache_mutex_);
    cache_.try_emplace(key, *found);  // a concurrent remember() wins: it is newer
  }
  return found;
}

template <typename Key>
void ChannelSessions<Key>::remember(const Key& key, const std::string& session_id) {
  {
    // The cache changes first, so a failed write still leaves the chat in its session until restart.
    std::lock_guard lock(cache_mutex_);
    auto [it, inserted] = cache_.try_emplace(key, session_id);
    if (!inserted && it->second == session_id) return;
    it->second = session_id;
  }
  std::lock_guard lock(db_mutex_);
  upsert_.reset();
  upsert_.bind(1, key);
  upsert_.bind(2, session_id);
  upsert_.bind(3, unix_seconds());
  upsert_.exec();
  upsert_.reset();
}

template class ChannelSessions<std::int64_t>;
template class ChannelSessions<std::string>;

}  // namespace careerbot::store
