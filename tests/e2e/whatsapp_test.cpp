// The WhatsApp channel end to end, real sockets both ways: the real careerbot-server process with the
// four WhatsApp settings, signed Cloud API deliveries posted to /webhooks/whatsapp, and replies caught by
// a local Graph API stand-in on 127.0.0.1 (whatsapp_api_base points at it). The signature is made here
// with OpenSSL directly, independently of the server's code.
#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <atomic>
#include <fstream>
#include <iostream>
#include <sstream>

#include "graph_api_stand_in.hpp"
#include "server_process.hpp"
#include "test_client.hpp"

namespace careerbot::testing {
namespace {

using nlohmann::json;

constexpr const char* kVerifyToken = "e2e-verify-token";
constexpr const char* kAppSecret = "e2e-app-secret";
constexpr const char* kAccessToken = "EAAG-e2e-access-token";
constexpr const char* kPhoneNumberId = "106540352242922";

std::string sign(const std::string& body, const std::string& secret = kAppSecret) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(body.data()), body.size(), digest, &length);
  std::string hex = "sha256=";
  static constexpr char kHex[] = "0123456789abcdef";
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 0x0F];
  }
  return hex;
}

json text_message(const std::string& from, const std::string& id, const std::string& text) {
  return {
      {"from", from}, {"id", id}, {"timestamp", "1700000000"}, {"type", "text"}, {"text", {{"body", text}}}};
}

json button_tap(const std::string& from, const std::string& id, const std::string& title) {
  return {{"from", from},
          {"id", id},
          {"timestamp", "1700000000"},
          {"type", "interactive"},
          {"interactive", {{"type", "button_reply"}, {"button_reply", {{"id", title}, {"title", title}}}}}};
}

std::string delivery(const json& messages, const json& statuses = json::array()) {
  json value = {{"messaging_product", "whatsapp"},
                {"metadata", {{"display_phone_number", "15550001111"}, {"phone_number_id", kPhoneNumberId}}},
                {"contacts", json::array()},
                {"messages", messages}};
  if (!statuses.empty()) value["statuses"] = statuses;
  return json{
      {"object", "whatsapp_business_account"},
      {"entry", {{{"id", "102290129340398"}, {"changes", {{{"value", value}, {"field", "messages"}}}}}}}}
      .dump();
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

class WhatsAppEndToEnd : public ::testing::Test {
 protected:
  void SetUp() override { build_knowledge_db(dir.file("knowledge.db")); }

  ServerOptions options(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {
        "--whatsapp-verify-token", kVerifyToken,     "--whatsapp-app-secret",      kAppSecret,
        "--whatsapp-access-token", kAccessToken,     "--whatsapp-phone-number-id", kPhoneNumberId,
        "--whatsapp-api-base",     graph.base_url(), "--whatsapp-retry-base",      "10ms",
        "--whatsapp-retry-max",    "50ms",           "--whatsapp-send-timeout",    "5s"};
    args.insert(args.end(), extra.begin(), extra.end());
    return {dir.file("sessions.db"), dir.file("knowledge.db"), "", "", std::move(args)};
  }

  static HttpResult post(unsigned short port, const std::string& body, const std::string& signature) {
    std::vector<std::pair<std::string, std::string>> headers = {{"Content-Type", "application/json"}};
    if (!signature.empty()) headers.emplace_back("X-Hub-Signature-256", signature);
    return http_request(port, "POST", "/webhooks/whatsapp", body, headers);
  }
  static HttpResult deliver(unsigned short port, const json& messages) {
    const std::string body = delivery(messages);
    return post(port, body, sign(body));
  }

  // Sends one text (or tap) and waits for the reply to that number; returns the reply body.
  json say(unsigned short port, const std::string& from, const json& message) {
    const std::size_t before = graph.requests_to(from).size();
    const auto result = deliver(port, json::array({message}));
    EXPECT_EQ(result.status, 200) << result.body;
    const bool answered =
        graph.wait_for([&](const auto&) { return graph.requests_to(from).size() > before; });
    EXPECT_TRUE(answered) << "no reply to " << message.dump();
    if (!answered) return json();
    const json body = graph.requests_to(from).at(before).body;
    transcript << "student: "
               << (message.contains("text")
                       ? message["text"]["body"].get<std::string>()
                       : "[taps] " + message["interactive"]["button_reply"]["title"].get<std::string>())
               << "\ncareerbot (" << body.value("type", "") << "): " << shown_text(body);
    for (const auto& title : button_titles(body)) transcript << " [" << title << "]";
    transcript << "\n";
    return body;
  }

  static long metric(unsigned short port, const std::string& series) {
    const std::string metrics = http_get(port, "/metrics").body;
    const auto at = metrics.find("\n" + series + " ");
    if (at == std::string::npos) return -1;
    return std::stol(metrics.substr(at + series.size() + 2));
  }

  TempDir dir;
  GraphApiStandIn graph;
  std::ostringstream transcript;
};

TEST_F(WhatsAppEndToEnd, HandshakeEchoesTheChallengeOnlyForTheVerifyToken) {
  ServerProcess server(options());
  const auto ok =
      http_get(server.port(), std::string("/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=") +
                                  kVerifyToken + "&hub.challenge=1158201444");
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.body, "1158201444");
  EXPECT_EQ(
      http_get(server.port(), "/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1")
          .status,
      403);
  EXPECT_EQ(http_get(server.port(), std::string("/webhooks/whatsapp?hub.mode=unsubscribe&hub.verify_token=") +
                                        kVerifyToken + "&hub.challenge=1")
                .status,
            403);
  EXPECT_EQ(http_get(server.port(), "/webhooks/whatsapp").status, 403);
  EXPECT_EQ(http_get(server.port(), std::string("/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=") +
                                        kVerifyToken + "&hub.challenge=%3Cscript%3E")
                .status,
            403)
      << "nothing but a plain token is echoed";
}

