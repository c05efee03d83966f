// The real server on 127.0.0.1 (port 0) with a small test-only ChatService: this tests the transport
// (framing, limits, errors, HTTP routes); the end-to-end tests use the real chatbot.

#include "net/server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "test_client.hpp"

namespace careerbot::net {
namespace {

using nlohmann::json;
using testing::Frame;
using testing::HandshakeRefused;
using testing::WsClient;
using testing::WsOptions;

// Echoes messages; "hi" is a greeting, "boom" throws (with detail that must never reach a client).
class EchoChat : public dialog::ChatService {
 public:
  dialog::Welcome open(std::string_view requested_id) override {
    std::lock_guard lock(mutex_);
    if (sessions_.count(std::string(requested_id)) != 0) {
      return {
          std::string(requested_id), true, "Welcome back.", {"Go on"}, {{"hi", "you said: hi", "greeting"}}};
    }
    std::string id = "s-" + std::to_string(++next_id_);
    sessions_.insert(id);
    return {id, false, "Hello! Ask me about careers.", {"What does an ML specialist do?"}, {}};
  }
  dialog::Welcome reset(std::string_view session_id) override {
    return {std::string(session_id), false, "Fresh start.", {"Start again"}, {}};
  }
  dialog::Reply handle(std::string_view, std::string_view text) override {
    if (text == "boom") throw std::runtime_error("secret detail /var/lib/careerbot/knowledge.db");
    dialog::Reply reply;
    reply.text = "you said: " + std::string(text);
    reply.intent = text == "hi" ? "greeting" : "fallback";
    reply.confidence = text == "hi" ? 0.9 : 0.1;
    if (text == "hi") reply.career = "machine-learning-specialist";
    reply.suggestions = {"More"};
    reply.sources = {"test source"};
    return reply;
  }
  json explain(std::string_view, std::string_view) override { return json::object(); }
  bool ready() const override { return ready_.load(); }

  std::atomic<bool> ready_{true};

 private:
  std::mutex mutex_;
  std::set<std::string> sessions_;
  int next_id_ = 0;
};

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    web_root_ = std::filesystem::temp_directory_path() /
                ("careerbot-net-test-" + std::to_string(::getpid()) + "-" +
                 ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(web_root_ / "web");
    write(web_root_ / "web" / "index.html", "<!doctype html><title>careerbot</title>");
    write(web_root_ / "web" / "widget.js", "console.log('widget');");
    write(web_root_ / "web" / "widget.css", "body{}");
    write(web_root_ / "web" / ".hidden", "hidden");
    write(web_root_ / "secret.txt", "outside the web root");

    config_.port = 0;
    config_.io_threads = 2;
    config_.web_root = (web_root_ / "web").string();
    config_.handshake_timeout = std::chrono::seconds(5);
    config_.idle_timeout = std::chrono::seconds(30);
    config_.connection_rate = {1000, 1000};
    config_.ip_rate = {1000, 1000};
    config_.connect_rate = {1000, 1000};
    config_.log_level = LogLevel::off;
  }

  void TearDown() override {
    if (server_) server_->stop();
    server_.reset();
    std::filesystem::remove_all(web_root_);
  }

  static void write(const std::filesystem::path& path, const std::string& text) {
    std::ofstream(path) << text;
  }

  unsigned short start() {
    server_ = std::make_unique<Server>(config_, chat_);
    server_->start();
    return server_->port();
  }

  // A connected client whose welcome has been read.
  std::unique_ptr<WsClient> connect(unsigned short port, WsOptions options = {}) {
    auto client = std::make_unique<WsClient>(port, std::move(options));
    const json welcome = client->read_json();
    EXPECT_EQ(welcome.at("type"), "welcome");
    return client;
  }

