// A real cluster started by scripts/cluster.sh (so the script is tested too): redis-server, two
// careerbot-server instances with session_store redis, nginx in front. Turns alternate between the
// instances; the instance serving a WebSocket is killed and the client resumes through nginx; Redis
// stops mid-conversation (a clear "unavailable" error) and comes back with its append-only file.
// Skipped only when redis-server or nginx is not installed (scripts/setup.sh installs both).
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

#include "free_ports.hpp"
#include "server_process.hpp"
#include "test_client.hpp"

namespace careerbot::testing {
namespace {

std::string quoted(const std::string& text) {
  return "'" + text + "'";
}

class ClusterEndToEnd : public ::testing::Test {
 protected:
  static constexpr int kInstances = 2;

  void SetUp() override {
    if (std::system(
            "PATH=$PATH:/usr/sbin; command -v redis-server > /dev/null && command -v nginx > /dev/null") != 0)
      GTEST_SKIP() << "redis-server or nginx is not installed (scripts/setup.sh installs both)";
    build_knowledge_db(dir.file("knowledge.db"));
    base_port = free_port_range(2 + kInstances);
    started = true;  // even a failed start may have left processes for TearDown to stop
    ASSERT_EQ(cluster("start"), 0) << "see " << dir.file("cluster/logs");
  }
  void TearDown() override {
    if (started) {
      EXPECT_EQ(cluster("stop"), 0);
    }
  }