TEST_F(WhatsAppEndToEnd, UnsignedOrWronglySignedDeliveriesAre401AndCounted) {
  ServerProcess server(options());
  const std::string body = delivery(json::array({text_message("919800000101", "wamid.S1", "hello")}));
  EXPECT_EQ(post(server.port(), body, "").status, 401);
  EXPECT_EQ(post(server.port(), body, sign(body, "another-app")).status, 401);
  EXPECT_EQ(post(server.port(), body + " ", sign(body)).status, 401) << "the body changed after signing";
  EXPECT_EQ(post(server.port(), body, "sha256=zz").status, 401);
  EXPECT_EQ(metric(server.port(), "careerbot_whatsapp_signature_failures_total"), 4);
  EXPECT_EQ(metric(server.port(), "careerbot_whatsapp_messages_received_total"), 0);

  // The signed delivery is taken, and only it is answered.
  EXPECT_EQ(post(server.port(), body, sign(body)).status, 200);
  ASSERT_TRUE(graph.wait_for([](const auto& requests) { return requests.size() == 1; }));
  EXPECT_EQ(graph.requests().at(0).authorization, std::string("Bearer ") + kAccessToken);
  EXPECT_EQ(graph.requests().at(0).target, std::string("/v21.0/") + kPhoneNumberId + "/messages");
}

TEST_F(WhatsAppEndToEnd, AGuidedCheckOverWhatsAppWithButtonsInItsOwnSession) {
  const std::string log_file = dir.file("server.log");
  const std::string number = "919812345678";
  {
    ServerProcess server(options({"--log-level", "info"}), log_file);
    json reply = say(server.port(), number, text_message(number, "wamid.G1", "am I eligible?"));
    EXPECT_NE(shown_text(reply).find("10+2 with Science or relevant subjects"), std::string::npos) << reply;
    reply = say(server.port(), number, text_message(number, "wamid.G2", "i just finished 12th with pcm"));
    EXPECT_NE(shown_text(reply).find("master's degree"), std::string::npos) << reply;
    // The planner's yes/no questions come as reply buttons; a tap is an answer like a typed one.
    const auto buttons = button_titles(reply);
    ASSERT_FALSE(buttons.empty()) << reply;
    ASSERT_NE(std::find(buttons.begin(), buttons.end(), "Yes"), buttons.end()) << reply;
    reply = say(server.port(), number, button_tap(number, "wamid.G3", "Yes"));
    EXPECT_FALSE(shown_text(reply).empty());
    reply = say(server.port(), number, text_message(number, "wamid.G4", "no"));
    reply = say(server.port(), number, text_message(number, "wamid.G5", "no, I'll stay in india"));
    EXPECT_NE(shown_text(reply).find("Best fit: Route 2"), std::string::npos) << reply;

    // Another number has its own conversation: no plan in progress there.
    const json other = say(server.port(), "919800000102", text_message("919800000102", "wamid.G6", "no"));
    EXPECT_EQ(shown_text(other).find("Best fit"), std::string::npos) << other;
    // A reply counts as sent once the Graph API has answered, just after the stand-in saw it: wait.
    EXPECT_TRUE(graph.wait_for(
        [&](const auto&) { return metric(server.port(), "careerbot_whatsapp_replies_sent_total") == 6; }));
    EXPECT_EQ(metric(server.port(), "careerbot_whatsapp_messages_received_total"), 6);
    EXPECT_EQ(server.stop(), 0);
  }
  std::cout << "--- WhatsApp transcript (replies as the Graph API stand-in received them) ---\n"
            << transcript.str() << "---\n";

  // Two contacts, two sessions; the file and the log hold keyed hashes, never the number.
  SQLite::Database contacts(dir.file("whatsapp.db"));
  SQLite::Statement rows(contacts, "SELECT contact, session_id FROM whatsapp_contacts");
  std::set<std::string> sessions;
  while (rows.executeStep()) {
    EXPECT_EQ(rows.getColumn(0).getString().size(), 64u);
    EXPECT_EQ(rows.getColumn(0).getString().find(number), std::string::npos);
    sessions.insert(rows.getColumn(1).getString());
  }
  EXPECT_EQ(sessions.size(), 2u);
  const std::string log = read_file(log_file);
  EXPECT_NE(log.find("\"channel\":\"whatsapp\""), std::string::npos) << "turns are logged";
  EXPECT_EQ(log.find(number), std::string::npos) << "the number never reaches the log";
}

