#pragma once
// Which careerbot session each chat of a messaging channel talks in: key -> session id, cached in
// memory and written through to a small SQLite file of its own, so a chat keeps its conversation
// across restarts. TelegramChats (chat id) and WhatsAppContacts (hashed contact) are this map with
// their own file, table and key column.
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

// Key: std::int64_t (an INTEGER column) or std::string (TEXT); both are instantiated in the .cpp.
template <typename Key>
class ChannelSessions {
 public:
  struct Table {
    const char* name;        // e.g. "telegram_chats"
    const char* key_column;  // e.g. "chat_id"
    const char* what;        // for errors: "Telegram chats database"
  };
  // Opens or creates `db_path` and its folder (open_local_database). Throws std::runtime_error naming
  // the file when it cannot.
  ChannelSessions(const std::filesystem::path& db_path, const Table& table);
  ChannelSessions(const ChannelSessions&) = delete;
  ChannelSessions& operator=(const ChannelSessions&) = delete;

  // The session last remembered for `key` (from memory, else from the file), or nullopt.
  std::optional<std::string> session_for(const Key& key);

  // Records that `key` now talks in `session_id`. Does nothing when that is already known; otherwise
  // writes the file before returning. Throws SQLite::Exception when the write fails; the memory cache
  // holds the new value even then (the mapping just will not survive a restart).
  void remember(const Key& key, const std::string& session_id);

 private:
  std::mutex cache_mutex_;
  std::unordered_map<Key, std::string> cache_;

  std::mutex db_mutex_;
  SQLite::Database db_;
  SQLite::Statement select_;  // declared after db_: statements must die before their database
  SQLite::Statement upsert_;
};

extern template class ChannelSessions<std::int64_t>;
extern template class ChannelSessions<std::string>;

}  // namespace careerbot::store