  Config config_;
  EchoChat chat_;
  std::unique_ptr<Server> server_;
  std::filesystem::path web_root_;
};

TEST_F(ServerTest, WelcomeOnConnectThenResume) {
  const auto port = start();
  WsClient first(port);
  const json welcome = first.read_json();
  EXPECT_EQ(welcome.at("type"), "welcome");
  EXPECT_EQ(welcome.at("resumed"), false);
  EXPECT_EQ(welcome.at("text"), "Hello! Ask me about careers.");
  EXPECT_FALSE(welcome.contains("history"));
  const std::string id = welcome.at("session_id");

  WsClient again(port, WsOptions::at_path("/ws?session=" + id));
  const json resumed = again.read_json();
  EXPECT_EQ(resumed.at("session_id"), id);
  EXPECT_EQ(resumed.at("resumed"), true);
  EXPECT_EQ(resumed.at("history").size(), 1u);

  WsClient stranger(port, WsOptions::at_path("/ws?session=made-up-by-client"));
  const json fresh = stranger.read_json();
  EXPECT_NE(fresh.at("session_id"), "made-up-by-client");
  EXPECT_EQ(fresh.at("resumed"), false);
}

TEST_F(ServerTest, MessageGetsReplyWithIdEchoed) {
  const auto port = start();
  auto client = connect(port);
  client->send_json({{"type", "message"}, {"text", "hi"}, {"id", 7}});
  const json reply = client->read_json();
  EXPECT_EQ(reply.at("type"), "reply");
  EXPECT_EQ(reply.at("text"), "you said: hi");
  EXPECT_EQ(reply.at("intent"), "greeting");
  EXPECT_EQ(reply.at("confidence"), 0.9);
  EXPECT_EQ(reply.at("career"), "machine-learning-specialist");
  EXPECT_EQ(reply.at("suggestions"), json({"More"}));
  EXPECT_EQ(reply.at("sources"), json({"test source"}));
  EXPECT_EQ(reply.at("reply_to"), 7);

  client->send_json({{"type", "message"}, {"text", "what now?"}});
  const json second = client->read_json();
  EXPECT_EQ(second.at("intent"), "fallback");
  EXPECT_TRUE(second.at("career").is_null());
  EXPECT_FALSE(second.contains("reply_to"));
}

TEST_F(ServerTest, ResetAnswersWithWelcomeKeepingTheId) {
  const auto port = start();
  WsClient client(port);
  const std::string id = client.read_json().at("session_id");
  client.send_json({{"type", "reset"}});
  const json welcome = client.read_json();
  EXPECT_EQ(welcome.at("type"), "welcome");
  EXPECT_EQ(welcome.at("session_id"), id);
  EXPECT_EQ(welcome.at("text"), "Fresh start.");
}

TEST_F(ServerTest, BadInputGetsErrorFramesAndTheConnectionStaysOpen) {
  const auto port = start();
  auto client = connect(port);
  auto expect_error = [&](const std::string& code) {
    const json error = client->read_json();
    EXPECT_EQ(error.at("type"), "error");
    EXPECT_EQ(error.at("code"), code);
    EXPECT_FALSE(error.at("message").get<std::string>().empty());
  };
  client->send_text("this is not json");
  expect_error("bad_json");
  client->send_text(R"({"type":"shout","text":"hi"})");
  expect_error("bad_type");
  client->send_text(R"({"text":"hi"})");
  expect_error("bad_type");
  client->send_text(R"({"type":"message","text":"   "})");
  expect_error("bad_text");
  client->send_text(R"({"type":"message","text":"a\u0000b"})");
  expect_error("bad_text");
  client->send_json({{"type", "message"}, {"text", std::string(8001, 'x')}});
  expect_error("too_large");
  client->send_binary(R"({"type":"message","text":"hi"})");
  const json binary = client->read_json();
  EXPECT_EQ(binary.at("code"), "bad_json");
  EXPECT_EQ(binary.at("message"), "binary frames are not accepted");

  client->send_json({{"type", "message"}, {"text", "hi"}});
  EXPECT_EQ(client->read_json().at("type"), "reply");
  EXPECT_EQ(server_->metrics().errors(protocol::ErrorCode::bad_type), 2u);
}

TEST_F(ServerTest, FiveThousandCharacterMessageReachesTheChatbot) {
  const auto port = start();
  auto client = connect(port);
  std::string text;
  for (int i = 0; i < 2500; ++i) text += "é ";  // 5,000 characters, 7,500 bytes
  client->send_json({{"type", "message"}, {"text", text}});
  const json reply = client->read_json();
  EXPECT_EQ(reply.at("type"), "reply");
  EXPECT_EQ(reply.at("text"), "you said: " + text);
}

TEST_F(ServerTest, InvalidUtf8ClosesWith1007) {
  const auto port = start();
  auto client = connect(port);
  client->send_text("{\"type\":\"message\",\"text\":\"\xff\xfe\"}");
  const Frame frame = client->read();
  EXPECT_EQ(frame.kind, Frame::Kind::closed);
  EXPECT_EQ(frame.close_code, 1007);
}

TEST_F(ServerTest, FrameOverTheCapClosesWith1009) {
  const auto port = start();
  auto client = connect(port);
  client->send_json({{"type", "message"}, {"text", std::string(config_.max_frame_bytes + 100, 'a')}});
  const Frame frame = client->read();
  EXPECT_EQ(frame.kind, Frame::Kind::closed);
  EXPECT_EQ(frame.close_code, 1009);
}

TEST_F(ServerTest, ChatbotExceptionBecomesInternalWithoutDetail) {
  const auto port = start();
  auto client = connect(port);
  client->send_json({{"type", "message"}, {"text", "boom"}});
  const json error = client->read_json();
  EXPECT_EQ(error.at("code"), "internal");
  EXPECT_EQ(error.dump().find("secret"), std::string::npos);
  EXPECT_EQ(error.dump().find("/var"), std::string::npos);
  client->send_json({{"type", "message"}, {"text", "hi"}});
  EXPECT_EQ(client->read_json().at("type"), "reply");
}

TEST_F(ServerTest, ConnectionRateLimitAnswersWithErrorFramesWhileOthersChat) {
  config_.connection_rate = {1, 3};
  const auto port = start();
  auto flooder = connect(port);
  int replies = 0;
  int limited = 0;
  for (int i = 0; i < 12; ++i) flooder->send_json({{"type", "message"}, {"text", "hi"}});
  for (int i = 0; i < 12; ++i) {
    const json frame = flooder->read_json();
    if (frame.at("type") == "reply") ++replies;
    if (frame.at("type") == "error" && frame.at("code") == "rate_limited") ++limited;
  }
  EXPECT_EQ(replies + limited, 12);
  EXPECT_GE(limited, 1);
  EXPECT_GE(replies, 3);

  auto other = connect(port, WsOptions::from_address("127.0.0.2"));
  other->send_json({{"type", "message"}, {"text", "hi"}});
  EXPECT_EQ(other->read_json().at("type"), "reply");
}

TEST_F(ServerTest, AddressRateLimitIsSharedByConnectionsFromOneAddress) {
  config_.ip_rate = {1, 4};
  const auto port = start();
  auto first = connect(port, WsOptions::from_address("127.0.0.3"));
  auto second = connect(port, WsOptions::from_address("127.0.0.3"));
  int limited = 0;
  for (int i = 0; i < 6; ++i) {
    first->send_json({{"type", "message"}, {"text", "hi"}});
    second->send_json({{"type", "message"}, {"text", "hi"}});
  }
  for (int i = 0; i < 6; ++i) {
    limited += first->read_json().at("type") == "error" ? 1 : 0;
    limited += second->read_json().at("type") == "error" ? 1 : 0;
  }
  EXPECT_GE(limited, 1);

  auto elsewhere = connect(port, WsOptions::from_address("127.0.0.4"));
  elsewhere->send_json({{"type", "message"}, {"text", "hi"}});
  EXPECT_EQ(elsewhere->read_json().at("type"), "reply");
}

TEST_F(ServerTest, OriginAllowList) {
  config_.allowed_origins = {"https://school.example"};
  const auto port = start();
  try {
    WsClient refused(port, WsOptions::with_origin("https://evil.example"));
    ADD_FAILURE() << "upgrade from a foreign origin was accepted";
  } catch (const HandshakeRefused& refused) {
    EXPECT_EQ(refused.status, 403);
    EXPECT_EQ(json::parse(refused.body).at("error").at("code"), "forbidden");
  }
  connect(port, WsOptions::with_origin("https://school.example"));
  connect(port, WsOptions::with_origin("http://127.0.0.1:" + std::to_string(port)));  // the demo page itself
  connect(port);  // no Origin: not a browser
}

TEST_F(ServerTest, ConnectionCapRefusesTheUpgradeWith503) {
  config_.max_connections = 2;
  const auto port = start();
  auto first = connect(port);
  auto second = connect(port);
  try {
    WsClient third(port);
    ADD_FAILURE() << "a connection over the cap was accepted";
  } catch (const HandshakeRefused& refused) {
    EXPECT_EQ(refused.status, 503);
    EXPECT_EQ(json::parse(refused.body).at("error").at("code"), "too_many_connections");
  }
}

TEST_F(ServerTest, RestChatHappyPath) {
  const auto port = start();
  const auto response = testing::http_post_json(port, "/api/v1/chat", R"({"text":"hi"})");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.header("cache-control"), "no-store");
  EXPECT_EQ(response.header("x-content-type-options"), "nosniff");
  const json body = response.json();
  const std::string id = body.at("session_id");
  EXPECT_FALSE(id.empty());
  EXPECT_EQ(body.at("reply").at("type"), "reply");
  EXPECT_EQ(body.at("reply").at("intent"), "greeting");

