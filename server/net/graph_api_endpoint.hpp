#pragma once
// Where WhatsApp replies go: the Graph API base URL from the config ("https://graph.facebook.com/v21.0")
// read into host, port and path, plus the messages path for one business number. Plain http:// is
// allowed only to a loopback address (a test's local stand-in): the access token must not cross a
// network in clear.
//
// Pure and thread-safe; no sockets.

#include <string>
#include <string_view>

namespace careerbot::net {

struct GraphApiEndpoint {
  bool tls = true;
  std::string host;    // "graph.facebook.com", "127.0.0.1"
  std::string port;    // "443" unless the URL names one
  std::string prefix;  // the path before "/<phone_number_id>/messages", e.g. "/v21.0"; may be empty
};

// Reads `base` ("https://host[:port][/path]" or "http://<loopback>[:port][/path]"). Throws
// std::invalid_argument with a message naming the problem: another scheme, no host, a bad port,
// a query or fragment, or http:// to a host that is not loopback.
GraphApiEndpoint parse_graph_api_base(std::string_view base);

// True for "localhost", 127.0.0.0/8 and "::1" / "[::1]".
bool is_loopback_host(std::string_view host) noexcept;

// "/v21.0/<phone_number_id>/messages".
std::string messages_path(const GraphApiEndpoint& endpoint, std::string_view phone_number_id);

}  // namespace careerbot::net
