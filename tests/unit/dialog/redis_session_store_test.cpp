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
#include "dialog/redis_session_store.hpp"
#include "dialog/session_id.hpp"
#include "redis_server.hpp"

using namespace careerbot::dialog;
using careerbot::testing::RedisServer;
using namespace std::chrono_literals;

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
  RedisSessionStoreOptions options(std::string prefix = "test:session:") const {
    RedisSessionStoreOptions o;
    o.port = redis->port();
    o.key_prefix = std::move(prefix);
    o.ttl = 3600s;
    o.timeout = 2s;  // generous on a loaded CI machine; only the hung-server test waits for it
    return o;
  }
  static StoredSession session(const std::string& id, std::uint64_t version, std::string state = "{}") {
    return {id, std::move(state), 1'700'000'000 + static_cast<std::int64_t>(version), version};
  }
  std::unique_ptr<RedisServer> redis;
};

TEST_F(RedisSessionStoreTest, SavesLoadsAndErases) {
  RedisSessionStore store(options());
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
  RedisSessionStore store(options());
  EXPECT_THROW(store.save(session("b", 2)), SessionConflictError) << "nothing stored: only version 1";
  store.save(session("b", 1, "one"));
  EXPECT_THROW(store.save(session("b", 1, "other one")), SessionConflictError);
  EXPECT_THROW(store.save(session("b", 3, "three")), SessionConflictError);
  store.save(session("b", 2, "two"));
  const auto loaded = store.load("b");
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(loaded->state, "two");
  EXPECT_EQ(loaded->version, 2u);
}

TEST_F(RedisSessionStoreTest, EverySaveSetsTheIdleTimeoutAsTtlAndExpireIdleLeavesItToRedis) {
  RedisSessionStore store(options());
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
  RedisSessionStore store(options("t*[x]:"));
  RedisSessionStore other(options("t-other:"));
  for (int i = 1; i <= 2500; ++i) store.save(session("s" + std::to_string(i), 1));
  other.save(session("s1", 1));
  RawRedis(redis->port()).run({"SET", "tz[x]:s1", "not a session"});
  EXPECT_EQ(store.count(), 2500u);
  EXPECT_EQ(other.count(), 1u);
}

TEST_F(RedisSessionStoreTest, ScriptShaMatchesAndALostScriptCacheIsReloaded) {
  RedisSessionStore store(options());
  store.save(session("d", 1));
  RawRedis raw(redis->port());
  // The SHA the store sends with EVALSHA is the one Redis computed for the script EVAL sent.
  EXPECT_EQ(raw.run({"SCRIPT", "EXISTS", "52d21737ed85c6da4c7db5abf8b4b3bf3c1fac37"}), "[1]");
  raw.run({"SCRIPT", "FLUSH"});
  store.save(session("d", 2));  // NOSCRIPT -> EVAL
  EXPECT_EQ(store.load("d")->version, 2u);
}

TEST_F(RedisSessionStoreTest, FailsWhileRedisIsDownAndRecoversWithItsDataAfterARestart) {
  RedisSessionStore store(options());
  store.save(session("e", 1, "before"));
  redis->stop();
  EXPECT_THROW(store.load("e"), SessionStoreError);
  EXPECT_THROW(store.save(session("e", 2, "lost")), SessionStoreError);
  EXPECT_THROW(store.count(), SessionStoreError);
  redis->start();  // same directory: the AOF brings the session back
  const auto loaded = store.load("e");
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(loaded->state, "before");
  store.save(session("e", 2, "after"));  // the script cache is empty after a restart
  EXPECT_EQ(store.load("e")->state, "after");
}

TEST_F(RedisSessionStoreTest, PooledConnectionsSurviveARestartWithoutAFailedCall) {
  RedisSessionStore store(options());
  store.save(session("f", 1));  // leaves a connection in the pool
  redis->restart();
  EXPECT_EQ(store.load("f")->version, 1u) << "the stale pooled connection is replaced once";
}

TEST_F(RedisSessionStoreTest, AHungRedisTimesOutInsteadOfBlockingForever) {
  RedisSessionStore store(options());
  store.save(session("g", 1));
  redis->freeze();
  EXPECT_THROW(store.load("g"), SessionStoreError);
  redis->thaw();
  EXPECT_EQ(store.load("g")->version, 1u);
}

// --- The chatbot over a shared store ---

class SharedChatbotTest : public RedisSessionStoreTest {};

TEST_F(SharedChatbotTest, TurnsAlternatingBetweenTwoInstancesKeepTheGuidedFlow) {
  RedisSessionStore store_a(options()), store_b(options());
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
  RedisSessionStore store_a(options()), store_b(options());
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
      } catch (const SessionStoreError&) {
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
  RedisSessionStore store(options());
  Chatbot bot(careerbot::testing::project_content(), store);
  const std::string id = bot.open("").session_id;
  bot.handle(id, "am I eligible?");
  redis->stop();
  EXPECT_THROW(bot.handle(id, "i just finished 12th with pcm"), SessionStoreError);
  EXPECT_THROW(bot.open(id), SessionStoreError);
  redis->start();
  nlohmann::json account;
  bot.handle_explained(id, "i just finished 12th with pcm", account);
  EXPECT_EQ(account["flow"]["slot"], "masters_wish") << account.dump();
}

}  // namespace
