// libFuzzer target: the HTTP request helpers that read what any client sends before routing (the
// request target's path and query, Origin against Host, the Authorization header for explain,
// X-Forwarded-For through trusted proxy ranges) and the address parsing behind them. The input is
// split at its first two newlines into three header values.
// Properties: nothing throws or crashes; a resolved client address is the peer or an address that
// parses; address_group is stable (grouping a group's address gives the same group).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <string_view>

#include "common/address_range.hpp"
#include "net/http_message.hpp"

using namespace careerbot;

namespace {

void require(bool condition) {
  if (!condition) std::abort();  // libFuzzer reports the input that broke a property
}

std::string_view next_line(std::string_view& rest) {
  const auto newline = rest.find('\n');
  const std::string_view line = rest.substr(0, newline);
  rest = newline == std::string_view::npos ? std::string_view() : rest.substr(newline + 1);
  return line;
}

const AddressRanges& proxies() {
  static const AddressRanges ranges({"127.0.0.1", "10.0.0.0/8", "fd00::/8", "::1"});
  return ranges;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  const std::string_view first = next_line(rest);
  const std::string_view second = next_line(rest);
  const std::string_view third = rest;

  // The request target.
  const std::string_view path = net::target_path(first);
  require(path.size() <= first.size());
  (void)net::query_param(first, "session");
  (void)net::query_param(first, std::string(second));
  (void)net::may_wait_on_store(path);

  // Origin against Host and an allow-list.
  (void)net::origin_allowed(first, second, {});
  (void)net::origin_allowed(second, third, {"https://school.example", std::string(third)});
  (void)net::explain_allowed(false, first, "admin-token-of-at-least-32-characters");
  require(!net::explain_allowed(false, first, ""));

  // X-Forwarded-For through trusted proxies.
  for (const char* peer : {"10.1.2.3", "::ffff:127.0.0.1", "fd00::5", "203.0.113.9"}) {
    const std::string client = net::client_address(peer, first, proxies());
    require(client == canonical_address(peer) || IpAddress::parse(client).has_value());
  }
  const std::string client = net::client_address(std::string(second), third, proxies());
  (void)client;

  // Address parsing and grouping.
  if (const auto address = IpAddress::parse(first)) {
    const std::string group = address_group(first);
    require(address_group(address->to_string()) == group);
    require(IpAddress::parse(address->to_string()).has_value());
  }
  (void)AddressRange::parse(first);
  try {
    AddressRanges({std::string(first), std::string(second)});
  } catch (const std::invalid_argument&) {
    // a clear refusal is the contract for a bad entry
  }
  return 0;
}
