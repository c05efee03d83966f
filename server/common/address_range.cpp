#include "common/address_range.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <stdexcept>

namespace careerbot {
namespace {

constexpr std::array<std::uint8_t, 12> kMappedPrefix = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

}  // namespace

std::optional<IpAddress> IpAddress::parse(std::string_view text) {
  if (text.empty() || text.size() > INET6_ADDRSTRLEN) return std::nullopt;
  const std::string zero_terminated(text);
  IpAddress address;
  if (inet_pton(AF_INET, zero_terminated.c_str(), address.bytes_.data() + 12) == 1) {
    std::copy(kMappedPrefix.begin(), kMappedPrefix.end(), address.bytes_.begin());
    address.v4_ = true;
    return address;
  }
  if (inet_pton(AF_INET6, zero_terminated.c_str(), address.bytes_.data()) != 1) return std::nullopt;
  address.v4_ = std::equal(kMappedPrefix.begin(), kMappedPrefix.end(), address.bytes_.begin());
  return address;
}

std::string IpAddress::to_string() const {
  char text[INET6_ADDRSTRLEN] = {};
  inet_ntop(v4_ ? AF_INET : AF_INET6, bytes(), text, sizeof text);
  return text;
}

std::optional<AddressRange> AddressRange::parse(std::string_view text) {
  const auto slash = text.find('/');
  const auto base = IpAddress::parse(text.substr(0, slash));
  if (!base) return std::nullopt;
  int prefix = base->bits();
  if (slash != std::string_view::npos) {
    const std::string_view digits = text.substr(slash + 1);
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
    if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() || prefix < 0 ||
        prefix > base->bits()) {
      return std::nullopt;
    }
  }
  return AddressRange(*base, prefix);
}

bool AddressRange::contains(const IpAddress& address) const noexcept {
  if (address.is_v4() != base_.is_v4()) return false;
  const std::uint8_t* a = address.bytes();
  const std::uint8_t* b = base_.bytes();
  const int whole_bytes = prefix_ / 8;
  if (!std::equal(a, a + whole_bytes, b)) return false;
  const int rest = prefix_ % 8;
  if (rest == 0) return true;
  const auto mask = static_cast<std::uint8_t>(0xff << (8 - rest));
  return (a[whole_bytes] & mask) == (b[whole_bytes] & mask);
}

AddressRanges::AddressRanges(const std::vector<std::string>& entries) {
  for (const auto& entry : entries) {
    auto range = AddressRange::parse(entry);
    if (!range) {
      throw std::invalid_argument("'" + entry +
                                  "' is not an IP address or a CIDR range (e.g. 10.0.0.0/8, fd00::/8)");
    }
    ranges_.push_back(*range);
  }
}

bool AddressRanges::contains(std::string_view address) const {
  const auto parsed = IpAddress::parse(address);
  return parsed && std::any_of(ranges_.begin(), ranges_.end(),
                               [&](const AddressRange& range) { return range.contains(*parsed); });
}

std::string address_group(std::string_view address) {
  const auto parsed = IpAddress::parse(address);
  if (!parsed) return std::string(address);
  if (parsed->is_v4()) return parsed->to_string();
  // Keep the first 64 bits, zero the interface half.
  std::array<std::uint8_t, 16> network{};
  std::copy(parsed->bytes(), parsed->bytes() + 8, network.begin());
  char text[INET6_ADDRSTRLEN] = {};
  inet_ntop(AF_INET6, network.data(), text, sizeof text);
  return std::string(text) + "/64";
}

std::string canonical_address(std::string_view address) {
  const auto parsed = IpAddress::parse(address);
  return parsed ? parsed->to_string() : std::string(address);
}

}  // namespace careerbot
