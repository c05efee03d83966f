#pragma once
// Plain HTTP request/response types shared by the router and the Beast sessions, so routing stays a
// pure function that unit tests can call without sockets. Also the request helpers that decide who
// the client is and whether its browser origin may connect. No Beast here.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "protocol/error_code.hpp"

namespace careerbot::net {

struct HttpRequest {
  std::string method;                 // "GET", "POST", ...
  std::string target;                 // path and query, e.g. "/ws?session=abc"
  std::string host;                   // Host header
  std::string origin;                 // Origin header, empty when absent
  std::string content_type;           // Content-Type header
  std::string authorization;          // Authorization header
  std::string telegram_secret_token;  // X-Telegram-Bot-Api-Secret-Token header (Telegram webhook)
  std::string body;
  std::string client_address;  // after trusted-proxy resolution
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers, e.g. Allow
  bool cacheable = false;  // static files may be cached; API answers get Cache-Control: no-store
  bool html = false;       // HTML pages get the page CSP (scripts, styles and ws to self)
  std::optional<protocol::ErrorCode> error;  // set by error_response, for the errors metric
};

// The path part of a request target (before '?').
std::string_view target_path(std::string_view target) noexcept;

// The percent-decoded value of query parameter `name`, or nullopt.
std::optional<std::string> query_param(std::string_view target, std::string_view name);

// True when a browser page from `origin` may open a WebSocket here: no Origin header (not a
// browser), the same host as the Host header, or listed in `allowed` ("*" allows any).
bool origin_allowed(std::string_view origin, std::string_view host, const std::vector<std::string>& allowed);

// Whether a client may see `"explain":true` accounts (the matcher's internals): when allow_explain is
// on, or `authorization` is "Bearer <admin_token>" with an admin token configured.
bool explain_allowed(bool allow_explain, std::string_view authorization, std::string_view admin_token);

// The client's address: the peer, unless the peer is a trusted proxy, in which case the right-most
// X-Forwarded-For entry that is not itself a trusted proxy.
std::string client_address(const std::string& peer, std::string_view forwarded_for,
                           const std::vector<std::string>& trusted_proxies);

// Headers every HTTP response carries (nosniff, framing, referrer, CSP, caching).
std::vector<std::pair<std::string, std::string>> security_headers(const HttpResponse& response);

}  // namespace careerbot::net