  const auto again =
      testing::http_post_json(port, "/api/v1/chat", json{{"session_id", id}, {"text", "more"}}.dump());
  EXPECT_EQ(again.json().at("session_id"), id);
  const auto stranger =
      testing::http_post_json(port, "/api/v1/chat", R"({"session_id":"client-made","text":"hi"})");
  EXPECT_NE(stranger.json().at("session_id"), "client-made");
}

TEST_F(ServerTest, RestChatErrorStatuses) {
  config_.max_body_bytes = 16 * 1024;
  const auto port = start();
  auto code_of = [](const testing::HttpResult& r) {
    return r.json().at("error").at("code").get<std::string>();
  };

  auto r = testing::http_post_json(port, "/api/v1/chat", "nope");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(code_of(r), "bad_json");
  r = testing::http_post_json(port, "/api/v1/chat", R"({"session_id":"x"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(code_of(r), "bad_text");
  r = testing::http_post_json(port, "/api/v1/chat", json{{"text", std::string(8001, 'a')}}.dump());
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(code_of(r), "too_large");
  r = testing::http_post_json(port, "/api/v1/chat", json{{"text", std::string(20000, 'a')}}.dump());
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(code_of(r), "too_large");
  r = testing::http_request(port, "POST", "/api/v1/chat", R"({"text":"hi"})",
                            {{"Content-Type", "text/plain"}});
  EXPECT_EQ(r.status, 415);
  r = testing::http_post_json(port, "/api/v1/chat", R"({"text":"boom"})");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(code_of(r), "internal");
  EXPECT_EQ(r.body.find("secret"), std::string::npos);

  r = testing::http_get(port, "/api/v1/chat");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.header("allow"), "POST");
  EXPECT_EQ(code_of(r), "method_not_allowed");
  r = testing::http_request(port, "DELETE", "/healthz");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.header("allow"), "GET");
  r = testing::http_get(port, "/api/v1/nothing-here");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(code_of(r), "not_found");
  r = testing::http_post_json(port, "/api/v1/nothing-here", "{}");
  EXPECT_EQ(r.status, 404);
}