  // Runs scripts/cluster.sh COMMAND with this test's state directory, ports, build and test config.
  // The idle timeout is raised because a test client does not answer pings while it waits (for a
  // reload, say), and a sanitizer build can take longer than test.conf's 10 s for that.
  int cluster(const std::string& command) {
    const std::string build =
        std::filesystem::path(CAREERBOT_SERVER_BIN).parent_path().parent_path().parent_path();
    const std::string line =
        "bash " + quoted(project_path("scripts/cluster.sh")) + " " + command + " --dir " +
        quoted(dir.file("cluster")) + " --instances " + std::to_string(kInstances) + " --base-port " +
        std::to_string(base_port) + " --build " + quoted(build) + " --knowledge-db " +
        quoted(dir.file("knowledge.db")) + " -- --redis-timeout 5s --idle-timeout 120s --config " +
        quoted(project_path("config/test.conf")) + " --web-root " + quoted(project_path("server/web")) +
        " --intents-dir " + quoted(project_path("intents")) +
        // cluster.sh runs from the project folder: point the instances at the models the
        // train_models fixture trained, so none trains under its start-up deadline.
        " --model-cache-dir " + quoted(model_cache_dir()) + " > " + quoted(dir.file(command + ".out")) +
        " 2>&1";
    const int status = std::system(line.c_str());
    if (status != 0) {
      std::ifstream out(dir.file(command + ".out"));
      std::cerr << "cluster.sh " << command << " said:\n" << out.rdbuf() << "\n";
    }
    return status;
  }
  unsigned short nginx_port() const { return base_port; }
  unsigned short instance_port(int i) const { return static_cast<unsigned short>(base_port + 1 + i); }
  pid_t pid_of(const std::string& name) {
    std::ifstream file(dir.file("cluster/pids/" + name + ".pid"));
    pid_t pid = -1;
    file >> pid;
    return pid;
  }
  // Ends a process the script started and waits (generously) until it is gone.
  void end(const std::string& name, int signal_number) {
    const pid_t pid = pid_of(name);
    ASSERT_GT(pid, 0) << name;
    ::kill(pid, signal_number);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (::kill(pid, 0) == 0 && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    ASSERT_NE(::kill(pid, 0), 0) << name << " did not exit";
  }
  // The instance (1-based) holding the one open WebSocket, from each instance's own metrics.
  int instance_serving_websocket() {
    for (int i = 1; i <= kInstances; ++i) {
      const auto metrics = http_get(instance_port(i), "/metrics");
      if (metrics.body.find("\ncareerbot_open_websockets 1\n") != std::string::npos) return i;
    }
    return 0;
  }
  double messages_on(int i) {
    const auto body = http_get(instance_port(i), "/metrics").body;
    const std::string name = "\ncareerbot_messages_total ";
    const auto at = body.find(name);
    return at == std::string::npos ? -1 : std::stod(body.substr(at + name.size()));
  }
  static nlohmann::json say(WsClient& client, const std::string& text) {
    client.send_json({{"type", "message"}, {"text", text}, {"explain", true}});
    return client.read_json(std::chrono::seconds(30));
  }
  static nlohmann::json post(unsigned short port, const std::string& session_id, const std::string& text) {
    nlohmann::json body = {{"text", text}, {"explain", true}};
    if (!session_id.empty()) body["session_id"] = session_id;
    const auto result = http_post_json(port, "/api/v1/chat", body.dump());
    EXPECT_EQ(result.status, 200) << result.body;
    return result.json();
  }
  static std::string text(const nlohmann::json& reply) { return reply.value("text", std::string()); }

  TempDir dir;
  unsigned short base_port = 0;
  bool started = false;
};

TEST_F(ClusterEndToEnd, GuidedEligibilityOverRestAlternatingBetweenInstancesKeepsItsState) {
  const unsigned short a = instance_port(1), b = instance_port(2);
  auto r = post(a, "", "am I eligible?");
  const std::string id = r["session_id"];
  EXPECT_NE(text(r["reply"]).find("10+2 with Science or relevant subjects"), std::string::npos);
  EXPECT_EQ(r["reply"]["explain"]["flow"]["slot"], "education");
  r = post(b, id, "i just finished 12th with pcm");
  EXPECT_EQ(r["session_id"], id) << "instance B knows A's session";
  EXPECT_EQ(r["reply"]["explain"]["flow"]["slot"], "masters_wish") << r.dump();
  r = post(a, id, "which companies hire in pune?");  // off the flow: answered, then offered
  EXPECT_NE(text(r["reply"]).find("Tech Mahindra"), std::string::npos);
  EXPECT_NE(text(r["reply"]).find("Back to your plan:"), std::string::npos);
  r = post(b, id, "yes I want to do masters");
  EXPECT_EQ(r["reply"]["explain"]["flow"]["slot"], "certification_wish") << r.dump();
  r = post(a, id, "no");
  r = post(b, id, "no, I'll stay in india");
  EXPECT_NE(text(r["reply"]).find("Best fit: Route 2"), std::string::npos) << r.dump();
  // Every answer, given to either instance, is in the profile the plan used.
  const nlohmann::json profile = {{"abroad", "no"},         {"certification_wish", "no"},
                                  {"education", "class12"}, {"masters_wish", "yes"},
                                  {"maths", "yes"},         {"stream", "science"}};
  EXPECT_EQ(r["reply"]["explain"]["profile"], profile) << r.dump();
  EXPECT_EQ(messages_on(1), 3);
  EXPECT_EQ(messages_on(2), 3);

  // Through nginx, the whole conversation is there whichever instance answers.
  WsClient client(nginx_port(), WsOptions::at_path("/ws?session=" + id));
  const auto welcome = client.read_json();
  EXPECT_TRUE(welcome["resumed"].get<bool>());
  EXPECT_EQ(welcome["history"].size(), 6u);

  // Content roll-out: each instance reloads in turn and all end on the same content hash.
  ASSERT_EQ(cluster("reload"), 0);
  EXPECT_EQ(say(client, "who hires in pune?")["intent"], "employers_india") << "the connection survives";
}

TEST_F(ClusterEndToEnd, WebSocketResumesOnAnotherInstanceWhenItsInstanceIsKilled) {
  std::string id;
  int victim = 0;
  {
    WsClient client(nginx_port());
    id = client.read_json()["session_id"];
    auto reply = say(client, "am I eligible?");
    EXPECT_EQ(reply["explain"]["flow"]["slot"], "education");
    reply = say(client, "i just finished 12th with pcm");
    EXPECT_EQ(reply["explain"]["flow"]["slot"], "masters_wish");
    victim = instance_serving_websocket();
    ASSERT_NE(victim, 0);
    end("instance-" + std::to_string(victim), SIGKILL);
    const Frame after = client.read(std::chrono::seconds(30));
    EXPECT_FALSE(after.is_text()) << "the connection ended with its instance";
  }
  // The client reconnects through nginx with its id; nginx skips the dead instance.
  WsClient client(nginx_port(), WsOptions::at_path("/ws?session=" + id));
  const auto welcome = client.read_json(std::chrono::seconds(30));
  EXPECT_EQ(welcome["session_id"], id);
  EXPECT_TRUE(welcome["resumed"].get<bool>());
  ASSERT_EQ(welcome["history"].size(), 2u);
  EXPECT_EQ(welcome["history"][1]["user"], "i just finished 12th with pcm");
  EXPECT_NE(text(welcome).find("master's degree"), std::string::npos) << "the plan's question again";
  const int survivor = instance_serving_websocket();
  EXPECT_NE(survivor, 0);
  EXPECT_NE(survivor, victim);
  const auto reply = say(client, "yes I want to do masters");
  EXPECT_EQ(reply["explain"]["flow"]["slot"], "certification_wish") << reply.dump();

  // `start` again brings back only what died.
  const pid_t redis = pid_of("redis");
  ASSERT_EQ(cluster("start"), 0);
  EXPECT_EQ(pid_of("redis"), redis);
  EXPECT_EQ(cluster("status"), 0);
  EXPECT_EQ(http_get(instance_port(victim), "/healthz").status, 200);
}

TEST_F(ClusterEndToEnd, RedisStoppedGivesUnavailableThenTheConversationContinuesAfterItsRestart) {
  WsClient client(nginx_port());
  const std::string id = client.read_json()["session_id"];
  auto reply = say(client, "am I eligible?");
  EXPECT_EQ(reply["explain"]["flow"]["slot"], "education");

  end("redis", SIGTERM);  // Redis writes its append-only file on the way down
  reply = say(client, "i just finished 12th with pcm");
  EXPECT_EQ(reply["type"], "error") << reply.dump();
  EXPECT_EQ(reply["code"], "unavailable") << reply.dump();
  const auto rest = http_post_json(nginx_port(), "/api/v1/chat",
                                   nlohmann::json{{"session_id", id}, {"text", "hello"}}.dump());
  EXPECT_EQ(rest.status, 503) << rest.body;
  EXPECT_NE(rest.body.find("unavailable"), std::string::npos) << rest.body;

  ASSERT_EQ(cluster("start"), 0);  // restarts Redis only, on the same files
  // The same connection works again and the turn before the outage is still there.
  reply = say(client, "i just finished 12th with pcm");
  EXPECT_EQ(reply["type"], "reply") << reply.dump();
  EXPECT_EQ(reply["explain"]["flow"]["slot"], "masters_wish") << reply.dump();
  WsClient again(nginx_port(), WsOptions::at_path("/ws?session=" + id));
  const auto welcome = again.read_json();
  EXPECT_TRUE(welcome["resumed"].get<bool>());
  EXPECT_EQ(welcome["history"].size(), 2u) << "the failed turn was not stored";
}

}  // namespace
}  // namespace careerbot::testing
