#pragma once
// Which careerbot session each Telegram chat talks in: chat id -> session id, cached in memory and
// written through to a small SQLite file of its own (e.g. var/telegram.db next to the sessions db),
// so a chat keeps its conversation across restarts.
//
// Durability: remember() returns only after the row is written (WAL, synchronous=NORMAL): a process
// crash loses nothing; a power cut may lose the last few mappings, and those chats then simply start
// a new conversation. Writes happen only when a chat is new or its session expired, never per message.
//
// RAII: the constructor opens (and creates) the file and its table; the destructor closes it.
// Thread-safety: every method may be called from any thread at once (one mutex for the cache, one
// for the database connection, which is never used by two threads at a time).

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

namespace careerbot::store {

class TelegramChats {
 public:
  // Opens or creates `db_path` and its folder (open_local_database). Throws std::runtime_error naming
  // the file when it cannot.
  explicit TelegramChats(const std::filesystem::path& db_path);
  TelegramChats(const TelegramChats&) = delete;
  TelegramChats& operator=(const TelegramChats&) = delete;

  // The session last remembered for `chat_id` (from memory, else from the file), or nullopt.
  std::optional<std::string> session_for(std::int64_t chat_id);

  // Records that `chat_id` now talks in `session_id`. Does nothing when that is already known;
  // otherwise writes the file before returning. Throws SQLite::Exception when the write fails; the
  // memory cache holds the new value even then (the mapping just will not survive a restart).
  void remember(std::int64_t chat_id, const std::string& session_id);

 private:
  std::mutex cache_mutex_;
  std::unordered_map<std::int64_t, std::string> cache_;

  std::mutex db_mutex_;
  SQLite::Database db_;
  SQLite::Statement select_;  // declared after db_: statements must die before their database
  SQLite::Statement upsert_;
};

}  // namespace careerbot::store
