#pragma once
// Small synchronous clients for tests that talk to a real server on 127.0.0.1: a WebSocket client and
// a one-shot HTTP request. No Beast in this header (pimpl), so test files compile quickly.
// Not thread-safe: use one client per thread. Failures to connect or handshake throw std::runtime_error.

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace careerbot::testing {

struct WsOptions {
  std::string path = "/ws";   // may carry a query, e.g. "/ws?session=abc"
  std::string origin;         // sent as the Origin header when not empty
  std::string local_address;  // bind the client socket here first (e.g. "127.0.0.2"; "::1" = over IPv6)
  std::vector<std::pair<std::string, std::string>> headers;  // extra upgrade headers (X-Forwarded-For)
  static WsOptions at_path(std::string path_and_query) {
    WsOptions options;
    options.path = std::move(path_and_query);
    return options;
  }
  static WsOptions with_origin(std::string origin_header) {
    WsOptions options;
    options.origin = std::move(origin_header);
    return options;
  }
  static WsOptions from_address(std::string local) {
    WsOptions options;
    options.local_address = std::move(local);
    return options;
  }
};

struct Frame {
  enum class Kind { text, binary, closed, timeout, error };
  Kind kind = Kind::error;
  std::string data;    // the frame's payload (text/binary) or the error message
  int close_code = 0;  // when closed: the server's close code (e.g. 1007, 1009, 1001)
  std::string close_reason;

  bool is_text() const { return kind == Kind::text; }
  nlohmann::json json() const { return nlohmann::json::parse(data); }
};

// Thrown when the server refuses the upgrade; carries the HTTP status (403, 503, ...).
struct HandshakeRefused : std::runtime_error {
  HandshakeRefused(int status_code, std::string response_body);
  int status;
  std::string body;
};

class WsClient {
 public:
  WsClient(unsigned short port, WsOptions options = {});
  ~WsClient();
  WsClient(const WsClient&) = delete;
  WsClient& operator=(const WsClient&) = delete;

  void send_text(std::string_view text);  // sent as is, even when not valid UTF-8
  void send_binary(std::string_view bytes);
  void send_json(const nlohmann::json& value) { send_text(value.dump()); }
  // Writes bytes straight to the TCP socket (hand-made frames).
  void send_raw(std::string_view bytes);

  // The next frame, the close, or timeout after `deadline` (a timeout ends the connection).
  Frame read(std::chrono::milliseconds deadline = std::chrono::seconds(10));
  // The next frame, parsed; throws unless it is a text frame.
  nlohmann::json read_json(std::chrono::milliseconds deadline = std::chrono::seconds(10));

  // Sends a normal close and waits for the server's answer.
  void close();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

struct HttpResult {
  int status = 0;
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;

  std::string header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
  }
  nlohmann::json json() const { return nlohmann::json::parse(body); }
};

// One request on a fresh connection to 127.0.0.1:port, or [::1]:port when `local_address` is IPv6
// (Connection: close).
HttpResult http_request(unsigned short port, const std::string& method, const std::string& target,
                        const std::string& body = {},
                        const std::vector<std::pair<std::string, std::string>>& headers = {},
                        const std::string& local_address = {});

inline HttpResult http_get(unsigned short port, const std::string& target) {
  return http_request(port, "GET", target);
}
inline HttpResult http_post_json(unsigned short port, const std::string& target, const std::string& body) {
  return http_request(port, "POST", target, body, {{"Content-Type", "application/json"}});
}

}  // namespace careerbot::testing
