#include "cli/server_url.hpp"

#include <stdexcept>

#include <gtest/gtest.h>

namespace careerbot::cli {
namespace {

TEST(ServerUrl, ParsesHostPortAndPath) {
  const auto url = ServerUrl::parse("ws://127.0.0.1:8080/ws?session=abc");
  EXPECT_EQ(url.host, "127.0.0.1");
  EXPECT_EQ(url.port, "8080");
  EXPECT_EQ(url.ws_target, "/ws?session=abc");
  EXPECT_EQ(url.authority(), "127.0.0.1:8080");
}

TEST(ServerUrl, DefaultsPortAndPath) {
  const auto url = ServerUrl::parse("ws://localhost");
  EXPECT_EQ(url.port, "80");
  EXPECT_EQ(url.ws_target, "/ws");
}

TEST(ServerUrl, AcceptsTheHttpAddressTheServerPrints) {
  const auto url = ServerUrl::parse("http://127.0.0.1:4321/");
  EXPECT_EQ(url.port, "4321");
  EXPECT_EQ(url.ws_target, "/ws");
}

TEST(ServerUrl, RefusesWhatItCannotUse) {
  EXPECT_THROW(ServerUrl::parse("wss://host:443/ws"), std::invalid_argument);
  EXPECT_THROW(ServerUrl::parse("127.0.0.1:8080"), std::invalid_argument);
  EXPECT_THROW(ServerUrl::parse("ws://:8080/ws"), std::invalid_argument);
  EXPECT_THROW(ServerUrl::parse("ws://host:eighty/ws"), std::invalid_argument);
  EXPECT_THROW(ServerUrl::parse("ws://host:/ws"), std::invalid_argument);
}

}  // namespace
}  // namespace careerbot::cli
