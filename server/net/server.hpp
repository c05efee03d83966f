#pragma once
// The network server: one port serves the WebSocket chat (/ws), the REST API, health, readiness,
// metrics and the web widget's static files. A facade over the Beast classes (pimpl): this header
// includes no Beast, so other modules compile quickly.
//
// Thread-safety: start(), stop(), add_route() are called from one controlling thread; metrics() and
// port() from any thread. The ChatService must outlive the Server.

#include <memory>
#include <string>

#include "common/config.hpp"
#include "dialog/chat_service.hpp"
#include "net/metrics.hpp"
#include "net/routes.hpp"

namespace careerbot::net {

class Server {
 public:
  Server(const Config& config, dialog::ChatService& chat);
  ~Server();  // stops if running
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Adds an HTTP route (e.g. Telegram webhook, admin). Only before start().
  void add_route(std::string method, std::string path, RouteHandler handler);

  // Sets the process-wide log level from the config, raises the open-files soft limit to the hard limit,
  // binds and starts the io threads. Throws std::runtime_error with a clear message ("cannot listen on
  // 127.0.0.1:8080: bind: Address already in use") when it cannot listen.
  void start();
  // The bound port (useful with port 0); 0 before start(); kept after stop().
  unsigned short port() const;
  // Graceful and idempotent: stops accepting, closes WebSockets with 1001 "going away" after their
  // turn in progress, waits (at most a few seconds) for them, then stops and joins the io threads.
  void stop();

  Metrics& metrics();
  // The checks /readyz runs (see readiness.hpp); add before start().
  Readiness& readiness();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Raises RLIMIT_NOFILE's soft limit to its hard limit; returns the new soft limit (or the old one
// when it cannot be raised).
unsigned long raise_open_file_limit() noexcept;

}  // namespace careerbot::net
