// A hung Redis (SIGSTOP: connections are accepted, nothing is answered) holds only the turns that
// wait on it: chat turns run on the worker pool, so the I/O threads keep answering /healthz, static
// files, new connections and a crisis message (screened and answered before any store) meanwhile.
// Once Redis resumes, the held turns are answered. On a server that ran turns on its I/O threads,
// two hung turns would hold both of test.conf's io_threads for the whole redis_timeout.
#include <chrono>
#include <thread>

#include <gtest/gtest.h>

#include "redis_server.hpp"
#include "server_process.hpp"
#include "test_client.hpp"

namespace careerbot::testing {
namespace {

TEST(RedisFaults, AHungRedisHoldsOnlyItsTurnsNotHealthzStaticFilesOrSafeguarding) {
  if (!RedisServer::available()) GTEST_SKIP() << "redis-server is not installed";
  TempDir dir;
  build_knowledge_db(dir.file("knowledge.db"));
  RedisServer redis;
  // A redis_timeout far above http_request's 10 s deadline: a stalled I/O thread fails the checks.
  ServerProcess server({dir.file("sessions.db"),
                        dir.file("knowledge.db"),
                        "",
                        "",
                        {"--session-store", "redis", "--redis-port", std::to_string(redis.port()),
                         "--redis-timeout", "30s", "--io-threads", "2", "--worker-threads", "6"}},
                       dir.file("server.log"));
  std::vector<std::unique_ptr<WsClient>> waiting;
  for (int i = 0; i < 3; ++i) {
    waiting.push_back(std::make_unique<WsClient>(server.port()));
    ASSERT_EQ(waiting.back()->read_json()["type"], "welcome");
  }
  redis.freeze();
  for (auto& client : waiting)
    client->send_json({{"type", "message"}, {"text", "Which companies hire in India?"}});
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the turns reach Redis and wait

  EXPECT_EQ(http_get(server.port(), "/healthz").status, 200);
  const auto page = http_get(server.port(), "/");
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("<html"), std::string::npos);
  EXPECT_EQ(http_get(server.port(), "/metrics").status, 200);
  WsClient student(server.port());
  EXPECT_EQ(student.read_json()["type"], "welcome") << "a new connection is welcomed";
  student.send_json({{"type", "message"}, {"text", "I failed 12th, my life is over"}});
  const auto crisis = student.read_json();
  EXPECT_EQ(crisis["intent"], "safeguarding") << crisis.dump();
  EXPECT_NE(crisis.value("text", "").find("14416"), std::string::npos) << crisis.dump();

  redis.thaw();
  for (auto& client : waiting) {
    const auto reply = client->read_json(std::chrono::seconds(30));
    EXPECT_EQ(reply["type"], "reply") << reply.dump();
    EXPECT_EQ(reply["intent"], "employers_india") << reply.dump();
  }
  EXPECT_EQ(server.stop(), 0);
}

}  // namespace
}  // namespace careerbot::testing
