#pragma once
// One WebSocket conversation: welcome on open, then one reply or error frame per client frame.
// Internal to the net module (includes Beast).
//
// Owns itself through shared_ptr (handlers hold it); runs on its own strand, so ChatService calls and
// the write queue need no locks. One write in flight; the queue is capped at write_queue_cap frames
// and a client that does not read is closed with a policy-violation (1008) "too slow": no more of its
// frames are read, and if the write in flight cannot finish within handshake_timeout the socket is
// closed without a close frame. close_going_away() is the only method other threads may call.
//
// One client cannot hold a connection forever: a client that sends no message for websocket_silence
// (even if it answers pings) is closed with 1000, and every WebSocket is closed with 1001 after
// max_connection_lifetime (the widget reconnects and resumes). Both timers hold the session weakly.

#include <list>
#include <memory>
#include <string>

#include "net/beast.hpp"
#include "net/rate_limiter.hpp"
#include "net/shared_state.hpp"

namespace careerbot::net {

class WebSocketSession : public std::enable_shared_from_this<WebSocketSession> {
 public:
  WebSocketSession(tcp::socket&& socket, std::shared_ptr<SharedState> state, ConnectionSlot slot,
                   AddressSlot address_slot, std::string client_address);
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
  void wait_for_silence(Clock::duration delay);
  template <typename Work, typename Done>
  void call_service(Work work, Done done);

  websocket::stream<beast::tcp_stream> ws_;
  beast::flat_buffer buffer_;
  std::shared_ptr<SharedState> state_;
  ConnectionSlot slot_;
  AddressSlot address_slot_;
  std::string client_address_;
  std::string requested_session_;
  std::string session_id_;
  TokenBucket connection_bucket_;
  std::shared_ptr<SharedBucket> address_bucket_;
  // A list, not a deque: an empty deque still holds a 512-byte block (6 MB over 10,000 idle
  // connections), and the frame being written must not move while more are queued.
  std::list<std::string> queue_;
  bool writing_ = false;
  bool accepted_ = false;
  bool busy_ = false;             // a chat service call is running; reading waits for it
  bool explain_allowed_ = false;  // allow_explain, or the admin token on the upgrade request
  std::optional<websocket::close_reason> pending_close_;
  bool closing_ = false;
  asio::steady_timer close_deadline_;  // ends a close that waits on a write the client never reads
  asio::steady_timer silence_timer_;   // websocket_silence since last_message_
  asio::steady_timer lifetime_timer_;  // max_connection_lifetime
  Clock::time_point last_message_ = Clock::now();
};

}  // namespace careerbot::net
