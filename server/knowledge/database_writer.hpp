#pragma once
// Writes Careers into a fresh knowledge database (schema.hpp). Statements are prepared once in the
// constructor. Not thread-safe: one writer per connection; the caller owns the transaction.

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "knowledge/model.hpp"

namespace careerbot::knowledge {

class DatabaseWriter {
 public:
  // Creates the schema in `db` (which must be empty) and prepares the inserts.
  explicit DatabaseWriter(SQLite::Database& db);
  DatabaseWriter(const DatabaseWriter&) = delete;
  DatabaseWriter& operator=(const DatabaseWriter&) = delete;

  void write(const Career& career);
  // Fills the full-text index and the meta table; call once after every career is written.
  void finish(const std::string& content_hash);

 private:
  std::int64_t write_fact(std::int64_t career_id, const Fact& fact);

  SQLite::Database& db_;
  SQLite::Statement insert_career_, insert_alias_, insert_fact_, insert_tag_, insert_route_, insert_fit_,
      insert_step_, insert_employer_, insert_level_;
};

}  // namespace careerbot::knowledge
