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

TEST(ClientAddress, ForwardedForOnlyFromTrustedProxies) {
  EXPECT_EQ(client_address("10.0.0.9", "1.2.3.4", {}), "10.0.0.9");
  EXPECT_EQ(client_address("10.0.0.1", "1.2.3.4", {"10.0.0.1"}), "1.2.3.4");
  EXPECT_EQ(client_address("10.0.0.1", "6.6.6.6, 1.2.3.4", {"10.0.0.1"}), "1.2.3.4");
  EXPECT_EQ(client_address("10.0.0.1", "1.2.3.4, 10.0.0.2", {"10.0.0.1", "10.0.0.2"}), "1.2.3.4");
  EXPECT_EQ(client_address("10.0.0.1", "", {"10.0.0.1"}), "10.0.0.1");
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
