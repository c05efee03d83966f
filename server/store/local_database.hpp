#pragma once
// Opens (creating when missing) one of the small SQLite files counsellors' records live in
// (unanswered questions, safeguarding flags): WAL mode, the schema applied, errors naming the file.

#include <filesystem>
#include <string_view>

#include <SQLiteCpp/Database.h>

namespace careerbot::store {

// `schema` holds CREATE ... IF NOT EXISTS statements; `what` names the records in errors
// ("unanswered questions database var/unanswered.db: ..."). Throws std::runtime_error.
SQLite::Database open_local_database(const std::filesystem::path& path, std::string_view schema,
                                     std::string_view what);

}  // namespace careerbot::store
