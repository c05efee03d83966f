// RedisSessionStore against a real redis-server on a free port: round trips, the version check,
// TTLs, the script cache being lost, Redis down, hung and restarted. Plus the chatbot's shared mode
// over two stores (two "instances") on one Redis: turns alternate and race without losing any.
#include <hiredis/hiredis.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "content_fixture.hpp"
#include "dialog/chatbot.hpp"
#include "dialog/session_id.hpp"
#include "redis_server.hpp"
#include "store/redis_session_store.hpp"

using namespace careerbot::dialog;
using careerbot::testing::RedisServer;
using namespace std::chrono_literals;
namespace store = careerbot::store;

namespace {

// A raw hiredis connection, to look at what the store wrote.
class RawRedis {
 public:
  explicit RawRedis(unsigned short port) : context_(redisConnect("127.0.0.1", port)) {
    if (context_ == nullptr || context_->err != 0) throw std::runtime_error("raw redis connect failed");
  }
  ~RawRedis() { redisFree(context_); }
  RawRedis(const RawRedis&) = delete;
  RawRedis& operator=(const RawRedis&) = delete;
  // The reply as text: a string or status, an integer in decimal, "(nil)", "ERR: ..." for errors,
  // "[a,b]" for arrays.
  std::string run(const std::vector<std::string>& args) {
    std::vector<const char*> argv;
    std::vector<std::size_t> lengths;
    for (const auto& arg : args) {
      argv.push_back(arg.data());
      lengths.push_back(arg.size());
    }
    auto* reply = static_cast<redisReply*>(
        redisCommandArgv(context_, static_cast<int>(argv.size()), argv.data(), lengths.data()));
    if (reply == nullptr) throw std::runtime_error("raw redis command failed");
    std::string out = render(*reply);
    freeReplyObject(reply);
    return out;
  }

 private:
  static std::string render(const redisReply& reply) {
    switch (reply.type) {
      case REDIS_REPLY_INTEGER:
        return std::to_string(reply.integer);
      case REDIS_REPLY_NIL:
        return "(nil)";
      case REDIS_REPLY_ERROR:
        return "ERR: " + std::string(reply.str, reply.len);
      case REDIS_REPLY_ARRAY: {
        std::string out = "[";
        for (std::size_t i = 0; i < reply.elements; ++i) out += (i ? "," : "") + render(*reply.element[i]);
        return out + "]";
      }
      default:
        return std::string(reply.str, reply.len);
    }
  }
  redisContext* context_;
};

class RedisSessionStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!RedisServer::available())
      GTEST_SKIP() << "redis-server is not installed (scripts/setup.sh installs it)";
    redis = std::make_unique<RedisServer>();
  }
  store::RedisSessionStoreOptions options(std::string prefix = "test:session:") const {
    store::RedisSessionStoreOptions o;
    o.port = redis->port();
    o.key_prefix = std::move(prefix);
    o.ttl = 3600s;
    o.timeout = 2s;  // generous on a loaded CI machine; only the hung-server test waits for it
    return o;
  }
  static store::StoredSession session(const std::string& id, std::uint64_t version,
                                      std::string state = "{}") {
    return {id, std::move(state), 1'700'000'000 + static_cast<std::int64_t>(version), version};
  }
  std::unique_ptr<RedisServer> redis;
};

TEST_F(RedisSessionStoreTest, SavesLoadsAndErases) {
  store::RedisSessionStore store(options());
  EXPECT_TRUE(store.shared());
  EXPECT_FALSE(store.load("nobody").has_value());
  store.save(session("a", 1, R"({"career":"ml","text":"नमस्ते \"quoted\"\n"})"));
  const auto loaded = store.load("a");
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(loaded->id, "a");
  EXPECT_EQ(loaded->state, R"({"career":"ml","text":"नमस्ते \"quoted\"\n"})");
  EXPECT_EQ(loaded->version, 1u);
  EXPECT_EQ(loaded->updated_at, 1'700'000'001);
  store.erase("a");
  store.erase("a");  // unknown: no error
  EXPECT_FALSE(store.load("a").has_value());
  store.save(session("a", 1));  // a save after erase brings it back
  EXPECT_TRUE(store.load("a").has_value());
}

