// WhatsAppSender with the real GraphApiClient over real sockets to a local Graph API stand-in:
// the request the API gets, retries after 429 and 5xx, final errors, a full queue, and giving up.
#include "net/whatsapp_sender.hpp"

#include <gtest/gtest.h>

#include <atomic>

#include "graph_api_stand_in.hpp"
#include "net/graph_api_client.hpp"
#include "net/whatsapp_message.hpp"

namespace careerbot::net {
namespace {

using std::chrono::milliseconds;
using testing::GraphAnswer;
using testing::GraphApiStandIn;
using testing::GraphRequest;

PostMessageFactory posters_to(const GraphApiStandIn& graph) {
  const auto endpoint = parse_graph_api_base(graph.base_url());
  return [endpoint] {
    auto client = std::make_shared<GraphApiClient>(endpoint, "EAAG-test-token", std::chrono::seconds(5));
    return [client, endpoint](const std::string& body) {
      return client->post(messages_path(endpoint, "106540352242922"), body);
    };
  };
}

OutboundReply reply_to(const std::string& number, const std::string& text, bool urgent = false) {
  OutboundReply reply;
  reply.to = number;
  reply.contact = "c" + number.substr(number.size() - 3);
  reply.body = *whatsapp_message_body(number, text, {});
  reply.urgent = urgent;
  return reply;
}

WhatsAppSenderOptions fast(std::size_t capacity = 100, unsigned attempts = 4) {
  return {capacity, RetryPolicy{attempts, milliseconds(5), milliseconds(40)}, 2, milliseconds(2000)};
}

std::size_t count(const std::vector<GraphRequest>& requests) {
  return requests.size();
}

TEST(WhatsAppSender, PostsTheBodyWithTheTokenToTheMessagesEndpoint) {
  GraphApiStandIn graph;
  WhatsAppSender sender(fast(), posters_to(graph));
  sender.start();
  ASSERT_TRUE(sender.send(reply_to("919800000001", "Hello")));
  ASSERT_TRUE(graph.wait_for([](const auto& requests) { return count(requests) == 1; }));
  sender.stop();
  const auto request = graph.requests().at(0);
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.target, "/v21.0/106540352242922/messages");
  EXPECT_EQ(request.authorization, "Bearer EAAG-test-token");
  EXPECT_EQ(request.content_type, "application/json");
  EXPECT_EQ(request.body["to"], "919800000001");
  EXPECT_EQ(request.body["text"]["body"], "Hello");
  EXPECT_EQ(sender.sent(), 1u);
  EXPECT_EQ(sender.depth(), 0u);
}

TEST(WhatsAppSender, RetriesAfter429And5xxThenSends) {
  GraphApiStandIn graph;
  std::atomic<int> calls{0};
  graph.set_rule([&](const nlohmann::json&) -> GraphAnswer {
    const int call = ++calls;
    if (call == 1) return {429, 0};
    if (call == 2) return {503};
    return {200};
  });
  WhatsAppSender sender(fast(), posters_to(graph));
  sender.start();
  sender.send(reply_to("919800000002", "Try again"));
  ASSERT_TRUE(graph.wait_for([](const auto& requests) { return count(requests) == 3; }));
  sender.stop();
  const auto requests = graph.requests();
  EXPECT_EQ(requests[0].status, 429);
  EXPECT_EQ(requests[1].status, 503);
  EXPECT_EQ(requests[2].status, 200);
  EXPECT_EQ(requests[2].body, requests[0].body) << "the same reply each time";
  EXPECT_EQ(sender.sent(), 1u);
  EXPECT_EQ(sender.retries(), 2u);
  EXPECT_EQ(sender.failed(SendFailure::gave_up), 0u);
}

TEST(WhatsAppSender, A4xxIsFinalAndEndlessFailuresAreGivenUpAndCounted) {
  GraphApiStandIn graph;
  graph.set_rule([](const nlohmann::json& body) -> GraphAnswer {
    return {body.value("to", "") == "919800000003" ? 400 : 500};
  });
  WhatsAppSender sender(fast(100, 3), posters_to(graph));
  sender.start();
  sender.send(reply_to("919800000003", "Bad number"));
  sender.send(reply_to("919800000004", "Server down"));
  ASSERT_TRUE(graph.wait_for([](const auto& requests) { return count(requests) == 4; }));
  sender.stop();
  EXPECT_EQ(graph.requests_to("919800000003").size(), 1u) << "a 400 is not retried";
  EXPECT_EQ(graph.requests_to("919800000004").size(), 3u) << "max_attempts";
  EXPECT_EQ(sender.failed(SendFailure::rejected), 1u);
  EXPECT_EQ(sender.failed(SendFailure::gave_up), 1u);
  EXPECT_EQ(sender.sent(), 0u);
}

TEST(WhatsAppSender, AFullQueueRefusesOrdinaryRepliesAndTakesSafeguardingOnes) {
  GraphApiStandIn graph;
  std::atomic<bool> storm{true};
  graph.set_rule([&](const nlohmann::json&) -> GraphAnswer { return {storm ? 503 : 200}; });
  WhatsAppSender sender({2, RetryPolicy{1000, milliseconds(5), milliseconds(20)}, 2, milliseconds(2000)},
                        posters_to(graph));
  sender.start();
  EXPECT_TRUE(sender.send(reply_to("919800000005", "one")));
  EXPECT_TRUE(sender.send(reply_to("919800000006", "two")));
  EXPECT_FALSE(sender.send(reply_to("919800000007", "three")));
  EXPECT_EQ(sender.failed(SendFailure::queue_full), 1u);
  EXPECT_LE(sender.depth(), 2u);
  EXPECT_TRUE(sender.send(reply_to("919800000008", "Please call 14416", true)));
  // Room was made by pushing out a waiting ordinary reply, unless both were being sent right then.
  EXPECT_EQ(sender.failed(SendFailure::pushed_out) + sender.depth(), 3u);
  storm = false;
  ASSERT_TRUE(graph.wait_for([&](const auto&) { return sender.depth() == 0; }));
  sender.stop();
  bool urgent_sent = false;
  for (const auto& request : graph.requests_to("919800000008")) urgent_sent |= request.status == 200;
  EXPECT_TRUE(urgent_sent) << "the safeguarding reply is never dropped";
  EXPECT_EQ(sender.sent() + sender.failed(SendFailure::pushed_out), 3u);
}

TEST(WhatsAppSender, NoAnswerIsANetworkFailureAndRepliesLeftAtStopAreCounted) {
  // A port nothing listens on: every attempt fails to connect.
  unsigned short closed_port = 0;
  {
    GraphApiStandIn gone;
    closed_port = gone.port();
  }
  const auto endpoint = parse_graph_api_base("http://127.0.0.1:" + std::to_string(closed_port) + "/v21.0");
  GraphApiClient client(endpoint, "token", std::chrono::seconds(2));
  const auto response = client.post("/v21.0/1/messages", "{}");
  EXPECT_EQ(response.status, 0);
  EXPECT_FALSE(response.detail.empty());

  WhatsAppSender sender(
      {10, RetryPolicy{1000, milliseconds(50), milliseconds(100)}, 1, milliseconds(50)}, [endpoint] {
        auto down = std::make_shared<GraphApiClient>(endpoint, "token", std::chrono::seconds(2));
        return [down](const std::string& body) { return down->post("/v21.0/1/messages", body); };
      });
  sender.start();
  sender.send(reply_to("919800000009", "lost at stop"));
  sender.stop();
  EXPECT_EQ(sender.failed(SendFailure::shutdown), 1u);
  EXPECT_EQ(sender.depth(), 0u);
  EXPECT_FALSE(sender.send(reply_to("919800000009", "after stop")));
  EXPECT_EQ(sender.failed(SendFailure::shutdown), 2u);
}

}  // namespace
}  // namespace careerbot::net