TEST_F(ServerTest, RestRateLimitIs429) {
  config_.ip_rate = {1, 2};
  const auto port = start();
  int limited = 0;
  for (int i = 0; i < 6; ++i) {
    const auto r = testing::http_post_json(port, "/api/v1/chat", R"({"text":"hi"})");
    if (r.status == 429) {
      ++limited;
      EXPECT_EQ(r.json().at("error").at("code"), "rate_limited");
    }
  }
  EXPECT_GE(limited, 1);
}

TEST_F(ServerTest, HealthReadinessAndMetrics) {
  const auto port = start();
  EXPECT_EQ(testing::http_get(port, "/healthz").status, 200);
  EXPECT_EQ(testing::http_get(port, "/healthz").json().at("status"), "ok");
  EXPECT_EQ(testing::http_get(port, "/readyz").status, 200);
  chat_.ready_ = false;
  EXPECT_EQ(testing::http_get(port, "/readyz").status, 503);

  auto client = connect(port);
  client->send_json({{"type", "message"}, {"text", "hi"}});
  client->read_json();
  client->send_json({{"type", "message"}, {"text", "unknown"}});
  client->read_json();
  const auto metrics = testing::http_get(port, "/metrics");
  EXPECT_EQ(metrics.status, 200);
  EXPECT_EQ(metrics.header("content-type").rfind("text/plain", 0), 0u);
  EXPECT_NE(metrics.body.find("careerbot_messages_total 2"), std::string::npos) << metrics.body;
  EXPECT_NE(metrics.body.find("careerbot_replies_total{intent=\"greeting\"} 1"), std::string::npos);
  EXPECT_NE(metrics.body.find("careerbot_fallbacks_total 1"), std::string::npos);
  EXPECT_NE(metrics.body.find("careerbot_turn_latency_seconds_count 2"), std::string::npos);
  EXPECT_NE(metrics.body.find("careerbot_open_websockets 1"), std::string::npos);
  EXPECT_NE(metrics.body.find("careerbot_errors_total{code=\"unavailable\"} 1"), std::string::npos);
}

