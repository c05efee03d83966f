#include "store/local_database.hpp"

#include <stdexcept>
#include <string>

namespace careerbot::store {

SQLite::Database open_local_database(const std::filesystem::path& path, std::string_view schema,
                                     std::string_view what) {
  try {
    if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
    SQLite::Database db(path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("PRAGMA journal_mode=WAL");
    db.exec("PRAGMA synchronous=NORMAL");
    db.exec(std::string(schema));
    return db;
  } catch (const std::exception& e) {
    throw std::runtime_error(std::string(what) + " " + path.string() + ": " + e.what());
  }
}

}  // namespace careerbot::store
