#pragma once
// Questions the bot could not answer, for counsellors to act on: the normalised text, how often it
// was asked, and when first and last. No session ids or other personal data are kept.
//
// record() never touches the disk on the caller's thread: counts gather in memory and a background
// thread adds them to SQLite once a second (a crash loses at most that second of counts).
// Thread-safety: every method may be called from any thread.

#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <SQLiteCpp/Database.h>

namespace careerbot::store {

struct UnansweredQuestion {
  std::string text;
  std::int64_t count = 0;
  std::string first_seen;  // UTC, ISO 8601
  std::string last_seen;
};

class UnansweredLog {
 public:
  // Opens or creates the database; throws std::runtime_error naming the path on failure.
  explicit UnansweredLog(const std::filesystem::path& path);
  ~UnansweredLog();  // writes what is pending
  UnansweredLog(const UnansweredLog&) = delete;
  UnansweredLog& operator=(const UnansweredLog&) = delete;

  // Counts one unanswered question (already normalised; empty text is ignored; cut to 300 characters).
  void record(std::string_view normalized_text);
  // The most frequent questions first, at most `limit`; includes counts not yet written.
  std::vector<UnansweredQuestion> top(std::size_t limit);
  // Writes pending counts now.
  void flush();

 private:
  struct Pending {
    std::int64_t count = 0;
    std::string first_seen, last_seen;
  };
  void writer_loop();
  void write(std::map<std::string, Pending> batch);

  std::mutex mutex_;  // guards pending_, stopping_
  std::condition_variable wake_;
  std::map<std::string, Pending> pending_;
  bool stopping_ = false;
  std::mutex db_mutex_;  // one connection, used by the writer and by top()
  SQLite::Database db_;
  std::thread writer_;
};

}  // namespace careerbot::store
