#include "store/redis_session_store.hpp"

#include "common/log.hpp"

#include <hiredis/hiredis.h>
#include <sys/time.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <utility>

namespace careerbot::store {
namespace {

// Compare-and-set of one session. KEYS[1] = key; ARGV = state, version, updated_at, ttl seconds.
// Returns 1 when saved, 0 when the stored version is not version - 1.
constexpr std::string_view kSaveScript = R"lua(
local current = redis.call('HGET', KEYS[1], 'version')
if current == false then
  if ARGV[2] ~= '1' then return 0 end
elseif tonumber(current) + 1 ~= tonumber(ARGV[2]) then
  return 0
end
redis.call('HSET', KEYS[1], 'state', ARGV[1], 'version', ARGV[2], 'updated_at', ARGV[3])
redis.call('EXPIRE', KEYS[1], ARGV[4])
return 1
)lua";
// SHA-1 of kSaveScript (checked against SCRIPT LOAD by the unit test).
constexpr std::string_view kSaveScriptSha = "52d21737ed85c6da4c7db5abf8b4b3bf3c1fac37";

struct ReplyDeleter {
  void operator()(redisReply* reply) const noexcept { freeReplyObject(reply); }
};
using Reply = std::unique_ptr<redisReply, ReplyDeleter>;

timeval to_timeval(std::chrono::milliseconds timeout) {
  timeval tv{};
  tv.tv_sec = static_cast<decltype(tv.tv_sec)>(timeout.count() / 1000);
  tv.tv_usec = static_cast<decltype(tv.tv_usec)>((timeout.count() % 1000) * 1000);
  return tv;
}

std::string_view text_of(const redisReply& reply) {
  return {reply.str, reply.len};
}

// A Redis error reply (wrong type, OOM, still loading its AOF...) is a store failure.
void reject_error(const redisReply& reply, std::string_view command) {
  if (reply.type == REDIS_REPLY_ERROR)
    throw SessionStoreError("redis " + std::string(command) + ": " + std::string(text_of(reply)));
}

template <typename Number>
Number parse_number(std::string_view text, const std::string& what) {
  Number value{};
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size())
    throw SessionStoreError("redis: " + what + " is not a number: " + std::string(text));
  return value;
}

// A call that waited out its timeout: what the circuit breaker counts (a hung Redis).
class RedisTimeout : public SessionStoreError {
 public:
  using SessionStoreError::SessionStoreError;
};

bool timed_out(int error_number) {
  return error_number == EAGAIN || error_number == ETIMEDOUT || error_number == EINPROGRESS;
}

