#include "net/http_message.hpp"

#include <gtest/gtest.h>

namespace careerbot::net {
namespace {

TEST(TargetPath, StripsTheQuery) {
  EXPECT_EQ(target_path("/ws?session=a"), "/ws");
  EXPECT_EQ(target_path("/healthz"), "/healthz");
}

TEST(QueryParam, FindsAndDecodes) {
  EXPECT_EQ(query_param("/ws?session=abc", "session"), "abc");
  EXPECT_EQ(query_param("/ws?x=1&session=a%2Db", "session"), "a-b");
  EXPECT_EQ(query_param("/ws?session=", "session"), "");
  EXPECT_EQ(query_param("/ws?sessions=1", "session"), std::nullopt);
  EXPECT_EQ(query_param("/ws", "session"), std::nullopt);
}

TEST(OriginAllowed, NoOriginSameHostOrListed) {
  const std::vector<std::string> none;
  EXPECT_TRUE(origin_allowed("", "example.org", none));
  EXPECT_TRUE(origin_allowed("http://127.0.0.1:8080", "127.0.0.1:8080", none));
  EXPECT_TRUE(origin_allowed("https://Bot.Example", "bot.example", none));
  EXPECT_FALSE(origin_allowed("http://evil.example", "127.0.0.1:8080", none));
  EXPECT_FALSE(origin_allowed("null", "127.0.0.1:8080", none));
  EXPECT_TRUE(origin_allowed("https://school.example", "bot", {"https://school.example"}));
  EXPECT_FALSE(origin_allowed("https://school.example.evil", "bot", {"https://school.example"}));
  EXPECT_TRUE(origin_allowed("https://anything", "bot", {"*"}));
}

AddressRanges ranges(std::vector<std::string> entries) {
  return AddressRanges(entries);
}

TEST(ClientAddress, ForwardedForOnlyFromTrustedProxies) {
  EXPECT_EQ(client_address("10.0.0.9", "1.2.3.4", {}), "10.0.0.9");
  EXPECT_EQ(client_address("10.0.0.1", "1.2.3.4", ranges({"10.0.0.1"})), "1.2.3.4");
  EXPECT_EQ(client_address("10.0.0.1", "6.6.6.6, 1.2.3.4", ranges({"10.0.0.1"})), "1.2.3.4");
  EXPECT_EQ(client_address("10.0.0.1", "1.2.3.4, 10.0.0.2", ranges({"10.0.0.1", "10.0.0.2"})), "1.2.3.4");
  EXPECT_EQ(client_address("10.0.0.1", "", ranges({"10.0.0.1"})), "10.0.0.1");
}

TEST(ClientAddress, TrustedProxiesAreCidrRangesOfEitherFamily) {
  const auto proxies = ranges({"10.0.0.0/8", "fd00::/8"});
  EXPECT_EQ(client_address("10.20.30.40", "1.2.3.4", proxies), "1.2.3.4");
  EXPECT_EQ(client_address("fd12::1", "2001:db8::7", proxies), "2001:db8::7");
  // Proxies inside the ranges are skipped from the right; the first outsider is the client.
  EXPECT_EQ(client_address("10.0.0.1", "6.6.6.6, 2001:db8::7, fd00::2, 10.9.9.9", proxies), "2001:db8::7");
  EXPECT_EQ(client_address("11.0.0.1", "1.2.3.4", proxies), "11.0.0.1") << "outside the range";
  EXPECT_EQ(client_address("fe80::1", "1.2.3.4", proxies), "fe80::1");
}

TEST(ClientAddress, MappedPeersAreIpv4AndJunkNeverBecomesAClient) {
  const auto proxies = ranges({"127.0.0.1/32"});
  EXPECT_EQ(client_address("::ffff:127.0.0.1", "1.2.3.4", proxies), "1.2.3.4");
  EXPECT_EQ(client_address("::ffff:127.0.0.5", "1.2.3.4", proxies), "127.0.0.5");
  EXPECT_EQ(client_address("127.0.0.1", "2001:DB8:0:0::1", proxies), "2001:db8::1") << "canonical";
  EXPECT_EQ(client_address("127.0.0.1", "anything-at-all", proxies), "127.0.0.1");
  EXPECT_EQ(client_address("127.0.0.1", "1.2.3.4:5678", proxies), "127.0.0.1");
}

TEST(SecurityHeaders, ApiAndPages) {
  HttpResponse api;
  auto headers = security_headers(api);
  auto value = [&](const std::string& name) {
    for (const auto& [n, v] : headers) {
      if (n == name) return v;
    }
    return std::string();
  };
  EXPECT_EQ(value("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(value("Cache-Control"), "no-store");
  EXPECT_EQ(value("Referrer-Policy"), "no-referrer");
  EXPECT_NE(value("Content-Security-Policy").find("default-src 'none'"), std::string::npos);

  HttpResponse page;
  page.html = true;
  page.cacheable = true;
  headers = security_headers(page);
  EXPECT_EQ(value("Cache-Control"), "no-cache");
  EXPECT_NE(value("Content-Security-Policy").find("connect-src 'self'"), std::string::npos);
  EXPECT_NE(value("Content-Security-Policy").find("frame-ancestors 'none'"), std::string::npos);
}

}  // namespace
}  // namespace careerbot::net
