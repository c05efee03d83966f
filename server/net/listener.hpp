#pragma once
// Accepts TCP connections and starts an HttpSession for each, on its own strand. Internal to the net
// module (includes Beast). Owns itself through shared_ptr while accepting.

#include <memory>

#include "net/beast.hpp"
#include "net/shared_state.hpp"

namespace careerbot::net {

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  // Opens, binds and listens; throws std::runtime_error naming the address when that fails.
  Listener(asio::io_context& io, const tcp::endpoint& endpoint, std::shared_ptr<SharedState> state);
  void run();
  // Stops accepting (thread-safe).
  void stop();
  unsigned short port() const { return port_; }

 private:
  void do_accept();
  void on_accept(beast::error_code ec, tcp::socket socket);

  asio::io_context& io_;
  tcp::acceptor acceptor_;
  asio::steady_timer retry_timer_;
  std::shared_ptr<SharedState> state_;
  unsigned short port_ = 0;
};

}  // namespace careerbot::net