// SCAN's MATCH is a glob: the prefix is matched literally.
std::string glob_escaped(std::string_view prefix) {
  std::string out;
  for (const char c : prefix) {
    if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

void RedisSessionStore::ContextDeleter::operator()(redisContext* context) const noexcept {
  redisFree(context);
}

// One pooled connection for the duration of a call. A connection that failed is never returned.
class RedisSessionStore::Lease {
 public:
  explicit Lease(RedisSessionStore& store) : store_(store), context_(store.acquire()) {}
  ~Lease() {
    if (context_) store_.release(std::move(context_));
  }
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;

  // Runs one command. Throws SessionStoreError when the connection fails (and drops it); a Redis
  // error reply is returned for the caller to judge. A reused connection that turns out dead (Redis
  // restarted since it was pooled) is replaced once by a fresh one before giving up.
  Reply command(const std::vector<std::string_view>& args) {
    std::vector<const char*> argv;
    std::vector<std::size_t> lengths;
    for (const auto arg : args) {
      argv.push_back(arg.data());
      lengths.push_back(arg.size());
    }
    if (!store_.breaker_.allow()) {
      throw SessionStoreError("redis " + store_.where() + ": unavailable (timed out " +
                              std::to_string(store_.options_.failures_to_open) +
                              " times in a row; trying again shortly)");
    }
    try {
      Reply reply = run(args.front(), argv, lengths);
      store_.breaker_.succeeded();
      return reply;
    } catch (const RedisTimeout&) {
      store_.breaker_.failed();
      throw;
    } catch (const SessionStoreError&) {
      store_.breaker_.succeeded();  // answered quickly (refused, reset): nothing to wait out
      throw;
    }
  }

 private:
  Reply run(std::string_view name, std::vector<const char*>& argv, const std::vector<std::size_t>& lengths) {
    for (int attempt = 1;; ++attempt) {
      if (!context_) context_ = store_.connect();
      errno = 0;
      Reply reply(static_cast<redisReply*>(
          redisCommandArgv(context_.get(), static_cast<int>(argv.size()), argv.data(), lengths.data())));
      if (reply) return reply;
      const int saved_errno = errno;
      const std::string error = context_->errstr;
      const bool closed_by_peer =
          context_->err == REDIS_ERR_EOF ||
          (context_->err == REDIS_ERR_IO && (saved_errno == ECONNRESET || saved_errno == EPIPE));
      context_.reset();
      if (attempt == 1 && closed_by_peer) continue;  // a stale pooled connection: try a fresh one
      const std::string message = "redis " + store_.where() + ": " + std::string(name) + ": " + error;
      if (timed_out(saved_errno)) throw RedisTimeout(message);
      throw SessionStoreError(message);
    }
  }

  RedisSessionStore& store_;
  Context context_;
};

RedisSessionStore::RedisSessionStore(RedisSessionStoreOptions options)
    : options_(std::move(options)), breaker_(options_.failures_to_open, options_.cool_down) {}

RedisSessionStore::~RedisSessionStore() = default;

std::string RedisSessionStore::where() const {
  const std::string server = options_.unix_socket.empty()
                                 ? options_.host + ":" + std::to_string(options_.port)
                                 : "unix:" + options_.unix_socket;
  return server + "/" + std::to_string(options_.db);
}

void RedisSessionStore::authenticate(redisContext& context) const {
  if (options_.password.empty()) return;
  std::vector<const char*> argv = {"AUTH"};
  std::vector<std::size_t> lengths = {4};
  if (!options_.user.empty()) {
    argv.push_back(options_.user.c_str());
    lengths.push_back(options_.user.size());
  }
  argv.push_back(options_.password.c_str());
  lengths.push_back(options_.password.size());
  Reply reply(static_cast<redisReply*>(
      redisCommandArgv(&context, static_cast<int>(argv.size()), argv.data(), lengths.data())));
  if (!reply) {
    const std::string message = "redis " + where() + ": AUTH: " + context.errstr;
    if (context.err == REDIS_ERR_IO && timed_out(errno)) throw RedisTimeout(message);
    throw SessionStoreError(message);
  }
  // The reply names what is wrong (WRONGPASS, no password set); it never echoes the password.
  if (reply->type == REDIS_REPLY_ERROR)
    throw SessionStoreError("redis " + where() + ": AUTH refused: " + std::string(text_of(*reply)));
}

RedisSessionStore::Context RedisSessionStore::connect() const {
  const timeval tv = to_timeval(options_.timeout);
  Context context(options_.unix_socket.empty()
                      ? redisConnectWithTimeout(options_.host.c_str(), options_.port, tv)
                      : redisConnectUnixWithTimeout(options_.unix_socket.c_str(), tv));
  if (!context) throw SessionStoreError("redis " + where() + ": cannot allocate a connection");
  if (context->err != 0) {
    const std::string message = "redis " + where() + ": connect: " + context->errstr;
    if (context->err == REDIS_ERR_IO && timed_out(errno)) throw RedisTimeout(message);
    throw SessionStoreError(message);
  }
  if (redisSetTimeout(context.get(), tv) != REDIS_OK)
    throw SessionStoreError("redis " + where() + ": cannot set the timeout");
  authenticate(*context);
  if (options_.db != 0) {
    const std::string db = std::to_string(options_.db);
    const char* argv[] = {"SELECT", db.c_str()};
    const std::size_t lengths[] = {6, db.size()};
    Reply reply(static_cast<redisReply*>(redisCommandArgv(context.get(), 2, argv, lengths)));
    if (!reply && context->err == REDIS_ERR_IO && timed_out(errno))
      throw RedisTimeout("redis " + where() + ": SELECT: " + context->errstr);
    if (!reply || reply->type == REDIS_REPLY_ERROR)
      throw SessionStoreError("redis " + where() + ": SELECT failed");
  }
  return context;
}

RedisSessionStore::Context RedisSessionStore::acquire() {
  {
    std::lock_guard lock(pool_mutex_);
    if (!idle_.empty()) {
      Context context = std::move(idle_.back());
      idle_.pop_back();
      return context;
    }
  }
  return nullptr;  // Lease::command connects outside the lock
}

void RedisSessionStore::release(Context context) {
  std::lock_guard lock(pool_mutex_);
  if (idle_.size() < options_.pool_size) idle_.push_back(std::move(context));
}

std::optional<StoredSession> RedisSessionStore::load(std::string_view id) {
  const std::string key = options_.key_prefix + std::string(id);
  Lease lease(*this);
  const Reply reply = lease.command({"HMGET", key, "state", "version", "updated_at"});
  reject_error(*reply, "HMGET");
  if (reply->type != REDIS_REPLY_ARRAY || reply->elements != 3)
    throw SessionStoreError("redis HMGET: unexpected reply");
  const redisReply& state = *reply->element[0];
  if (state.type == REDIS_REPLY_NIL) return std::nullopt;
  StoredSession stored;
  stored.id = std::string(id);
  stored.state = std::string(text_of(state));
  if (reply->element[1]->type == REDIS_REPLY_STRING)
    stored.version = parse_number<std::uint64_t>(text_of(*reply->element[1]), "version");
  if (reply->element[2]->type == REDIS_REPLY_STRING)
    stored.updated_at = parse_number<std::int64_t>(text_of(*reply->element[2]), "updated_at");
  return stored;
}

void RedisSessionStore::save(const StoredSession& session) {
  const std::string key = options_.key_prefix + session.id;
  const std::string version = std::to_string(session.version);
  const std::string updated_at = std::to_string(session.updated_at);
  const std::string ttl = std::to_string(std::max<std::int64_t>(1, options_.ttl.count()));
  Lease lease(*this);
  Reply reply = lease.command({"EVALSHA", kSaveScriptSha, "1", key, session.state, version, updated_at, ttl});
  if (reply->type == REDIS_REPLY_ERROR && text_of(*reply).starts_with("NOSCRIPT")) {
    // Redis forgot the script (restarted or SCRIPT FLUSH): EVAL sends it and caches it again.
    reply = lease.command({"EVAL", kSaveScript, "1", key, session.state, version, updated_at, ttl});
  }
  reject_error(*reply, "save");
  if (reply->type != REDIS_REPLY_INTEGER) throw SessionStoreError("redis save: unexpected reply");
  if (reply->integer != 1)
    throw SessionConflictError("redis save: session " + log::session_ref(session.id) + " version " + version +
                               " conflicts with the stored one");
}

void RedisSessionStore::erase(std::string_view id) {
  const std::string key = options_.key_prefix + std::string(id);
  Lease lease(*this);
  const Reply reply = lease.command({"DEL", key});
  reject_error(*reply, "DEL");
}

std::size_t RedisSessionStore::expire_idle(std::chrono::seconds, std::int64_t) {
  return 0;  // Redis expires idle sessions by their TTL
}

std::size_t RedisSessionStore::count() {
  const std::string pattern = glob_escaped(options_.key_prefix) + "*";
  std::string cursor = "0";
  std::size_t total = 0;
  Lease lease(*this);
  do {
    const Reply reply = lease.command({"SCAN", cursor, "MATCH", pattern, "COUNT", "1000"});
    reject_error(*reply, "SCAN");
    if (reply->type != REDIS_REPLY_ARRAY || reply->elements != 2 ||
        reply->element[1]->type != REDIS_REPLY_ARRAY)
      throw SessionStoreError("redis SCAN: unexpected reply");
    cursor = std::string(text_of(*reply->element[0]));
    total += reply->element[1]->elements;
  } while (cursor != "0");
  return total;
}

std::optional<std::int64_t> RedisSessionStore::ttl_of(std::string_view id) {
  const std::string key = options_.key_prefix + std::string(id);
  Lease lease(*this);
  const Reply reply = lease.command({"TTL", key});
  if (reply->type != REDIS_REPLY_INTEGER) throw SessionStoreError("redis TTL: unexpected reply");
  if (reply->integer < 0) return std::nullopt;
  return reply->integer;
}

}  // namespace careerbot::store
