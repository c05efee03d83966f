#include "net/http_message.hpp"

#include "common/secret.hpp"
#include "common/trim.hpp"

#include <algorithm>
#include <cctype>

namespace careerbot::net {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() + 0 && hex_value(text[i + 1]) >= 0 &&
        hex_value(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else if (text[i] == '+') {
      out += ' ';
    } else {
      out += text[i];
    }
  }
  return out;
}

}  // namespace

std::string_view target_path(std::string_view target) noexcept {
  return target.substr(0, target.find('?'));
}

std::optional<std::string> query_param(std::string_view target, std::string_view name) {
  const auto question = target.find('?');
  if (question == std::string_view::npos) return std::nullopt;
  std::string_view query = target.substr(question + 1);
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const auto eq = pair.find('=');
    if (pair.substr(0, eq) == name) {
      return eq == std::string_view::npos ? std::string() : percent_decode(pair.substr(eq + 1));
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return std::nullopt;
}

bool explain_allowed(bool allow_explain, std::string_view authorization, std::string_view admin_token) {
  if (allow_explain) return true;
  constexpr std::string_view kBearer = "Bearer ";
  return !admin_token.empty() && authorization.starts_with(kBearer) &&
         same_secret(authorization.substr(kBearer.size()), admin_token);
}

bool origin_allowed(std::string_view origin, std::string_view host, const std::vector<std::string>& allowed) {
  if (origin.empty()) return true;
  for (const auto& entry : allowed) {
    if (entry == "*" || iequals(entry, origin)) return true;
  }
  const auto scheme_end = origin.find("://");
  if (scheme_end == std::string_view::npos || host.empty()) return false;
  return iequals(origin.substr(scheme_end + 3), host);
}

std::string client_address(const std::string& peer, std::string_view forwarded_for,
                           const AddressRanges& trusted_proxies) {
  const std::string canonical_peer = canonical_address(peer);
  if (forwarded_for.empty() || !trusted_proxies.contains(canonical_peer)) return canonical_peer;
  // Walk from the right: each trusted proxy appended the address it saw.
  std::string_view rest = forwarded_for;
  while (!rest.empty()) {
    const auto comma = rest.rfind(',');
    const std::string_view entry =
        trim(comma == std::string_view::npos ? rest : rest.substr(comma + 1), kBlanks);
    if (!entry.empty()) {
      const auto address = IpAddress::parse(entry);
      if (!address) return canonical_peer;
      const std::string canonical = address->to_string();
      if (!trusted_proxies.contains(canonical)) return canonical;
    }
    if (comma == std::string_view::npos) break;
    rest = rest.substr(0, comma);
  }
  return canonical_peer;
}

bool may_wait_on_store(std::string_view path) noexcept {
  return path.starts_with("/api/") || path.starts_with("/webhooks/") || path == "/readyz";
}

std::vector<std::pair<std::string, std::string>> security_headers(const HttpResponse& response) {
  std::vector<std::pair<std::string, std::string>> headers = {
      {"X-Content-Type-Options", "nosniff"},
      {"X-Frame-Options", "DENY"},
      {"Referrer-Policy", "no-referrer"},
  };
  if (response.html) {
    headers.emplace_back("Content-Security-Policy",
                         "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                         "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
  } else {
    headers.emplace_back("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
  }
  headers.emplace_back("Cache-Control", response.cacheable ? "no-cache" : "no-store");
  return headers;
}

}  // namespace careerbot::net
