#include "graph_api_stand_in.hpp"

#include <atomic>
#include <mutex>
#include <thread>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace careerbot::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

struct GraphApiStandIn::Impl {
  Impl() : acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
    asio::co_spawn(io, accept_loop(), asio::detached);
    thread = std::thread([this] { io.run(); });
  }
  ~Impl() {
    io.stop();
    thread.join();
  }

  asio::awaitable<void> accept_loop() {
    for (;;) {
      tcp::socket socket = co_await acceptor.async_accept(asio::use_awaitable);
      asio::co_spawn(io, serve(std::move(socket)), asio::detached);
    }
  }

  asio::awaitable<void> serve(tcp::socket socket) {
    try {
      beast::flat_buffer buffer;
      for (;;) {
        http::request<http::string_body> request;
        co_await http::async_read(socket, buffer, request, asio::use_awaitable);
        auto response = answer(request);
        response.keep_alive(request.keep_alive());
        co_await http::async_write(socket, response, asio::use_awaitable);
        if (!request.keep_alive()) break;
      }
    } catch (const std::exception&) {
      // the client closed or reset: nothing to answer
    }
    beast::error_code ignored;
    socket.shutdown(tcp::socket::shutdown_send, ignored);
  }

  http::response<http::string_body> answer(const http::request<http::string_body>& request) {
    GraphRequest recorded;
    recorded.method = std::string(request.method_string());
    recorded.target = std::string(request.target());
    recorded.authorization = std::string(request[http::field::authorization]);
    recorded.content_type = std::string(request[http::field::content_type]);
    recorded.body = nlohmann::json::parse(request.body(), nullptr, false);
    if (recorded.body.is_discarded()) recorded.body = nullptr;

    GraphAnswer decided;
    {
      std::lock_guard lock(mutex);
      if (rule) decided = rule(recorded.body);
    }
    http::response<http::string_body> response{static_cast<http::status>(decided.status), request.version()};
    response.set(http::field::content_type, "application/json");
    if (decided.retry_after_seconds >= 0)
      response.set(http::field::retry_after, std::to_string(decided.retry_after_seconds));
    if (decided.status >= 200 && decided.status < 300) {
      const std::string to = recorded.body.is_object() ? recorded.body.value("to", "") : "";
      response.body() = nlohmann::json{{"messaging_product", "whatsapp"},
                                       {"contacts", {{{"input", to}, {"wa_id", to}}}},
                                       {"messages", {{{"id", "wamid.standin" + std::to_string(++sent)}}}}}
                            .dump();
    } else {
      response.body() =
          nlohmann::json{{"error",
                          {{"message", decided.status == 429 ? "(#130429) Rate limit hit" : "stand-in error"},
                           {"type", "OAuthException"},
                           {"code", decided.status == 429 ? 130429 : 131000}}}}
              .dump();
    }
    response.prepare_payload();
    recorded.status = decided.status;
    {
      std::lock_guard lock(mutex);
      recorded_requests.push_back(std::move(recorded));
    }
    return response;
  }

  asio::io_context io;
  tcp::acceptor acceptor;
  std::thread thread;
  mutable std::mutex mutex;
  std::function<GraphAnswer(const nlohmann::json&)> rule;
  std::vector<GraphRequest> recorded_requests;
  std::atomic<int> sent{0};
};

GraphApiStandIn::GraphApiStandIn() : impl_(std::make_unique<Impl>()) {}
GraphApiStandIn::~GraphApiStandIn() = default;

unsigned short GraphApiStandIn::port() const {
  return impl_->acceptor.local_endpoint().port();
}

std::string GraphApiStandIn::base_url() const {
  return "http://127.0.0.1:" + std::to_string(port()) + "/v21.0";
}

void GraphApiStandIn::set_rule(std::function<GraphAnswer(const nlohmann::json& body)> rule) {
  std::lock_guard lock(impl_->mutex);
  impl_->rule = std::move(rule);
}

std::vector<GraphRequest> GraphApiStandIn::requests() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->recorded_requests;
}

std::vector<GraphRequest> GraphApiStandIn::requests_to(const std::string& number) const {
  std::vector<GraphRequest> matching;
  for (auto& request : requests()) {
    if (request.body.is_object() && request.body.value("to", "") == number)
      matching.push_back(std::move(request));
  }
  return matching;
}

bool GraphApiStandIn::wait_for(const std::function<bool(const std::vector<GraphRequest>&)>& done,
                               std::chrono::milliseconds deadline) const {
  const auto until = std::chrono::steady_clock::now() + deadline;
  for (;;) {
    if (done(requests())) return true;
    if (std::chrono::steady_clock::now() >= until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

std::string shown_text(const nlohmann::json& body) {
  if (!body.is_object()) return {};
  if (body.value("type", "") == "text") return body["text"].value("body", "");
  if (body.value("type", "") == "interactive") return body["interactive"]["body"].value("text", "");
  return {};
}

std::vector<std::string> button_titles(const nlohmann::json& body) {
  std::vector<std::string> titles;
  if (!body.is_object() || body.value("type", "") != "interactive") return titles;
  for (const auto& button : body["interactive"]["action"]["buttons"])
    titles.push_back(button["reply"]["title"]);
  return titles;
}

}  // namespace careerbot::testing
