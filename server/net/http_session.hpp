#pragma once
// One HTTP connection: reads requests (keep-alive), answers them through the Router, and hands a
// WebSocket upgrade on /ws to a WebSocketSession after the connection cap, stop flag and Origin
// checks. Internal to the net module (includes Beast).
//
// Owns itself through shared_ptr; runs on its own strand. The tcp_stream timeout (handshake_timeout)
// is one deadline for a whole request (headers and body), so a silent or trickling client (slowloris)
// cannot hold a connection. Each connection counts against its address (max_connections_per_address;
// behind a trusted proxy, WebSocket upgrades count against the X-Forwarded-For address): one over the
// limit gets 503 too_many_connections after at most kRefusedReadTime. Keep-alive ends once the
// connection is older than max_connection_lifetime.

#include <memory>
#include <optional>
#include <string>

#include "net/beast.hpp"
#include "net/shared_state.hpp"

namespace careerbot::net {

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(tcp::socket&& socket, std::shared_ptr<SharedState> state);
  void run();

 private:
  void do_read();
  void on_read(beast::error_code ec, std::size_t bytes);
  void upgrade(const HttpRequest& plain);
  void send(const HttpResponse& response, bool keep_alive);
  void on_write(bool keep_alive, beast::error_code ec, std::size_t bytes);
  void do_close();
  HttpRequest to_plain(const http::request<http::string_body>& request) const;

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::shared_ptr<SharedState> state_;
  std::optional<ConnectionSlot> slot_;
  std::optional<AddressSlot> address_slot_;
  bool over_address_limit_ = false;
  Clock::time_point opened_ = Clock::now();
  std::string peer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::string_body> response_;
  unsigned request_version_ = 11;
  bool head_request_ = false;
};

}  // namespace careerbot::net