TEST_F(RedisSessionStoreTest, SavesOnlyTheNextVersion) {
  store::RedisSessionStore store(options());
  EXPECT_THROW(store.save(session("b", 2)), store::SessionConflictError) << "nothing stored: only version 1";
  store.save(session("b", 1, "one"));
  EXPECT_THROW(store.save(session("b", 1, "other one")), store::SessionConflictError);
  EXPECT_THROW(store.save(session("b", 3, "three")), store::SessionConflictError);
  store.save(session("b", 2, "two"));
  const auto loaded = store.load("b");
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(loaded->state, "two");
  EXPECT_EQ(loaded->version, 2u);
}

TEST_F(RedisSessionStoreTest, EverySaveSetsTheIdleTimeoutAsTtlAndExpireIdleLeavesItToRedis) {
  store::RedisSessionStore store(options());
  store.save(session("c", 1));
  RawRedis raw(redis->port());
  raw.run({"EXPIRE", "test:session:c", "10"});  // as if most of the idle time had passed
  store.save(session("c", 2));
  const auto ttl = store.ttl_of("c");
  ASSERT_TRUE(ttl.has_value());
  EXPECT_GT(*ttl, 10) << "the save refreshed the TTL";
  EXPECT_LE(*ttl, 3600);
  EXPECT_EQ(raw.run({"HGET", "test:session:c", "version"}), "2");
  EXPECT_EQ(store.expire_idle(1s, 2'000'000'000), 0u);
  EXPECT_TRUE(store.load("c").has_value());
  raw.run({"PEXPIRE", "test:session:c", "1"});
  std::this_thread::sleep_for(50ms);
  EXPECT_FALSE(store.load("c").has_value()) << "Redis expired it";
}

TEST_F(RedisSessionStoreTest, CountsOnlyItsOwnPrefixEvenWithGlobCharacters) {
  store::RedisSessionStore store(options("t*[x]:"));
  store::RedisSessionStore other(options("t-other:"));
  for (int i = 1; i <= 2500; ++i) store.save(session("s" + std::to_string(i), 1));
  other.save(session("s1", 1));
  RawRedis(redis->port()).run({"SET", "tz[x]:s1", "not a session"});
  EXPECT_EQ(store.count(), 2500u);
  EXPECT_EQ(other.count(), 1u);
}

TEST_F(RedisSessionStoreTest, ScriptShaMatchesAndALostScriptCacheIsReloaded) {
  store::RedisSessionStore store(options());
  store.save(session("d", 1));
  RawRedis raw(redis->port());
  // The SHA the store sends with EVALSHA is the one Redis computed for the script EVAL sent.
  EXPECT_EQ(raw.run({"SCRIPT", "EXISTS", "52d21737ed85c6da4c7db5abf8b4b3bf3c1fac37"}), "[1]");
  raw.run({"SCRIPT", "FLUSH"});
  store.save(session("d", 2));  // NOSCRIPT -> EVAL
  EXPECT_EQ(store.load("d")->version, 2u);
}

TEST_F(RedisSessionStoreTest, FailsWhileRedisIsDownAndRecoversWithItsDataAfterARestart) {
  store::RedisSessionStore store(options());
  store.save(session("e", 1, "before"));
  redis->stop();
  EXPECT_THROW(store.load("e"), store::SessionStoreError);
  EXPECT_THROW(store.save(session("e", 2, "lost")), store::SessionStoreError);
  EXPECT_THROW(store.count(), store::SessionStoreError);
  redis->start();  // same directory: the AOF brings the session back
  const auto loaded = store.load("e");
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(loaded->state, "before");
  store.save(session("e", 2, "after"));  // the script cache is empty after a restart
  EXPECT_EQ(store.load("e")->state, "after");
}

TEST_F(RedisSessionStoreTest, PooledConnectionsSurviveARestartWithoutAFailedCall) {
  store::RedisSessionStore store(options());
  store.save(session("f", 1));  // leaves a connection in the pool
  redis->restart();
  EXPECT_EQ(store.load("f")->version, 1u) << "the stale pooled connection is replaced once";
}

TEST_F(RedisSessionStoreTest, AHungRedisTimesOutInsteadOfBlockingForever) {
  store::RedisSessionStore store(options());
  store.save(session("g", 1));
  redis->freeze();
  EXPECT_THROW(store.load("g"), store::SessionStoreError);
  redis->thaw();
  EXPECT_EQ(store.load("g")->version, 1u);
}

TEST_F(RedisSessionStoreTest, AHungRedisOpensTheBreakerSoCallsFailAtOnceUntilAProbeSucceeds) {
  auto o = options();
  o.timeout = 200ms;
  o.failures_to_open = 2;
  o.cool_down = 300ms;
  store::RedisSessionStore store(o);
  store.save(session("h", 1));
  EXPECT_TRUE(store.healthy());
  redis->freeze();
  EXPECT_THROW(store.load("h"), store::SessionStoreError);
  EXPECT_TRUE(store.healthy()) << "one timeout is not a pattern";
  EXPECT_THROW(store.load("h"), store::SessionStoreError);
  EXPECT_FALSE(store.healthy()) << "two in a row open the breaker";
  try {
    store.load("h");
    FAIL() << "the breaker is open";
  } catch (const store::SessionStoreError& error) {
    EXPECT_NE(std::string(error.what()).find("unavailable (timed out 2 times in a row"), std::string::npos)
        << error.what();
  }
  redis->thaw();
  std::this_thread::sleep_for(400ms);  // the cool-down ends; the next call probes
  EXPECT_EQ(store.load("h")->version, 1u);
  EXPECT_TRUE(store.healthy());
}

TEST_F(RedisSessionStoreTest, ARefusedConnectionFailsFastAndDoesNotOpenTheBreaker) {
  auto o = options();
  o.failures_to_open = 1;
  store::RedisSessionStore store(o);
  redis->stop();
  EXPECT_THROW(store.load("i"), store::SessionStoreError);
  EXPECT_THROW(store.load("i"), store::SessionStoreError);
  EXPECT_TRUE(store.healthy());
  redis->start();
  EXPECT_FALSE(store.load("i").has_value()) << "no cool-down to wait out";
}

TEST(RedisAuth, PasswordAclUserAndUnixSocket) {
  if (!RedisServer::available()) GTEST_SKIP() << "redis-server is not installed";
  RedisServer redis(
      {"--requirepass", "default-pass-0123", "--user", "careerbot", "on", ">acl-pass-4567", "~*", "+@all"});
  store::RedisSessionStoreOptions o;
  o.port = redis.port();
  o.timeout = 2s;
  {
    store::RedisSessionStore anonymous(o);
    try {
      anonymous.load("x");
      FAIL() << "no password: refused";
    } catch (const store::SessionStoreError& error) {
      EXPECT_NE(std::string(error.what()).find("NOAUTH"), std::string::npos) << error.what();
    }
  }
  o.password = "wrong-password";
  try {
    store::RedisSessionStore(o).load("x");
    FAIL() << "a wrong password is refused";
  } catch (const store::SessionStoreError& error) {
    EXPECT_NE(std::string(error.what()).find("AUTH refused"), std::string::npos) << error.what();
    EXPECT_EQ(std::string(error.what()).find("wrong-password"), std::string::npos) << "never the password";
  }
  o.password = "default-pass-0123";
  store::RedisSessionStore with_password(o);
  with_password.save({"p", "{}", 1, 1});
  EXPECT_EQ(with_password.load("p")->version, 1u);

  o.user = "careerbot";
  o.password = "acl-pass-4567";
  o.port = 1;  // unused: the socket wins
  o.unix_socket = redis.unix_socket();
  store::RedisSessionStore acl_over_socket(o);
  EXPECT_EQ(acl_over_socket.where(), "unix:" + redis.unix_socket() + "/0");
  EXPECT_EQ(acl_over_socket.load("p")->version, 1u) << "the same data, over the socket as the ACL user";
}

// --- The chatbot over a shared store ---

class SharedChatbotTest : public RedisSessionStoreTest {};

TEST_F(SharedChatbotTest, TurnsAlternatingBetweenTwoInstancesKeepTheGuidedFlow) {
  store::RedisSessionStore store_a(options()), store_b(options());
  Chatbot a(careerbot::testing::project_content(), store_a);
  Chatbot b(careerbot::testing::project_content(), store_b);
  const Welcome welcome = a.open("");
  const std::string id = welcome.session_id;
  nlohmann::json account;
  a.handle_explained(id, "am I eligible?", account);
  EXPECT_EQ(account["flow"]["slot"], "education") << account.dump();
  b.handle_explained(id, "i just finished 12th with pcm", account);
  EXPECT_EQ(account["flow"]["slot"], "masters_wish") << account.dump();
  EXPECT_EQ(a.live_sessions(), 0u) << "shared mode keeps nothing in memory";
  const Welcome resumed = b.open(id);
  EXPECT_TRUE(resumed.resumed);
  EXPECT_EQ(resumed.history.size(), 2u);
  EXPECT_EQ(store_a.load(id)->version, 2u);  // open stores nothing: the first turn is version 1
  const Welcome reset = a.reset(id);
  EXPECT_EQ(reset.session_id, id);
  EXPECT_TRUE(b.open(id).history.empty());
}

TEST_F(SharedChatbotTest, ConcurrentTurnsOnTwoInstancesLoseNoTurn) {
  store::RedisSessionStore store_a(options()), store_b(options());
  ChatbotOptions chat_options;
  chat_options.history_turns = 1000;
  Chatbot a(careerbot::testing::project_content(), store_a, chat_options);
  Chatbot b(careerbot::testing::project_content(), store_b, chat_options);
  const std::string id = a.open("").session_id;
  // Opening stores nothing: the session exists once its first message is answered (here on A, the
  // instance that issued the id; an id another instance issued and never stored starts afresh).
  a.handle(id, "who hires in pune?");
  constexpr int kTurnsEach = 40;
  std::atomic<int> failures{0};
  const auto chat = [&](Chatbot& bot) {
    for (int i = 0; i < kTurnsEach; ++i) {
      try {
        bot.handle(id, "who hires in pune?");
      } catch (const store::SessionStoreError&) {
        ++failures;  // retries exhausted: allowed, but then the turn must not be stored either
      }
    }
  };
  std::thread ta([&] { chat(a); }), tb([&] { chat(b); }), tc([&] { chat(a); });
  ta.join();
  tb.join();
  tc.join();
  const Welcome resumed = b.open(id);
  EXPECT_EQ(resumed.history.size() + static_cast<std::size_t>(failures.load()), 3u * kTurnsEach + 1);
  EXPECT_EQ(store_a.load(id)->version, resumed.history.size());
}

TEST_F(SharedChatbotTest, RedisDownIsAStoreErrorAndTheConversationContinuesAfterward) {
  store::RedisSessionStore store(options());
  Chatbot bot(careerbot::testing::project_content(), store);
  const std::string id = bot.open("").session_id;
  bot.handle(id, "am I eligible?");
  redis->stop();
  EXPECT_THROW(bot.handle(id, "i just finished 12th with pcm"), store::SessionStoreError);
  EXPECT_THROW(bot.open(id), store::SessionStoreError);
  redis->start();
  nlohmann::json account;
  bot.handle_explained(id, "i just finished 12th with pcm", account);
  EXPECT_EQ(account["flow"]["slot"], "masters_wish") << account.dump();
}

}  // namespace
