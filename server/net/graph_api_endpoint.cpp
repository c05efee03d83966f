#include "net/graph_api_endpoint.hpp"

#include <cctype>
#include <stdexcept>

namespace careerbot::net {

bool is_loopback_host(std::string_view host) noexcept {
  if (host == "localhost" || host == "::1" || host == "[::1]") return true;
  if (!host.starts_with("127.")) return false;
  // 127.a.b.c with digits and dots only
  int dots = 0;
  for (char c : host) {
    if (c == '.') {
      ++dots;
    } else if (!std::isdigit(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  return dots == 3;
}

GraphApiEndpoint parse_graph_api_base(std::string_view base) {
  GraphApiEndpoint endpoint;
  std::string_view rest;
  if (base.starts_with("https://")) {
    rest = base.substr(8);
  } else if (base.starts_with("http://")) {
    endpoint.tls = false;
    rest = base.substr(7);
  } else {
    throw std::invalid_argument("the Graph API base must start with https://");
  }
  if (rest.find_first_of("?#") != std::string_view::npos) {
    throw std::invalid_argument("the Graph API base must not have a query or fragment");
  }
  const auto slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  std::string_view path = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
  while (path.ends_with('/')) path.remove_suffix(1);

  std::string_view host = authority;
  std::string_view port;
  if (authority.starts_with('[')) {  // [::1]:8080
    const auto close = authority.find(']');
    if (close == std::string_view::npos) throw std::invalid_argument("the Graph API base has a bad host");
    host = authority.substr(0, close + 1);
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') throw std::invalid_argument("the Graph API base has a bad host");
      port = authority.substr(close + 2);
    }
  } else if (const auto colon = authority.find(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (host.empty() || host.find('@') != std::string_view::npos) {
    throw std::invalid_argument("the Graph API base has no host");
  }
  if (!port.empty()) {
    unsigned long value = 0;
    for (char c : port) {
      if (!std::isdigit(static_cast<unsigned char>(c)) || (value = value * 10 + (c - '0')) > 65535)
        throw std::invalid_argument("the Graph API base has a bad port");
    }
    if (value == 0) throw std::invalid_argument("the Graph API base has a bad port");
  }
  if (!endpoint.tls && !is_loopback_host(host)) {
    throw std::invalid_argument(
        "http:// is only for a loopback stand-in; the access token must go over https://");
  }
  endpoint.host = std::string(host);
  // The socket layer wants a bare IPv6 address.
  if (endpoint.host.starts_with('[')) endpoint.host = endpoint.host.substr(1, endpoint.host.size() - 2);
  endpoint.port = port.empty() ? (endpoint.tls ? "443" : "80") : std::string(port);
  endpoint.prefix = std::string(path);
  return endpoint;
}

std::string messages_path(const GraphApiEndpoint& endpoint, std::string_view phone_number_id) {
  return endpoint.prefix + "/" + std::string(phone_number_id) + "/messages";
}

}  // namespace careerbot::net