TEST_F(WhatsAppEndToEnd, RepeatedDeliveriesStatusesAndOtherKindsAreNotAnsweredAgain) {
  ServerProcess server(options());
  const std::string number = "919800000103";
  const json message = text_message(number, "wamid.D1", "what does an ml specialist do?");
  EXPECT_EQ(deliver(server.port(), json::array({message})).status, 200);
  EXPECT_EQ(deliver(server.port(), json::array({message})).status, 200);
  // The same id again in a batch with a new message: only the new one is answered.
  EXPECT_EQ(
      deliver(server.port(),
              json::array({message, text_message(number, "wamid.D2", "which companies hire in india?")}))
          .status,
      200);
  const json image = {
      {"from", number}, {"id", "wamid.D3"}, {"type", "image"}, {"image", {{"id", "media-1"}}}};
  const json status = {
      {"id", "wamid.ours"}, {"status", "read"}, {"timestamp", "1700000001"}, {"recipient_id", number}};
  const std::string body = delivery(json::array({image}), json::array({status}));
  EXPECT_EQ(post(server.port(), body, sign(body)).status, 200);

  // One number's turns run in order: had a repeat been answered, its reply would be second, before
  // the answer to wamid.D2.
  ASSERT_TRUE(graph.wait_for([&](const auto&) { return graph.requests_to(number).size() >= 2; }));
  EXPECT_NE(graph.requests_to(number)[1].body, graph.requests_to(number)[0].body);
  EXPECT_EQ(metric(server.port(), "careerbot_whatsapp_messages_ignored_total{reason=\"duplicate\"}"), 2);
  EXPECT_EQ(graph.requests_to(number).size(), 2u);
  EXPECT_EQ(metric(server.port(), "careerbot_whatsapp_messages_received_total"), 2);
  EXPECT_EQ(metric(server.port(), "careerbot_whatsapp_messages_ignored_total{reason=\"unsupported\"}"), 1);
  EXPECT_EQ(metric(server.port(), "careerbot_whatsapp_statuses_total"), 1);
}

TEST_F(WhatsAppEndToEnd, A429IsRetriedAndTheReplyArrivesOnce) {
  std::atomic<int> calls{0};
  graph.set_rule([&](const json&) -> GraphAnswer {
    return ++calls == 1 ? GraphAnswer{429, 0} : GraphAnswer{200};
  });
  ServerProcess server(options());
  const std::string number = "919800000104";
  EXPECT_EQ(
      deliver(server.port(), json::array({text_message(number, "wamid.R1", "tell me about route 2")})).status,
      200);
  ASSERT_TRUE(graph.wait_for([&](const auto&) { return graph.requests_to(number).size() == 2; }));
  const auto requests = graph.requests_to(number);
  EXPECT_EQ(requests[0].status, 429);
  EXPECT_EQ(requests[1].status, 200);
  EXPECT_EQ(requests[0].body, requests[1].body);
  EXPECT_NE(shown_text(requests[1].body).find("Route 2"), std::string::npos);
  ASSERT_TRUE(graph.wait_for(
      [&](const auto&) { return metric(server.port(), "careerbot_whatsapp_replies_sent_total") == 1; }));
  EXPECT_EQ(metric(server.port(), "careerbot_whatsapp_send_retries_total"), 1);
}

