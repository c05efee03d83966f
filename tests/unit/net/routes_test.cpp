// The router is a plain function of the request: tested here without sockets.
#include "net/routes.hpp"

#include <gtest/gtest.h>

namespace careerbot::net {
namespace {

using nlohmann::json;

class CountingChat : public dialog::ChatService {
 public:
  dialog::Welcome open(std::string_view id) override {
    ++opens;
    return {id == "live" ? "live" : "new-" + std::to_string(opens), id == "live", "hello", {}, {}};
  }
  dialog::Welcome reset(std::string_view id) override { return {std::string(id), false, "hello", {}, {}}; }
  dialog::Reply handle(std::string_view session, std::string_view text) override {
    ++turns;
    last_session = std::string(session);
    dialog::Reply reply;
    reply.text = "echo " + std::string(text);
    reply.intent = "echo";
    reply.confidence = 1.0;
    return reply;
  }
  json explain(std::string_view, std::string_view) override { return {}; }
  bool ready() const override { return true; }
  int opens = 0;
  int turns = 0;
  std::string last_session;
};

class RoutesTest : public ::testing::Test {
 protected:
  RoutesTest()
      : turns_(config_, chat_, metrics_),
        limits_(config_.ip_rate),
        router_(config_, turns_, metrics_, limits_) {}

  HttpResponse call(std::string method, std::string target, std::string body = {}) {
    HttpRequest request;
    request.method = std::move(method);
    request.target = std::move(target);
    request.body = std::move(body);
    request.content_type = "application/json";
    request.client_address = "127.0.0.1";
    return router_.handle(request);
  }

  Config config_;
  CountingChat chat_;
  Metrics metrics_;
  ChatTurns turns_;
  AddressRateLimiter limits_;
  Router router_;
};

TEST_F(RoutesTest, ChatResumesLiveSessionsAndNeverAdoptsClientIds) {
  auto response = call("POST", "/api/v1/chat", R"({"session_id":"live","text":"hi"})");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(json::parse(response.body).at("session_id"), "live");
  EXPECT_EQ(chat_.last_session, "live");

  response = call("POST", "/api/v1/chat", R"({"session_id":"invented","text":"hi"})");
  EXPECT_NE(json::parse(response.body).at("session_id"), "invented");
  EXPECT_NE(chat_.last_session, "invented");
}

TEST_F(RoutesTest, ErrorsCarryTheirCodeAndDoNotReachTheChatbot) {
  auto response = call("POST", "/api/v1/chat", R"({"text":""})");
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.error, protocol::ErrorCode::bad_text);
  EXPECT_EQ(chat_.turns, 0);
}

TEST_F(RoutesTest, AddedRoutesAndMethodLists) {
  router_.add("POST", "/api/v1/telegram", [](const HttpRequest&) {
    HttpResponse ok;
    ok.body = "{}";
    return ok;
  });
  EXPECT_EQ(call("POST", "/api/v1/telegram").status, 200);
  auto wrong = call("GET", "/api/v1/telegram");
  EXPECT_EQ(wrong.status, 405);
  ASSERT_EQ(wrong.headers.size(), 1u);
  EXPECT_EQ(wrong.headers[0], (std::pair<std::string, std::string>{"Allow", "POST"}));
}

TEST_F(RoutesTest, PlainRequestToTheWebSocketPathIs426) {
  auto response = call("GET", "/ws");
  EXPECT_EQ(response.status, 426);
}

TEST_F(RoutesTest, HandlerExceptionsBecomeInternal) {
  router_.add("GET", "/throws",
              [](const HttpRequest&) -> HttpResponse { throw std::runtime_error("/etc/secret"); });
  auto response = call("GET", "/throws");
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(response.body.find("secret"), std::string::npos);
}

}  // namespace
}  // namespace careerbot::net
