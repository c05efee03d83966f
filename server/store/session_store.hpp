#pragma once
// Where conversations live between turns and across restarts. The dialog module owns what a session
// holds (profile, focus, flow, history) and hands the store an opaque JSON text; a store only keeps,
// returns, expires and counts those texts. Backends: SqliteSessionStore (one process, embedded file)
// and RedisSessionStore (several instances sharing sessions; see shared()).

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace careerbot::store {

// One saved conversation.
struct StoredSession {
  std::string id;
  std::string state;            // opaque JSON text owned by the dialog module
  std::int64_t updated_at = 0;  // unix seconds of the last turn; expire_idle compares against it
  // Set by the caller: 1 on a session's first save, then the previous version + 1 on every save.
  // A shared backend (Redis) uses it for compare-and-set; the embedded store keeps the last save.
  std::uint64_t version = 0;
};

// The store cannot do its job (file unopenable or corrupt, disk full, server down). Callers answer
// with the protocol's "unavailable" error. what() names the store (for SQLite: the database path).
class SessionStoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The store takes no new sessions now: its writes are failing (a full disk), so a new conversation
// would live only in memory. Conversations already going continue. Callers answer "unavailable" and
// say that a new conversation cannot start now.
class SessionRefusedError : public SessionStoreError {
 public:
  using SessionStoreError::SessionStoreError;
};

// A shared store refused a save because another instance saved that session first (its stored
// version is not session.version - 1). The caller reloads and retries; left uncaught it is reported
// like any store failure.
class SessionConflictError : public SessionStoreError {
 public:
  using SessionStoreError::SessionStoreError;
};

// Every method is thread-safe and may throw SessionStoreError.
class SessionStore {
 public:
  virtual ~SessionStore() = default;

  // The session saved last under `id`, including saves not yet written to disk; nullopt when the id
  // is unknown, erased or removed by expire_idle.
  virtual std::optional<StoredSession> load(std::string_view id) = 0;
  // Replaces the session stored under `session.id`. May return before the data is durable: each
  // backend states how much a crash can lose. A shared store saves only when the stored version is
  // session.version - 1 (or nothing is stored and session.version is 1) and throws
  // SessionConflictError otherwise; an unshared store keeps the last save whatever its version.
  virtual void save(const StoredSession& session) = 0;
  // Forgets `id` (no error when unknown). Ordered with saves: a save after erase brings it back.
  virtual void erase(std::string_view id) = 0;
  // Removes every session whose updated_at < now - idle and returns how many were removed.
  virtual std::size_t expire_idle(std::chrono::seconds idle, std::int64_t now) = 0;
  // Keeps at most `keep` sessions: removes the least recently updated beyond that and returns how
  // many. A store that bounds itself another way (Redis: TTLs and maxmemory) keeps the default.
  virtual std::size_t evict_oldest(std::size_t keep) {
    (void)keep;
    return 0;
  }
  // Blocks until every save and erase accepted before the call is durable.
  virtual void flush() = 0;
  // Sessions stored durably (for metrics); saves not yet flushed may be missing from it.
  virtual std::size_t count() = 0;
  // True when other processes read and write the same sessions: then no in-memory copy may be
  // trusted, and the chatbot loads before and saves (with the version check) after every turn.
  virtual bool shared() const noexcept { return false; }
  // Throws SessionStoreError when the store cannot serve turns now (for /readyz). The default looks
  // up an id no session has, which reaches the database file or the server.
  virtual void check_health() { load("~readiness-probe"); }
  // Throws SessionRefusedError when a new session should not start now. An unshared store that
  // writes behind refuses while its writes fail, so memory holds only the conversations already going;
  // a store that saves before every reply (Redis) refuses through that save, and keeps the default.
  virtual void check_can_start_session() {}
};

}  // namespace careerbot::store
