#include "cli/server_connection.hpp"

#include <optional>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

namespace careerbot::cli {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

namespace {

// Runs the async operations queued on `io` until they finish or `timeout` passes. On a timeout the
// socket is closed so the pending handlers complete with operation_aborted, and we report it.
void run_with_deadline(asio::io_context& io, tcp::socket& socket, std::chrono::milliseconds timeout,
                       const char* what) {
  io.restart();
  io.run_for(timeout);
  if (!io.stopped()) {
    beast::error_code ignored;
    socket.close(ignored);
    io.restart();
    io.run();  // let the aborted handlers finish so nothing refers to freed buffers
    throw ConnectionError(std::string("timed out waiting for the server (") + what + ")");
  }
}

void check(const beast::error_code& ec, const std::string& what) {
  if (ec) throw ConnectionError(what + ": " + ec.message());
}

void connect_socket(asio::io_context& io, tcp::socket& socket, const ServerUrl& url,
                    std::chrono::milliseconds timeout) {
  tcp::resolver resolver(io);
  beast::error_code ec;
  std::optional<tcp::resolver::results_type> endpoints;
  resolver.async_resolve(url.host, url.port, [&](beast::error_code e, tcp::resolver::results_type r) {
    ec = e;
    endpoints = std::move(r);
  });
  run_with_deadline(io, socket, timeout, "resolve");
  check(ec, "cannot resolve " + url.host);
  asio::async_connect(socket, *endpoints, [&](beast::error_code e, const tcp::endpoint&) { ec = e; });
  run_with_deadline(io, socket, timeout, "connect");
  check(ec, "cannot connect to " + url.authority());
}

}  // namespace

struct ChatConnection::Impl {
  asio::io_context io;
  websocket::stream<tcp::socket> ws{io};
  std::chrono::milliseconds timeout;
  nlohmann::json welcome;
  std::string session_id;

  void write(const std::string& text) {
    beast::error_code ec;
    ws.async_write(asio::buffer(text), [&](beast::error_code e, std::size_t) { ec = e; });
    run_with_deadline(io, ws.next_layer(), timeout, "send");
    check(ec, "send failed");
  }

  nlohmann::json read() {
    beast::flat_buffer buffer;
    beast::error_code ec;
    ws.async_read(buffer, [&](beast::error_code e, std::size_t) { ec = e; });
    run_with_deadline(io, ws.next_layer(), timeout, "reply");
    if (ec == websocket::error::closed) {
      const auto reason = ws.reason();
      throw ConnectionError(
          "the server closed the conversation (" + std::to_string(reason.code) +
          (reason.reason.empty() ? "" : " " + std::string(reason.reason.data(), reason.reason.size())) + ")");
    }
    check(ec, "read failed");
    auto frame = nlohmann::json::parse(beast::buffers_to_string(buffer.data()), nullptr, false);
    if (!frame.is_object()) throw ConnectionError("the server sent a frame that is not a JSON object");
    return frame;
  }

  void read_welcome() {
    auto frame = read();
    if (frame.value("type", "") != "welcome") {
      throw ConnectionError("expected a welcome from the server, got: " + frame.dump());
    }
    welcome = std::move(frame);
    session_id = welcome.value("session_id", "");
  }
};

ChatConnection::ChatConnection(const ServerUrl& url, const std::string& admin_token,
                               std::chrono::milliseconds timeout)
    : impl_(std::make_unique<Impl>()) {
  impl_->timeout = timeout;
  connect_socket(impl_->io, impl_->ws.next_layer(), url, timeout);
  impl_->ws.set_option(websocket::stream_base::decorator([admin_token](websocket::request_type& request) {
    request.set(http::field::user_agent, "careerbot-cli");
    if (!admin_token.empty()) request.set(http::field::authorization, "Bearer " + admin_token);
  }));
  beast::error_code ec;
  impl_->ws.async_handshake(url.host + ":" + url.port, url.ws_target, [&](beast::error_code e) { ec = e; });
  run_with_deadline(impl_->io, impl_->ws.next_layer(), timeout, "handshake");
  check(ec, "WebSocket handshake with " + url.authority() + url.ws_target + " failed");
  impl_->read_welcome();
}

ChatConnection::~ChatConnection() {
  close();
}

const nlohmann::json& ChatConnection::welcome() const noexcept {
  return impl_->welcome;
}
const std::string& ChatConnection::session_id() const {
  return impl_->session_id;
}

nlohmann::json ChatConnection::exchange(const nlohmann::json& message) {
  impl_->write(message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  for (;;) {
    auto frame = impl_->read();
    const auto type = frame.value("type", "");
    if (type == "reply" || type == "error") return frame;
  }
}

const nlohmann::json& ChatConnection::reset() {
  impl_->write(R"({"type":"reset"})");
  impl_->read_welcome();
  return impl_->welcome;
}

void ChatConnection::close() noexcept {
  if (!impl_ || !impl_->ws.is_open()) return;
  try {
    beast::error_code ec;
    impl_->ws.async_close(websocket::close_code::normal, [&](beast::error_code e) { ec = e; });
    run_with_deadline(impl_->io, impl_->ws.next_layer(), std::chrono::seconds(2), "close");
  } catch (...) {
    // Closing is best effort: the server drops the socket on its own.
  }
}

HttpResponse http_request(const ServerUrl& url, const std::string& method, const std::string& target,
                          const std::string& body,
                          const std::vector<std::pair<std::string, std::string>>& headers,
                          std::chrono::milliseconds timeout) {
  asio::io_context io;
  tcp::socket socket(io);
  connect_socket(io, socket, url, timeout);

  http::request<http::string_body> request{http::string_to_verb(method), target, 11};
  request.set(http::field::host, url.authority());
  request.set(http::field::user_agent, "careerbot-cli");
  request.set(http::field::connection, "close");
  for (const auto& [name, value] : headers) request.set(name, value);
  if (!body.empty()) {
    request.set(http::field::content_type, "application/json");
    request.body() = body;
  }
  request.prepare_payload();

  beast::error_code ec;
  http::async_write(socket, request, [&](beast::error_code e, std::size_t) { ec = e; });
  run_with_deadline(io, socket, timeout, "send");
  check(ec, "HTTP request to " + url.authority() + " failed");

  beast::flat_buffer buffer;
  http::response<http::string_body> response;
  http::async_read(socket, buffer, response, [&](beast::error_code e, std::size_t) { ec = e; });
  run_with_deadline(io, socket, timeout, "HTTP response");
  check(ec, "HTTP response from " + url.authority() + " unreadable");
  beast::error_code ignored;
  socket.shutdown(tcp::socket::shutdown_both, ignored);
  return HttpResponse{static_cast<int>(response.result_int()), std::move(response.body())};
}

}  // namespace careerbot::cli
