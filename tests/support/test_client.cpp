#include "test_client.hpp"

#include <algorithm>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <cctype>

namespace careerbot::testing {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace websocket = boost::beast::websocket;
using tcp = asio::ip::tcp;

// A client bound to an IPv6 local address (e.g. "::1") talks to the server over IPv6 loopback.
bool over_ipv6(const std::string& local_address) {
  return local_address.find(':') != std::string::npos;
}

void connect(beast::tcp_stream& stream, unsigned short port, const std::string& local_address) {
  auto& socket = stream.socket();
  const bool v6 = over_ipv6(local_address);
  socket.open(v6 ? tcp::v6() : tcp::v4());
  if (!local_address.empty()) socket.bind(tcp::endpoint(asio::ip::make_address(local_address), 0));
  stream.expires_after(std::chrono::seconds(10));
  stream.connect(tcp::endpoint(asio::ip::make_address(v6 ? "::1" : "127.0.0.1"), port));
}

std::string host_header(unsigned short port, const std::string& local_address) {
  return (over_ipv6(local_address) ? "[::1]:" : "127.0.0.1:") + std::to_string(port);
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

}  // namespace

HandshakeRefused::HandshakeRefused(int status_code, std::string response_body)
    : std::runtime_error("websocket upgrade refused with HTTP " + std::to_string(status_code)),
      status(status_code),
      body(std::move(response_body)) {}

struct WsClient::Impl {
  asio::io_context io;
  websocket::stream<beast::tcp_stream> ws{io};
  beast::flat_buffer buffer;
};

WsClient::WsClient(unsigned short port, WsOptions options) : impl_(std::make_unique<Impl>()) {
  connect(beast::get_lowest_layer(impl_->ws), port, options.local_address);
  impl_->ws.set_option(websocket::stream_base::decorator(
      [origin = options.origin, headers = options.headers](websocket::request_type& request) {
        if (!origin.empty()) request.set(http::field::origin, origin);
        for (const auto& [name, value] : headers) request.set(name, value);
      }));
  websocket::response_type response;
  beast::error_code ec;
  impl_->ws.handshake(response, host_header(port, options.local_address), options.path, ec);
  if (ec == websocket::error::upgrade_declined) {
    throw HandshakeRefused(static_cast<int>(response.result_int()), response.body());
  }
  if (ec) throw std::runtime_error("websocket handshake failed: " + ec.message());
  beast::get_lowest_layer(impl_->ws).expires_never();
}

WsClient::~WsClient() = default;

void WsClient::send_text(std::string_view text) {
  impl_->ws.text(true);
  impl_->ws.write(asio::buffer(text.data(), text.size()));
}

void WsClient::send_binary(std::string_view bytes) {
  impl_->ws.binary(true);
  impl_->ws.write(asio::buffer(bytes.data(), bytes.size()));
}

void WsClient::send_raw(std::string_view bytes) {
  asio::write(beast::get_lowest_layer(impl_->ws).socket(), asio::buffer(bytes.data(), bytes.size()));
}

Frame WsClient::read(std::chrono::milliseconds deadline) {
  Frame frame;
  beast::error_code result = asio::error::would_block;
  impl_->buffer.consume(impl_->buffer.size());
  // Async read with a tcp_stream deadline: the sync API has no timeout.
  beast::get_lowest_layer(impl_->ws).expires_after(deadline);
  impl_->ws.async_read(impl_->buffer, [&](beast::error_code ec, std::size_t) { result = ec; });
  impl_->io.restart();
  impl_->io.run();
  if (!result) {
    frame.kind = impl_->ws.got_text() ? Frame::Kind::text : Frame::Kind::binary;
    frame.data = beast::buffers_to_string(impl_->buffer.data());
  } else if (result == websocket::error::closed) {
    frame.kind = Frame::Kind::closed;
    frame.close_code = impl_->ws.reason().code;
    frame.close_reason = std::string(impl_->ws.reason().reason.c_str());
  } else if (result == beast::error::timeout) {
    frame.kind = Frame::Kind::timeout;
  } else {
    frame.kind = Frame::Kind::error;
    frame.data = result.message();
  }
  return frame;
}

nlohmann::json WsClient::read_json(std::chrono::milliseconds deadline) {
  Frame frame = read(deadline);
  if (!frame.is_text()) {
    throw std::runtime_error("expected a text frame, got kind " +
                             std::to_string(static_cast<int>(frame.kind)) + " close " +
                             std::to_string(frame.close_code) + " " + frame.data);
  }
  return frame.json();
}

void WsClient::close() {
  beast::error_code ec;
  impl_->ws.close(websocket::close_code::normal, ec);
}

HttpResult http_request(unsigned short port, const std::string& method, const std::string& target,
                        const std::string& body,
                        const std::vector<std::pair<std::string, std::string>>& headers,
                        const std::string& local_address) {
  asio::io_context io;
  beast::tcp_stream stream(io);
  connect(stream, port, local_address);

  http::request<http::string_body> request(http::string_to_verb(method), target, 11);
  if (request.method() == http::verb::unknown) request.method_string(method);
  request.set(http::field::host, host_header(port, local_address));
  request.set(http::field::connection, "close");
  for (const auto& [name, value] : headers) request.set(name, value);
  request.body() = body;
  request.prepare_payload();
  http::write(stream, request);

  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  parser.skip(method == "HEAD");
  http::read(stream, buffer, parser);
  const auto& response = parser.get();

  HttpResult result;
  result.status = static_cast<int>(response.result_int());
  for (const auto& field : response)
    result.headers[lower(std::string(field.name_string()))] = std::string(field.value());
  result.body = response.body();
  beast::error_code ec;
  stream.socket().shutdown(tcp::socket::shutdown_both, ec);
  return result;
}

}  // namespace careerbot::testing