TEST_F(ServerTest, StaticFilesAndPathTraversal) {
  const auto port = start();
  auto index = testing::http_get(port, "/");
  EXPECT_EQ(index.status, 200);
  EXPECT_EQ(index.body, "<!doctype html><title>careerbot</title>");
  EXPECT_EQ(index.header("content-type"), "text/html; charset=utf-8");
  EXPECT_NE(index.header("content-security-policy").find("script-src 'self'"), std::string::npos);
  EXPECT_EQ(index.header("x-frame-options"), "DENY");
  EXPECT_EQ(testing::http_get(port, "/widget.js").header("content-type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(testing::http_get(port, "/widget.css").header("content-type"), "text/css; charset=utf-8");

  for (const std::string target : {"/../secret.txt", "/%2e%2e/secret.txt", "/web/../../secret.txt",
                                   "/.hidden", "/..%2fsecret.txt", "/missing.js", "//etc/passwd"}) {
    const auto r = testing::http_get(port, target);
    EXPECT_EQ(r.status, 404) << target;
    EXPECT_EQ(r.body.find("outside the web root"), std::string::npos) << target;
  }
  EXPECT_EQ(testing::http_request(port, "POST", "/widget.js").status, 405);
}

TEST_F(ServerTest, GracefulStopClosesWebSocketsWithGoingAway) {
  const auto port = start();
  auto client = connect(port);
  // A client answers the close handshake only while reading, so read while the server stops.
  Frame frame;
  std::thread reader([&] { frame = client->read(); });
  server_->stop();
  reader.join();
  EXPECT_EQ(frame.kind, Frame::Kind::closed);
  EXPECT_EQ(frame.close_code, 1001);
  server_->stop();  // idempotent
  EXPECT_THROW(testing::http_get(port, "/healthz"), std::exception);
}

TEST_F(ServerTest, StartFailsClearlyWhenThePortIsTaken) {
  const auto port = start();
  Config clash = config_;
  clash.port = port;
  Server second(clash, chat_);
  try {
    second.start();
    ADD_FAILURE() << "second server bound a taken port";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("cannot listen on 127.0.0.1:" + std::to_string(port)),
              std::string::npos)
        << e.what();
  }
}

// Polls (with a deadline against a hung test only) until `done` holds.
template <class Condition>
bool eventually(Condition done) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!done()) {
    if (std::chrono::steady_clock::now() > give_up) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

// A plain TCP client bound to `local` that sends an HTTP request one header line at a time, or
// (`silent`) connects and sends nothing at all.
class Trickler {
 public:
  Trickler(unsigned short port, const std::string& local, bool silent = false) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in from{};
    from.sin_family = AF_INET;
    ::inet_pton(AF_INET, local.c_str(), &from.sin_addr);
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&from), sizeof from) != 0) throw std::runtime_error("bind");
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(port);
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) throw std::runtime_error("connect");
    if (!silent) send_some("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n");
  }
  ~Trickler() { ::close(fd_); }
  Trickler(const Trickler&) = delete;
  Trickler& operator=(const Trickler&) = delete;

  // True once the server has closed the connection (EOF, reset) or answered on it; sends nothing.
  bool closed_by_server() {
    pollfd p{fd_, POLLIN, 0};
    return ::poll(&p, 1, 0) > 0;
  }
  // One more header line; false once the server has closed the connection (EOF, reset or an answer).
  bool trickle() {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, 0) > 0) return false;  // the server wrote (a 503) or closed
    return send_some("X-Slow: " + std::to_string(++lines_) + "\r\n");
  }

 private:
  bool send_some(const std::string& bytes) {
    return ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size());
  }
  int fd_ = -1;
  int lines_ = 0;
};

