#pragma once
// SessionStore in a Redis server (Debian's redis-server, client hiredis 0.14), shared by every
// careerbot instance of a cluster: any instance can serve any turn of any conversation.
//
// Layout: one hash per session under `key_prefix + id` with the fields state, version and
// updated_at. save() is a compare-and-set in one Lua script (EVALSHA, falling back to EVAL after
// NOSCRIPT, since a restarted Redis forgets its scripts): it writes only when the stored version is
// session.version - 1 (or no key exists and session.version is 1), else throws SessionConflictError.
// Every save sets the key's TTL to `ttl` (the session idle timeout): Redis expires idle sessions
// itself, so expire_idle() does nothing and returns 0.
//
// Durability: a save has reached Redis when save() returns; whether it survives a Redis crash is
// Redis's persistence setting (scripts/cluster.sh runs appendonly yes, appendfsync everysec: at most
// about one second of saves). flush() has nothing to wait for.
//
// count() walks the prefix with SCAN (O(number of keys), a few round trips per 1,000 keys): meant for
// tests and occasional admin use, never per request. DBSIZE would be O(1) but counts every key in the
// database, which is only right with a database of its own.
//
// Authentication: AUTH password, or AUTH user password (an ACL user), on every new connection. TLS:
// hiredis 0.14 has none; docs/deployment.md runs Redis over a unix socket or through stunnel.
//
// Circuit breaker: after failures_to_open calls in a row that waited out their timeout (a hung Redis;
// a refused or reset connection fails fast and does not count), calls fail at once with SessionStoreError for
// cool_down, then one call probes. So a hung Redis costs each worker one timeout per cool-down, not one per
// call; healthy() says whether the breaker is open (for /readyz).
//
// Connections: a small pool of hiredis connections, one per concurrent caller (idle ones are kept up
// to `pool_size`). Each command has `timeout` to connect and to answer. A connection that fails
// (refused, reset, timed out, protocol error) is dropped and SessionStoreError is thrown; the next call
// connects afresh, so the store recovers by itself when Redis comes back.
//
// RAII: the constructor only records its settings (no connection: a server may start before Redis);
// the destructor closes the pooled connections. Not copyable or movable. Thread-safe.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/circuit_breaker.hpp"
#include "store/session_store.hpp"

struct redisContext;

namespace careerbot::store {

struct RedisSessionStoreOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 6379;
  std::string unix_socket;                        // when set, connect here instead of host:port
  std::string user;                               // ACL user (Redis 6+); empty: AUTH with the password alone
  std::string password;                           // empty: no AUTH
  unsigned db = 0;                                // SELECTed on every new connection
  std::string key_prefix = "careerbot:session:";  // keys are prefix + session id
  std::chrono::milliseconds timeout{200};         // per connect and per command
  std::chrono::seconds ttl{86400};                // idle sessions expire after this (refreshed on save)
  std::size_t pool_size = 8;                      // idle connections kept for reuse
  std::size_t failures_to_open = 3;               // timeouts in a row that open the circuit breaker
  std::chrono::milliseconds cool_down{2000};      // calls fail at once this long, then one probes
};

class RedisSessionStore final : public SessionStore {
 public:
  explicit RedisSessionStore(RedisSessionStoreOptions options);
  ~RedisSessionStore() override;

  RedisSessionStore(const RedisSessionStore&) = delete;
  RedisSessionStore& operator=(const RedisSessionStore&) = delete;

  std::optional<StoredSession> load(std::string_view id) override;
  void save(const StoredSession& session) override;
  void erase(std::string_view id) override;
  std::size_t expire_idle(std::chrono::seconds idle, std::int64_t now) override;
  void flush() override {}
  std::size_t count() override;
  bool shared() const noexcept override { return true; }

  // Seconds until `id` expires (Redis TTL): nullopt when the key does not exist or has no TTL.
  std::optional<std::int64_t> ttl_of(std::string_view id);
  // "host:port/db" (or "unix:PATH/db"), for messages.
  std::string where() const;
  // False while the circuit breaker is open (failures_to_open timeouts in a row, lately).
  bool healthy() const { return !breaker_.open(); }

 private:
  struct ContextDeleter {
    void operator()(redisContext* context) const noexcept;
  };
  using Context = std::unique_ptr<redisContext, ContextDeleter>;
  class Lease;

  Context connect() const;
  Context acquire();
  void release(Context context);

  void authenticate(redisContext& context) const;

  const RedisSessionStoreOptions options_;
  CircuitBreaker breaker_;
  std::mutex pool_mutex_;
  std::vector<Context> idle_;  // connections ready for reuse
};

}  // namespace careerbot::store
