#pragma once
// HTTP routing as a function from request to response: REST chat, health, readiness, metrics, static
// files, and routes other modules add (Telegram, admin). Error replies are built in one place
// (error_response). No Beast here, so unit tests call it directly.
//
// Thread-safety: add() only before the server starts; handle() from any thread at once.

#include <functional>
#include <string>
#include <vector>

#include "common/config.hpp"
#include "net/chat_turn.hpp"
#include "net/http_message.hpp"
#include "net/metrics.hpp"
#include "net/rate_limiter.hpp"
#include "net/readiness.hpp"
#include "net/static_files.hpp"
#include "protocol/error_code.hpp"

namespace careerbot::net {

using RouteHandler = std::function<HttpResponse(const HttpRequest&)>;

// The one place error replies are made: {"error":{"code","message"}} with the code's HTTP status.
HttpResponse error_response(protocol::ErrorCode code, std::string message);

class Router {
 public:
  Router(const Config& config, ChatTurns& turns, Metrics& metrics, AddressRateLimiter& address_limits);

  // Adds an exact-path route; a path may have several methods. Later routes never shadow built-ins.
  void add(std::string method, std::string path, RouteHandler handler);

  // Answers one request (never throws: handler exceptions become 500 internal).
  HttpResponse handle(const HttpRequest& request);

  // The checks /readyz runs; it starts with "knowledge_base" (the chat service has its content).
  // Add more only before the server starts.
  Readiness& readiness() noexcept { return readiness_; }

 private:
  struct Route {
    std::string method;
    std::string path;
    RouteHandler handler;
  };
  HttpResponse dispatch(const HttpRequest& request);
  HttpResponse chat(const HttpRequest& request);

  const Config& config_;
  ChatTurns& turns_;
  Metrics& metrics_;
  AddressRateLimiter& address_limits_;
  StaticFiles static_files_;
  Readiness readiness_;
  std::vector<Route> routes_;
};

}  // namespace careerbot::net
