#pragma once
// Where the careerbot server is: parsed from a WebSocket URL such as ws://127.0.0.1:8080/ws.
// The HTTP endpoints (admin, health) live on the same host and port, so one URL serves both.

#include <string>
#include <string_view>

namespace careerbot::cli {

struct ServerUrl {
  std::string host;               // e.g. "127.0.0.1" or "localhost"
  std::string port;               // kept as text: it goes straight to the resolver
  std::string ws_target = "/ws";  // path and query for the WebSocket upgrade

  // Parses "ws://host[:port][/path]" (port defaults to 80; path to /ws). Also accepts http:// so a
  // user can paste the address the server prints. Throws std::invalid_argument naming the problem
  // (wss:// is refused: TLS is the reverse proxy's job and the CLI talks to the server directly).
  static ServerUrl parse(std::string_view url);

  // "host:port", for messages.
  std::string authority() const { return host + ":" + port; }
};

}  // namespace careerbot::cli
