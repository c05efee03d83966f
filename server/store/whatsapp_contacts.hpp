#pragma once
// Which careerbot session each WhatsApp contact talks in: contact -> session id, cached in memory and
// written through to a small SQLite file of its own (var/whatsapp.db next to the sessions database),
// so a contact keeps its conversation across restarts. The contact is a keyed hash of the phone
// number (net::contact_key), never the number: the file alone does not tell whom the bot talked to.
//
// Durability as TelegramChats: remember() returns after the row is written (WAL, synchronous=NORMAL);
// writes happen only when a contact is new or its session expired.
//
// RAII: the constructor opens (and creates) the file and its table; the destructor closes it.
// Thread-safety: every method may be called from any thread at once (one mutex for the cache, one
// for the database connection).

#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

namespace careerbot::store {

class WhatsAppContacts {
 public:
  // Opens or creates `db_path` and its folder (open_local_database). Throws std::runtime_error naming
  // the file when it cannot.
  explicit WhatsAppContacts(const std::filesystem::path& db_path);
  WhatsAppContacts(const WhatsAppContacts&) = delete;
  WhatsAppContacts& operator=(const WhatsAppContacts&) = delete;

  // The session last remembered for `contact` (from memory, else from the file), or nullopt.
  std::optional<std::string> session_for(const std::string& contact);

  // Records that `contact` now talks in `session_id`. Does nothing when that is already known;
  // otherwise writes the file before returning. Throws SQLite::Exception when the write fails; the
  // memory cache holds the new value even then.
  void remember(const std::string& contact, const std::string& session_id);

 private:
  std::mutex cache_mutex_;
  std::unordered_map<std::string, std::string> cache_;

  std::mutex db_mutex_;
  SQLite::Database db_;
  SQLite::Statement select_;  // declared after db_: statements must die before their database
  SQLite::Statement upsert_;
};

}  // namespace careerbot::store
