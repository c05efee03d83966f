#include "cli/server_url.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace careerbot::cli {

ServerUrl ServerUrl::parse(std::string_view url) {
  const std::string original(url);
  constexpr std::string_view schemes[] = {"ws://", "http://"};
  bool known_scheme = false;
  for (auto scheme : schemes) {
    if (url.starts_with(scheme)) {
      url.remove_prefix(scheme.size());
      known_scheme = true;
      break;
    }
  }
  if (!known_scheme) {
    throw std::invalid_argument("unsupported URL '" + original + "': expected ws://host:port/ws");
  }
  ServerUrl parsed;
  const auto slash = url.find('/');
  std::string_view authority = url.substr(0, slash);
  if (slash != std::string_view::npos) parsed.ws_target = std::string(url.substr(slash));
  // An http:// address points at the server root; the chat lives at /ws.
  if (parsed.ws_target == "/") parsed.ws_target = "/ws";

  const auto colon = authority.rfind(':');
  if (colon == std::string_view::npos) {
    parsed.host = std::string(authority);
    parsed.port = "80";
  } else {
    parsed.host = std::string(authority.substr(0, colon));
    parsed.port = std::string(authority.substr(colon + 1));
  }
  const bool port_is_number = !parsed.port.empty() && parsed.port.size() <= 5 &&
                              std::all_of(parsed.port.begin(), parsed.port.end(),
                                          [](unsigned char c) { return std::isdigit(c) != 0; });
  if (parsed.host.empty() || !port_is_number) {
    throw std::invalid_argument("bad URL '" + original + "': expected ws://host:port/ws");
  }
  return parsed;
}

}  // namespace careerbot::cli
