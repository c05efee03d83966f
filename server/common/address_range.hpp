#pragma once
// IP addresses and CIDR ranges (IPv4 and IPv6) for deciding which peers are trusted proxies and for
// grouping client addresses under the per-address limits. Plain C++ over inet_pton: no Boost here.
//
// An IPv4-mapped IPv6 address (::ffff:1.2.3.4, what a dual-stack listener reports for an IPv4 peer)
// is the IPv4 address: it matches IPv4 ranges and is grouped as that address.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace careerbot {

class IpAddress {
 public:
  // nullopt unless `text` is a whole IPv4 or IPv6 address (no port, no brackets, no zone).
  static std::optional<IpAddress> parse(std::string_view text);
  bool is_v4() const noexcept { return v4_; }
  // IPv4 as 4 bytes, IPv6 as 16.
  const std::uint8_t* bytes() const noexcept { return v4_ ? bytes_.data() + 12 : bytes_.data(); }
  int bits() const noexcept { return v4_ ? 32 : 128; }
  // The canonical text: dotted IPv4 (also for a mapped address), RFC 5952 IPv6.
  std::string to_string() const;

 private:
  std::array<std::uint8_t, 16> bytes_{};  // IPv4 is stored mapped (::ffff:a.b.c.d)
  bool v4_ = false;
};

// One CIDR range ("10.0.0.0/8", "fd00::/8") or one address ("127.0.0.1" is 127.0.0.1/32).
class AddressRange {
 public:
  // nullopt when `text` is not an address with an optional /prefix that fits its family.
  static std::optional<AddressRange> parse(std::string_view text);
  bool contains(const IpAddress& address) const noexcept;

 private:
  AddressRange(IpAddress base, int prefix) : base_(base), prefix_(prefix) {}
  IpAddress base_;
  int prefix_;
};

class AddressRanges {
 public:
  AddressRanges() = default;
  // Throws std::invalid_argument naming the first entry that is not an address or a range.
  explicit AddressRanges(const std::vector<std::string>& entries);
  // False for anything that is not an address (a spoofed header's junk included).
  bool contains(std::string_view address) const;
  bool empty() const noexcept { return ranges_.empty(); }

 private:
  std::vector<AddressRange> ranges_;
};

// The key a client's per-address limits are counted under: an IPv4 address itself, an IPv6 address's
// /64 ("2001:db8:1:2::/64": one home or phone network holds a whole /64, so per-address would be no
// limit at all). Text that is not an address is its own key.
std::string address_group(std::string_view address);

// `address` in canonical form (a mapped IPv4 address as dotted IPv4); text that is not an address is
// returned unchanged.
std::string canonical_address(std::string_view address);

}  // namespace careerbot
