#pragma once
// The knowledge database schema (SQLite with FTS5). Written only by the builder; read by
// KnowledgeBase, which refuses a database whose schema version differs.

#include <string_view>

namespace careerbot::knowledge {

inline constexpr int kSchemaVersion = 1;

// Statements creating every table, separated by ';' (run with sqlite3_exec / Database::exec).
extern const std::string_view kSchemaSql;

}  // namespace careerbot::knowledge