TEST_F(ServerTest, OneAddressIsCappedWhileOtherAddressesAreServed) {
  config_.max_connections_per_address = 3;
  const auto port = start();
  std::vector<std::unique_ptr<WsClient>> flood;
  for (int i = 0; i < 3; ++i) flood.push_back(connect(port, WsOptions::from_address("127.0.0.2")));
  try {
    WsClient fourth(port, WsOptions::from_address("127.0.0.2"));
    ADD_FAILURE() << "a fourth connection from one address was accepted";
  } catch (const HandshakeRefused& refused) {
    EXPECT_EQ(refused.status, 503);
    EXPECT_EQ(json::parse(refused.body).at("error").at("code"), "too_many_connections");
  }
  EXPECT_EQ(testing::http_request(port, "GET", "/healthz", {}, {}, "127.0.0.2").status, 503);
  // Other students are still served, over WebSocket and HTTP.
  auto other = connect(port, WsOptions::from_address("127.0.0.3"));
  other->send_json({{"type", "message"}, {"text", "hi"}});
  EXPECT_EQ(other->read_json().at("type"), "reply");
  EXPECT_EQ(testing::http_request(port, "GET", "/healthz", {}, {}, "127.0.0.3").status, 200);
  // A closed connection gives its place back.
  flood.front()->close();
  flood.erase(flood.begin());
  EXPECT_TRUE(eventually([&] {
    try {
      WsClient again(port, WsOptions::from_address("127.0.0.2"));
      return again.read_json().at("type") == "welcome";
    } catch (const HandshakeRefused&) {
      return false;
    }
  }));
}

TEST_F(ServerTest, ConnectsAreRateLimitedPerAddress) {
  config_.connect_rate = {0.001, 3};
  const auto port = start();
  for (int i = 0; i < 3; ++i) connect(port, WsOptions::from_address("127.0.0.7"));
  try {
    WsClient fourth(port, WsOptions::from_address("127.0.0.7"));
    ADD_FAILURE() << "a fourth connect within the burst was accepted";
  } catch (const HandshakeRefused& refused) {
    EXPECT_EQ(refused.status, 429);
    EXPECT_EQ(json::parse(refused.body).at("error").at("code"), "rate_limited");
  }
  connect(port, WsOptions::from_address("127.0.0.8"));  // another address is not affected
}

TEST_F(ServerTest, ExplainIsOffByDefaultAndOnWithTheAdminTokenOrTheSwitch) {
  config_.admin_token = "admin-secret-for-unit-tests-0123456789";
  const auto port = start();
  const std::string body = R"({"text":"hi","explain":true})";
  const auto plain = testing::http_post_json(port, "/api/v1/chat", body);
  ASSERT_EQ(plain.status, 200) << plain.body;
  EXPECT_FALSE(plain.json().at("reply").contains("explain")) << plain.body;
  const auto wrong =
      testing::http_request(port, "POST", "/api/v1/chat", body,
                            {{"Content-Type", "application/json"}, {"Authorization", "Bearer nope"}});
  EXPECT_FALSE(wrong.json().at("reply").contains("explain")) << wrong.body;
  const auto admin =
      testing::http_request(port, "POST", "/api/v1/chat", body,
                            {{"Content-Type", "application/json"},
                             {"Authorization", "Bearer admin-secret-for-unit-tests-0123456789"}});
  EXPECT_TRUE(admin.json().at("reply").contains("explain")) << admin.body;
  auto client = connect(port);
  client->send_json({{"type", "message"}, {"text", "hi"}, {"explain", true}});
  const json reply = client->read_json();
  EXPECT_EQ(reply.at("type"), "reply");
  EXPECT_FALSE(reply.contains("explain")) << reply.dump();
}

TEST_F(ServerTest, ExplainForEveryClientWithAllowExplain) {
  config_.allow_explain = true;
  const auto port = start();
  const auto rest = testing::http_post_json(port, "/api/v1/chat", R"({"text":"hi","explain":true})");
  EXPECT_TRUE(rest.json().at("reply").contains("explain")) << rest.body;
  auto client = connect(port);
  client->send_json({{"type", "message"}, {"text", "hi"}, {"explain", true}});
  EXPECT_TRUE(client->read_json().contains("explain"));
}