TEST_F(WhatsAppEndToEnd, A5xxStormFillsTheBoundedQueueWhileOtherChannelsKeepAnswering) {
  std::atomic<bool> storm{true};
  graph.set_rule([&](const json&) -> GraphAnswer { return {storm ? 503 : 200}; });
  ServerProcess server(options(
      {"--whatsapp-queue-cap", "3", "--whatsapp-max-attempts", "100", "--whatsapp-retry-max", "500ms"}));
  for (int i = 0; i < 8; ++i) {
    const std::string number = "9198000002" + std::to_string(10 + i);
    EXPECT_EQ(
        deliver(server.port(), json::array({text_message(number, "wamid.F" + std::to_string(i), "hello")}))
            .status,
        200);
  }
  // Bounded: the queue holds three; the rest are refused, logged and counted.
  ASSERT_TRUE(graph.wait_for([&](const auto&) {
    return metric(server.port(), "careerbot_whatsapp_replies_failed_total{reason=\"queue_full\"}") == 5;
  }));
  EXPECT_EQ(metric(server.port(), "careerbot_whatsapp_queue_depth"), 3);
  ASSERT_TRUE(graph.wait_for(
      [&](const auto&) { return metric(server.port(), "careerbot_whatsapp_send_retries_total") >= 6; }));
  EXPECT_EQ(metric(server.port(), "careerbot_whatsapp_replies_sent_total"), 0);

  // Nothing else stalls: REST and WebSocket answer during the storm.
  const auto rest =
      http_post_json(server.port(), "/api/v1/chat", R"({"text":"which companies hire in india?"})");
  EXPECT_EQ(rest.status, 200) << rest.body;
  WsClient client(server.port());
  client.read_json();
  client.send_json({{"type", "message"}, {"text", "tell me about route 2"}});
  EXPECT_EQ(client.read_json()["type"], "reply");

  // The storm ends: what was queued goes out, and new messages are answered again.
  storm = false;
  ASSERT_TRUE(graph.wait_for(
      [&](const auto&) { return metric(server.port(), "careerbot_whatsapp_replies_sent_total") == 3; }));
  const std::string late = "919800000299";
  EXPECT_EQ(deliver(server.port(), json::array({text_message(late, "wamid.F9", "hello")})).status, 200);
  ASSERT_TRUE(graph.wait_for([&](const auto&) {
    for (const auto& request : graph.requests_to(late))
      if (request.status == 200) return true;
    return false;
  }));
  EXPECT_EQ(metric(server.port(), "careerbot_whatsapp_queue_depth"), 0);
}

TEST_F(WhatsAppEndToEnd, TheSafeguardingReplyGoesOutEvenWhenTheQueueIsFull) {
  std::atomic<bool> storm{true};
  graph.set_rule([&](const json&) -> GraphAnswer { return {storm ? 500 : 200}; });
  ServerProcess server(options(
      {"--whatsapp-queue-cap", "2", "--whatsapp-max-attempts", "100", "--whatsapp-retry-max", "500ms"}));
  for (int i = 0; i < 3; ++i) {
    const std::string number = "9198000003" + std::to_string(10 + i);
    EXPECT_EQ(
        deliver(server.port(), json::array({text_message(number, "wamid.H" + std::to_string(i), "hello")}))
            .status,
        200);
  }
  ASSERT_TRUE(graph.wait_for([&](const auto&) {
    return metric(server.port(), "careerbot_whatsapp_replies_failed_total{reason=\"queue_full\"}") == 1;
  }));
  const std::string student = "919800000399";
  EXPECT_EQ(deliver(server.port(),
                    json::array(
                        {text_message(student, "wamid.H9", "I failed 12th, my life is over, I want to die")}))
                .status,
            200);
  ASSERT_TRUE(graph.wait_for([&](const auto&) { return !graph.requests_to(student).empty(); }));
  storm = false;
  ASSERT_TRUE(graph.wait_for([&](const auto&) {
    for (const auto& request : graph.requests_to(student))
      if (request.status == 200) return true;
    return false;
  }));
  const std::string text = shown_text(graph.requests_to(student).back().body);
  EXPECT_NE(text.find("14416"), std::string::npos) << text;
  EXPECT_NE(text.find("counsellor"), std::string::npos) << text;
  // It took the place of a waiting ordinary reply (or was held beyond the cap): never refused.
  EXPECT_EQ(metric(server.port(), "careerbot_whatsapp_replies_failed_total{reason=\"queue_full\"}"), 1);
}

TEST_F(WhatsAppEndToEnd, WithoutItsSettingsTheWebhookIsOff) {
  ServerProcess server({dir.file("sessions.db"), dir.file("knowledge.db"), "", "", {}});
  EXPECT_EQ(
      http_get(server.port(), "/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=x&hub.challenge=1")
          .status,
      404);
  const std::string body = delivery(json::array({text_message("919800000401", "wamid.O1", "hello")}));
  EXPECT_EQ(post(server.port(), body, sign(body)).status, 404);
}

}  // namespace
}  // namespace careerbot::testing
