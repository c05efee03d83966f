#include "net/http_session.hpp"

#include <algorithm>

#include "common/log.hpp"
#include "net/routes.hpp"
#include "net/websocket_session.hpp"

namespace careerbot::net {

using protocol::ErrorCode;

namespace {
// A connection over its address's limit is answered 503 once its request is read, but waits at most
// this long for it: refusing must cost the server less than serving.
constexpr std::chrono::milliseconds kRefusedReadTime{1000};

bool is_trusted(const std::string& peer, const std::vector<std::string>& trusted_proxies) {
  return std::find(trusted_proxies.begin(), trusted_proxies.end(), peer) != trusted_proxies.end();
}
}  // namespace

HttpSession::HttpSession(tcp::socket&& socket, std::shared_ptr<SharedState> state)
    : stream_(std::move(socket)), state_(std::move(state)) {
  slot_.emplace(state_->metrics);
  beast::error_code ec;
  const auto endpoint = stream_.socket().remote_endpoint(ec);
  peer_ = ec ? std::string() : endpoint.address().to_string();
  // A trusted proxy carries many clients: they are counted by X-Forwarded-For at the upgrade.
  if (!is_trusted(peer_, state_->config.trusted_proxies)) {
    address_slot_ = state_->address_connections.try_acquire(peer_);
    over_address_limit_ = !address_slot_;
  }
}

void HttpSession::run() {
  asio::dispatch(stream_.get_executor(),
                 beast::bind_front_handler(&HttpSession::do_read, shared_from_this()));
}

void HttpSession::do_read() {
  parser_.emplace();
  // Bodies over the cap fail the read with body_limit and get 413; headers are capped by Beast's
  // default (8 KiB).
  parser_->body_limit(state_->config.max_body_bytes);
  // One deadline for the whole request, however slowly its bytes trickle in.
  stream_.expires_after(over_address_limit_ ? std::min<std::chrono::milliseconds>(
                                                  kRefusedReadTime, state_->config.handshake_timeout)
                                            : state_->config.handshake_timeout);
  http::async_read(stream_, buffer_, *parser_,
                   beast::bind_front_handler(&HttpSession::on_read, shared_from_this()));
}

HttpRequest HttpSession::to_plain(const http::request<http::string_body>& request) const {
  HttpRequest plain;
  plain.method = std::string(request.method_string());
  plain.target = std::string(request.target());
  plain.host = std::string(request[http::field::host]);
  plain.origin = std::string(request[http::field::origin]);
  plain.content_type = std::string(request[http::field::content_type]);
  plain.authorization = std::string(request[http::field::authorization]);
  plain.telegram_secret_token = std::string(request["X-Telegram-Bot-Api-Secret-Token"]);
  plain.body = request.body();
  plain.client_address = client_address(peer_, request["X-Forwarded-For"], state_->config.trusted_proxies);
  return plain;
}

void HttpSession::on_read(beast::error_code ec, std::size_t) {
  if (ec == http::error::end_of_stream) return do_close();
  if (ec == http::error::body_limit) {
    request_version_ = parser_->get().version();
    return send(error_response(ErrorCode::too_large, "the request body is too large"), false);
  }
  if (ec) return;  // timeout, reset or a malformed request: nothing useful to answer

  const auto& request = parser_->get();
  request_version_ = request.version();
  head_request_ = request.method() == http::verb::head;
  const HttpRequest plain = to_plain(request);

  if (over_address_limit_) {
    return send(error_response(ErrorCode::too_many_connections,
                               "too many connections from your address; please close some and try again"),
                false);
  }
  if (websocket::is_upgrade(request)) return upgrade(plain);

  if (static_cast<std::size_t>(state_->metrics.open_connections()) > state_->config.max_connections) {
    return send(error_response(ErrorCode::too_many_connections, "the server is busy; please try again soon"),
                false);
  }
  const bool keep_alive = request.keep_alive() && !state_->stopping.load() &&
                          Clock::now() - opened_ < state_->config.max_connection_lifetime;
  send(state_->router.handle(plain), keep_alive);
}

void HttpSession::upgrade(const HttpRequest& plain) {
  auto refuse = [&](ErrorCode code, std::string message) {
    send(error_response(code, std::move(message)), false);
  };
  if (target_path(plain.target) != "/ws") return refuse(ErrorCode::not_found, "WebSockets are served on /ws");
  if (state_->stopping.load()) return refuse(ErrorCode::unavailable, "the server is shutting down");
  if (static_cast<std::size_t>(state_->metrics.open_connections()) > state_->config.max_connections) {
    return refuse(ErrorCode::too_many_connections, "the server is busy; please try again soon");
  }
  if (!origin_allowed(plain.origin, plain.host, state_->config.allowed_origins)) {
    return refuse(ErrorCode::forbidden, "this origin may not connect");
  }
  // Each connect starts a conversation (a welcome, an issued id): one address may not make them
  // faster than connect_rate.
  if (!state_->connect_limits.bucket(plain.client_address)->try_take(Clock::now())) {
    auto response =
        error_response(ErrorCode::rate_limited, "too many connections opened; please wait a moment");
    response.headers.emplace_back("Retry-After", "1");
    return send(response, false);
  }
  if (!address_slot_) {  // through a trusted proxy: count the client it names
    address_slot_ = state_->address_connections.try_acquire(plain.client_address);
    if (!address_slot_) {
      return refuse(ErrorCode::too_many_connections,
                    "too many connections from your address; please close some and try again");
    }
  }
  auto session = std::make_shared<WebSocketSession>(stream_.release_socket(), state_, std::move(*slot_),
                                                    std::move(*address_slot_), plain.client_address);
  slot_.reset();
  address_slot_.reset();
  session->run(parser_->release());
}

void HttpSession::send(const HttpResponse& response, bool keep_alive) {
  if (response.error) state_->metrics.error_sent(*response.error);
  response_ = {};
  response_.version(request_version_);
  response_.result(static_cast<http::status>(response.status));
  response_.set(http::field::server, "careerbot");
  response_.set(http::field::content_type, response.content_type);
  for (const auto& [name, value] : security_headers(response)) response_.set(name, value);
  for (const auto& [name, value] : response.headers) response_.set(name, value);
  if (!head_request_) response_.body() = response.body;
  response_.keep_alive(keep_alive);
  response_.prepare_payload();
  if (head_request_) response_.content_length(response.body.size());

  stream_.expires_after(state_->config.handshake_timeout);
  http::async_write(stream_, response_,
                    beast::bind_front_handler(&HttpSession::on_write, shared_from_this(), keep_alive));
}

void HttpSession::on_write(bool keep_alive, beast::error_code ec, std::size_t) {
  if (ec) return;
  if (!keep_alive) return do_close();
  do_read();
}

void HttpSession::do_close() {
  beast::error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  // The session ends when this handler returns and nothing else holds it.
}

}  // namespace careerbot::net