TEST_F(ServerTest, ASilentWebSocketThatOnlyAnswersPingsIsClosedPolitely) {
  // Pings every 750 ms; the client answers them while it reads (the idle timeout never closes it).
  config_.idle_timeout = std::chrono::milliseconds(1500);
  config_.websocket_silence = std::chrono::seconds(2);
  const auto port = start();
  auto client = connect(port);
  // Messages more often than the limit keep it open.
  for (int i = 0; i < 8; ++i) {
    client->send_json({{"type", "message"}, {"text", "hi"}});
    ASSERT_EQ(client->read_json().at("type"), "reply");
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
  }
  const Frame frame = client->read(std::chrono::seconds(60));
  ASSERT_EQ(frame.kind, Frame::Kind::closed) << frame.data;
  EXPECT_EQ(frame.close_code, 1000);
  EXPECT_NE(frame.close_reason.find("no message"), std::string::npos) << frame.close_reason;
}

TEST_F(ServerTest, AWebSocketIsClosedWithGoingAwayAtTheMaximumLifetime) {
  config_.max_connection_lifetime = std::chrono::seconds(1);
  const auto port = start();
  auto client = connect(port);
  const Frame frame = client->read(std::chrono::seconds(60));
  ASSERT_EQ(frame.kind, Frame::Kind::closed) << frame.data;
  EXPECT_EQ(frame.close_code, 1001);
}

TEST_F(ServerTest, SlowlorisIsCutAndCountsAgainstItsAddress) {
  config_.max_connections_per_address = 4;
  config_.handshake_timeout = std::chrono::seconds(5);
  const auto port = start();
  std::vector<std::unique_ptr<Trickler>> slow;
  for (int i = 0; i < 4; ++i) slow.push_back(std::make_unique<Trickler>(port, "127.0.0.5"));
  // While they trickle, their address has no connection left; other addresses are served.
  EXPECT_THROW(WsClient(port, WsOptions::from_address("127.0.0.5")), HandshakeRefused);
  EXPECT_EQ(testing::http_request(port, "GET", "/healthz", {}, {}, "127.0.0.6").status, 200);
  // Each is cut although it keeps sending: a request has one deadline, however slowly it arrives.
  std::vector<bool> cut(slow.size(), false);
  EXPECT_TRUE(eventually([&] {
    bool all = true;
    for (std::size_t i = 0; i < slow.size(); ++i) {
      if (!cut[i]) cut[i] = !slow[i]->trickle();
      all = all && cut[i];
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    return all;
  }));
  EXPECT_TRUE(eventually([&] {
    try {
      WsClient again(port, WsOptions::from_address("127.0.0.5"));
      return again.read_json().at("type") == "welcome";
    } catch (const HandshakeRefused&) {
      return false;
    }
  }));
}

TEST_F(ServerTest, SilentSocketsCountAgainstTheirAddressAndAreCutAtTheHandshakeTimeout) {
  config_.max_connections_per_address = 3;
  config_.handshake_timeout = std::chrono::seconds(1);
  const auto port = start();
  std::vector<std::unique_ptr<Trickler>> silent;
  for (int i = 0; i < 3; ++i)
    silent.push_back(std::make_unique<Trickler>(port, "127.0.0.9", /*silent=*/true));
  // Connected and saying nothing, they hold every place of their address; other addresses are served.
  EXPECT_THROW(WsClient(port, WsOptions::from_address("127.0.0.9")), HandshakeRefused);
  EXPECT_EQ(testing::http_request(port, "GET", "/healthz", {}, {}, "127.0.0.10").status, 200);
  // Each is closed at the handshake timeout, and its place comes back.
  EXPECT_TRUE(eventually([&] {
    for (const auto& socket : silent)
      if (!socket->closed_by_server()) return false;
    return true;
  }));
  EXPECT_TRUE(eventually([&] {
    try {
      WsClient again(port, WsOptions::from_address("127.0.0.9"));
      return again.read_json().at("type") == "welcome";
    } catch (const HandshakeRefused&) {
      return false;
    }
  }));
}

}  // namespace
}  // namespace careerbot::net
