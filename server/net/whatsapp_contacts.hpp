#pragma once
// Which careerbot session each WhatsApp contact talks in: contact -> session id, cached in memory and
// written through to a small SQLite file of its own (var/whatsapp.db next to the sessions database),
// so a contact keeps its conversation across restarts. The contact is a keyed hash of the phone
// number (contact_key), never the number: the file alone does not tell whom the bot talked to.
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

namespace careerbot::net {

// The stored and logged name of a WhatsApp number: HMAC-SHA256 of the number under the app secret,
// as 64 hex digits. A phone number has too few digits for a plain hash to hide it; without the secret
// the key cannot be turned back into the number. (A new app secret therefore starts every contact
// on a fresh conversation.)
std::string contact_key(std::string_view app_secret, std::string_view number);

class WhatsAppContacts {
 public:
  // Opens or creates `db_path` (its folder must exist). Throws SQLite::Exception when it cannot.
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

}  // namespace careerbot::net
