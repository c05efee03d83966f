#include "common/address_range.hpp"

#include <stdexcept>

#include <gtest/gtest.h>

namespace careerbot {
namespace {

TEST(IpAddress, ParsesBothFamiliesAndNothingElse) {
  EXPECT_EQ(IpAddress::parse("192.168.1.20")->to_string(), "192.168.1.20");
  EXPECT_EQ(IpAddress::parse("2001:DB8:0::1")->to_string(), "2001:db8::1");
  EXPECT_TRUE(IpAddress::parse("::ffff:10.1.2.3")->is_v4());
  EXPECT_EQ(IpAddress::parse("::ffff:10.1.2.3")->to_string(), "10.1.2.3");
  for (const char* junk : {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.4:80", "[::1]", "fe80::1%eth0",
                           "localhost", " 1.2.3.4", "1.2.3.4/8", "::g"}) {
    EXPECT_FALSE(IpAddress::parse(junk)) << junk;
  }
}

TEST(AddressRange, PrefixesOfEitherFamily) {
  const auto ten = AddressRange::parse("10.0.0.0/8");
  ASSERT_TRUE(ten);
  EXPECT_TRUE(ten->contains(*IpAddress::parse("10.255.1.2")));
  EXPECT_FALSE(ten->contains(*IpAddress::parse("11.0.0.0")));
  EXPECT_FALSE(ten->contains(*IpAddress::parse("::a00:1"))) << "an IPv6 address never matches an IPv4 range";

  const auto odd = AddressRange::parse("172.16.0.0/12");  // a prefix that is not whole bytes
  EXPECT_TRUE(odd->contains(*IpAddress::parse("172.31.255.255")));
  EXPECT_FALSE(odd->contains(*IpAddress::parse("172.32.0.0")));

  const auto ula = AddressRange::parse("fd00::/8");
  EXPECT_TRUE(ula->contains(*IpAddress::parse("fdab:1::9")));
  EXPECT_FALSE(ula->contains(*IpAddress::parse("fe80::1")));

  const auto one = AddressRange::parse("::1");
  EXPECT_TRUE(one->contains(*IpAddress::parse("::1")));
  EXPECT_FALSE(one->contains(*IpAddress::parse("::2")));
  EXPECT_TRUE(AddressRange::parse("0.0.0.0/0")->contains(*IpAddress::parse("8.8.8.8")));
  EXPECT_TRUE(AddressRange::parse("127.0.0.1")->contains(*IpAddress::parse("::ffff:127.0.0.1")));

  for (const char* bad : {"10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/8x", "/8", "x/8"}) {
    EXPECT_FALSE(AddressRange::parse(bad)) << bad;
  }
}

TEST(AddressRanges, AnyRangeAndClearErrors) {
  const AddressRanges ranges({"127.0.0.1", "10.0.0.0/8", "::1/128"});
  EXPECT_TRUE(ranges.contains("127.0.0.1"));
  EXPECT_TRUE(ranges.contains("10.3.2.1"));
  EXPECT_TRUE(ranges.contains("::1"));
  EXPECT_FALSE(ranges.contains("127.0.0.2"));
  EXPECT_FALSE(ranges.contains("not an address"));
  EXPECT_TRUE(AddressRanges().empty());
  try {
    AddressRanges({"10.0.0.0/8", "proxy.local"});
    FAIL() << "a host name is not a range";
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find("'proxy.local'"), std::string::npos) << error.what();
  }
}

TEST(AddressGroup, Ipv6ClientsShareTheirSlash64) {
  EXPECT_EQ(address_group("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
  EXPECT_EQ(address_group("2001:db8:1:2:bbbb:cccc:dddd:eeee"), "2001:db8:1:2::/64");
  EXPECT_NE(address_group("2001:db8:1:3::1"), address_group("2001:db8:1:2::1"));
  EXPECT_EQ(address_group("203.0.113.9"), "203.0.113.9") << "IPv4 is per address";
  EXPECT_EQ(address_group("::ffff:203.0.113.9"), "203.0.113.9");
  EXPECT_EQ(address_group("not-an-address"), "not-an-address");
}

}  // namespace
}  // namespace careerbot
