#pragma once
// One WebSocket conversation: welcome on open, then one reply or error frame per client frame.
// Internal to the net module (includes Beast).
//
// Owns itself through shared_ptr (handlers hold it); runs on its own strand, so ChatService calls and
// the write queue need no locks. One write in flight; the queue is capped at write_queue_cap frames
// and a client that does not read is closed with a policy-violation (1008) "too slow": no more of its
// frames are read, and if the write in flight cannot finish within handshake_timeout the socket is
// closed without a close frame. close_going_away() is the only method other threads may call.

#include <deque>
#include <memory>
#include <string>

#include "net/beast.hpp"
#include "net/rate_limiter.hpp"
#include "net/shared_state.hpp"

namespace careerbot::net {

class WebSocketSession : public std::enable_shared_from_this<WebSocketSession> {
 public:
  WebSocketSession(tcp::socket&& socket, std::shared_ptr<SharedState> state, ConnectionSlot slot,
                   std::string client_address);
  ~WebSocketSession();

  // Accepts the upgrade `request` (already read by the HTTP session).
  void run(http::request<http::string_body> request);

  // Closes with 1001 "going away" after the turn in progress (thread-safe).
  void close_going_away();

 private:
  void on_accept(beast::error_code ec);
  void do_read();
  void on_read(beast::error_code ec, std::size_t bytes);
  void handle_frame(std::string_view frame);
  void send_error(protocol::ErrorCode code, std::string message);
  void send(std::string frame);
  void do_write();
  void on_write(beast::error_code ec, std::size_t bytes);
  void close(websocket::close_reason reason);
  void do_close();
  void on_close(beast::error_code ec);

  websocket::stream<beast::tcp_stream> ws_;
  beast::flat_buffer buffer_;
  std::shared_ptr<SharedState> state_;
  ConnectionSlot slot_;
  std::string client_address_;
  std::string requested_session_;
  std::string session_id_;
  TokenBucket connection_bucket_;
  std::shared_ptr<SharedBucket> address_bucket_;
  std::deque<std::string> queue_;
  bool writing_ = false;
  bool accepted_ = false;
  std::optional<websocket::close_reason> pending_close_;
  bool closing_ = false;
  asio::steady_timer close_deadline_;  // ends a close that waits on a write the client never reads
};

}  // namespace careerbot::net
