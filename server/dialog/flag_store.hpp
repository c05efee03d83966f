#pragma once
// Sessions flagged by safeguarding for a human to follow up: the session id, the category, the
// student's message and when (UTC), open until a counsellor closes it. This is the ONLY place a
// safeguarding message is kept: session history, the unanswered log, logs and metrics never see it.
//
// Flags are rare, so record() writes synchronously; it never throws (a failed write must not cost
// the student the supportive reply) and reports failure by returning nullopt.
// Thread-safety: every method may be called from any thread (one connection behind a mutex).

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <SQLiteCpp/Database.h>

namespace careerbot::dialog {

struct Flag {
  std::int64_t id = 0;
  std::string session_id;
  std::string category;
  std::string message;     // as the student wrote it (cut to 2,000 characters)
  std::string created_at;  // UTC, ISO 8601
  bool open = true;
};

class FlagStore {
 public:
  // Opens or creates the database; throws std::runtime_error naming the path on failure.
  explicit FlagStore(const std::filesystem::path& path);
  FlagStore(const FlagStore&) = delete;
  FlagStore& operator=(const FlagStore&) = delete;

  // Records an open flag; returns its id, or nullopt when the write failed.
  std::optional<std::int64_t> record(std::string_view session_id, std::string_view category,
                                     std::string_view message) noexcept;
  // Open flags, oldest first (the longest-waiting student first), at most `limit`.
  std::vector<Flag> open_flags(std::size_t limit);
  // Closes a flag; false when no open flag has that id.
  bool close(std::int64_t id);

 private:
  std::mutex mutex_;
  SQLite::Database db_;
};

}  // namespace careerbot::dialog
