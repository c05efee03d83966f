#pragma once
// Sessions flagged by safeguarding for a human to follow up: the session id, the category, the
// student's message and when (UTC), open until a counsellor closes it. This is the ONLY place a
// safeguarding message is kept: session history, the unanswered log, logs and metrics never see it.
//
// Two ways in. submit() never touches the disk on the caller's thread (the safeguarding reply must
// never wait for storage): it queues the flag and a writer thread writes it at once. A write that
// fails (disk full, the file locked longer than busy_timeout by a backup) is logged without the
// message, counted (failed_writes()) and retried every retry_interval, at most max_attempts times;
// then the flag is counted in dropped() and logged as lost. At most max_pending flags wait; more are
// dropped the same way. A crash loses only flags still queued (normally a few milliseconds' worth).
// record() writes synchronously and reports failure by returning nullopt (tests, tools).
//
// RAII: the constructor opens the file and starts the writer; the destructor makes a last attempt
// at what is queued, then stops it. Thread-safety: every method may be called from any thread.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <SQLiteCpp/Database.h>

namespace careerbot::store {

struct Flag {
  std::int64_t id = 0;
  std::string session_id;
  std::string category;
  std::string message;     // as the student wrote it (cut to 2,000 characters)
  std::string created_at;  // UTC, ISO 8601
  bool open = true;
};

struct FlagStoreOptions {
  std::chrono::milliseconds busy_timeout{2000};   // how long one write waits for a locked file
  std::chrono::milliseconds retry_interval{500};  // between attempts at a failed write
  int max_attempts = 20;                          // then the flag is dropped (and logged as lost)
  std::size_t max_pending = 10000;                // flags waiting to be written
};

class FlagStore {
 public:
  // Opens or creates the database; throws std::runtime_error naming the path on failure.
  explicit FlagStore(const std::filesystem::path& path, FlagStoreOptions options = {});
  ~FlagStore();
  FlagStore(const FlagStore&) = delete;
  FlagStore& operator=(const FlagStore&) = delete;

  // Queues an open flag for the writer thread; never blocks on the disk, never throws.
  void submit(std::string_view session_id, std::string_view category, std::string_view message) noexcept;
  // Records an open flag now; returns its id, or nullopt when the write failed.
  std::optional<std::int64_t> record(std::string_view session_id, std::string_view category,
                                     std::string_view message) noexcept;
  // Open flags, oldest first (the longest-waiting student first), at most `limit`.
  std::vector<Flag> open_flags(std::size_t limit);
  // Closes a flag; false when no open flag has that id.
  bool close(std::int64_t id);

  // For metrics: failed write attempts, flags given up on, flags waiting to be written (the one being
  // written included).
  std::uint64_t failed_writes() const noexcept { return failed_writes_.load(std::memory_order_relaxed); }
  std::uint64_t dropped() const noexcept { return dropped_.load(std::memory_order_relaxed); }
  std::size_t pending() const;

 private:
  struct Pending {
    std::string session_id;
    std::string category;
    std::string message;
    std::string created_at;
    int attempts = 0;
  };
  bool write(const Pending& flag) noexcept;
  void writer_loop();

  const FlagStoreOptions options_;
  std::mutex mutex_;  // the database connection
  SQLite::Database db_;
  mutable std::mutex queue_mutex_;
  std::condition_variable wake_;
  std::deque<Pending> queue_;
  bool writing_ = false;  // the writer holds a flag outside queue_ (still pending)
  bool stopping_ = false;
  std::atomic<std::uint64_t> failed_writes_{0};
  std::atomic<std::uint64_t> dropped_{0};
  std::thread writer_;  // last: started after everything it uses
};

}  // namespace careerbot::store
