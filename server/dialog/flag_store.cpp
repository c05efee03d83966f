#include "dialog/flag_store.hpp"

#include <ctime>

#include <SQLiteCpp/Statement.h>

#include "common/utc_time.hpp"
#include "common/utf8.hpp"
#include "dialog/local_database.hpp"

namespace careerbot::dialog {

FlagStore::FlagStore(const std::filesystem::path& path)
    : db_(open_local_database(path,
                              "CREATE TABLE IF NOT EXISTS flags(id INTEGER PRIMARY KEY AUTOINCREMENT, "
                              "session_id TEXT NOT NULL, category TEXT NOT NULL, message TEXT NOT NULL, "
                              "created_at TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'open' "
                              "CHECK(status IN ('open', 'closed')), closed_at TEXT);"
                              "CREATE INDEX IF NOT EXISTS flags_open ON flags(status, id);",
                              "safeguarding flags database")) {}

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

}  // namespace careerbot::dialog
