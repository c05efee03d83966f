// Behind a proxy and over IPv6, end to end: the real careerbot-server behind the real nginx running
// the shipped config/nginx-cluster.conf. Per-address limits count the client nginx saw (trusted
// proxies given as CIDR ranges), never an address the client wrote into X-Forwarded-For; IPv6 clients
// are grouped by /64; X-Forwarded-For from an untrusted peer is ignored and logged once; nginx passes
// the Host header with its port (the Origin check needs it) and keeps /metrics and the admin paths to
// its allow-list.
#include <fstream>
#include <iterator>

#include <gtest/gtest.h>

#include "nginx_process.hpp"
#include "server_process.hpp"
#include "test_client.hpp"

namespace careerbot::testing {
namespace {

const std::string kAdminToken = "proxy-test-admin-token-0123456789abcdef";

std::size_t count_of(const std::string& text, const std::string& needle) {
  std::size_t count = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++count;
  return count;
}

WsOptions client_at(const std::string& local_address, const std::string& forwarded_for = {}) {
  WsOptions options = WsOptions::from_address(local_address);
  if (!forwarded_for.empty()) options.headers = {{"X-Forwarded-For", forwarded_for}};
  return options;
}

// The HTTP status of a refused upgrade, or 101 when the WebSocket opened (and got its welcome).
int upgrade_status(unsigned short port, const WsOptions& options) {
  try {
    WsClient client(port, options);
    return client.read_json()["type"] == "welcome" ? 101 : -1;
  } catch (const HandshakeRefused& refused) {
    return refused.status;
  }
}

class ProxyEndToEnd : public ::testing::Test {
 protected:
  void SetUp() override { build_knowledge_db(dir.file("knowledge.db")); }
  ServerOptions options(std::vector<std::string> extra) {
    return {dir.file("sessions.db"), dir.file("knowledge.db"), "", "", std::move(extra)};
  }
  std::string log() const { return read_all(dir.file("server.log")); }
  TempDir dir;
};

TEST_F(ProxyEndToEnd, ThroughNginxEachClientIsCountedByTheAddressNginxSawNotTheOneItClaims) {
  if (!nginx_installed()) GTEST_SKIP() << "nginx is not installed (scripts/setup.sh installs nginx-light)";
  ServerProcess server(options({"--trusted-proxies", "127.0.0.0/31, ::1/128", "--max-connections-per-address",
                                "1", "--log-level", "warn"}),
                       dir.file("server.log"));
  NginxProcess nginx(dir.file("nginx"), {server.port()});

  WsClient first(nginx.port(), client_at("127.0.0.2", "203.0.113.1"));
  EXPECT_EQ(first.read_json()["type"], "welcome");
  // The same client claiming to be someone else is still itself: its one connection is in use.
  EXPECT_EQ(upgrade_status(nginx.port(), client_at("127.0.0.2", "203.0.113.2")), 503);
  EXPECT_EQ(upgrade_status(nginx.port(), client_at("127.0.0.2", "127.0.0.9, 198.51.100.7")), 503);
  // Another client behind the same nginx has a connection of its own (without CIDR support the
  // ranges above would trust nobody and every client would be nginx's 127.0.0.1).
  WsClient second(nginx.port(), client_at("127.0.0.3"));
  EXPECT_EQ(second.read_json()["type"], "welcome");
  // A client reaching nginx over IPv6 is counted by its IPv6 address.
  WsClient over_ipv6(nginx.port(), client_at("::1", "2001:db8::1"));
  EXPECT_EQ(over_ipv6.read_json()["type"], "welcome");
  EXPECT_EQ(upgrade_status(nginx.port(), client_at("::1", "2001:db8::2")), 503);
  EXPECT_EQ(count_of(log(), "forwarded_for_untrusted"), 0u) << "nginx is trusted: " << log();
}

TEST_F(ProxyEndToEnd, NginxPassesTheHostWithItsPortAndKeepsMetricsAndAdminToItsAllowList) {
  if (!nginx_installed()) GTEST_SKIP() << "nginx is not installed (scripts/setup.sh installs nginx-light)";
  ServerProcess server(options({"--trusted-proxies", "127.0.0.1", "--admin-token", kAdminToken}));
  NginxProcess nginx(dir.file("nginx"), {server.port()});
  const std::string port = std::to_string(nginx.port());

  // A browser page served through nginx on a non-default port may open its WebSocket.
  WsOptions page = WsOptions::with_origin("http://127.0.0.1:" + port);
  page.local_address = "127.0.0.2";
  EXPECT_EQ(upgrade_status(nginx.port(), page), 101);
  WsOptions other = WsOptions::with_origin("http://127.0.0.1:1");
  other.local_address = "127.0.0.2";
  EXPECT_EQ(upgrade_status(nginx.port(), other), 403) << "the Origin check still bites";

  // From outside the allow-list nginx answers 403 itself; the server never sees the request.
  const std::vector<std::pair<std::string, std::string>> auth = {{"Authorization", "Bearer " + kAdminToken}};
  const auto outside_metrics = http_request(nginx.port(), "GET", "/metrics", {}, {}, "127.0.0.2");
  EXPECT_EQ(outside_metrics.status, 403);
  EXPECT_EQ(outside_metrics.body.find("careerbot_"), std::string::npos);
  const auto outside_admin =
      http_request(nginx.port(), "GET", "/api/v1/admin/flagged", {}, auth, "127.0.0.2");
  EXPECT_EQ(outside_admin.status, 403);
  EXPECT_EQ(outside_admin.body.find("flagged"), std::string::npos);
  EXPECT_EQ(http_request(nginx.port(), "GET", "/api/v1//admin/flagged", {}, auth, "127.0.0.2").status, 403)
      << "nginx matches the normalised path";
  // The chat itself is open to everyone.
  EXPECT_EQ(http_request(nginx.port(), "GET", "/healthz", {}, {}, "127.0.0.2").status, 200);

  // From this machine (IPv4 or IPv6) both reach the server.
  const auto local_metrics = http_request(nginx.port(), "GET", "/metrics", {}, {}, "127.0.0.1");
  EXPECT_EQ(local_metrics.status, 200);
  EXPECT_NE(local_metrics.body.find("careerbot_"), std::string::npos);
  EXPECT_EQ(http_request(nginx.port(), "GET", "/metrics", {}, {}, "::1").status, 200);
  const auto local_admin = http_request(nginx.port(), "GET", "/api/v1/admin/flagged", {}, auth, "127.0.0.1");
  EXPECT_EQ(local_admin.status, 200) << local_admin.body;
}

TEST_F(ProxyEndToEnd, OverIpv6ClientsAreGroupedBySlash64AndForgedHeadersFromOthersAreIgnoredAndLoggedOnce) {
  // A dual-stack listener: IPv6 peers as they are, IPv4 peers as mapped addresses (::ffff:127.0.0.2).
  ServerProcess server(options({"--bind", "::", "--trusted-proxies", "::1/128",
                                "--max-connections-per-address", "2", "--log-level", "warn"}),
                       dir.file("server.log"));
  // A proxy on ::1 forwards clients from two IPv6 networks.
  WsClient a(server.port(), client_at("::1", "2001:db8:1:2::a"));
  WsClient b(server.port(), client_at("::1", "2001:db8:1:2:ffff::b"));
  EXPECT_EQ(a.read_json()["type"], "welcome");
  EXPECT_EQ(b.read_json()["type"], "welcome");
  EXPECT_EQ(upgrade_status(server.port(), client_at("::1", "2001:db8:1:2::c")), 503)
      << "a third address in the same /64 is the same client";
  WsClient c(server.port(), client_at("::1", "2001:db8:1:3::a"));
  EXPECT_EQ(c.read_json()["type"], "welcome") << "another /64 is another client";

  // An IPv4 client that is no proxy cannot pick its address with the header.
  WsClient d(server.port(), client_at("127.0.0.2", "2001:db8:7::1"));
  WsClient e(server.port(), client_at("127.0.0.2", "2001:db8:8::1"));
  EXPECT_EQ(d.read_json()["type"], "welcome");
  EXPECT_EQ(e.read_json()["type"], "welcome");
  EXPECT_EQ(upgrade_status(server.port(), client_at("127.0.0.2", "2001:db8:9::1")), 503);
  const auto result =
      http_request(server.port(), "GET", "/healthz", {}, {{"X-Forwarded-For", "192.0.2.1"}}, "127.0.0.3");
  EXPECT_EQ(result.status, 200);

  const std::string text = log();
  EXPECT_EQ(count_of(text, "forwarded_for_untrusted"), 1u) << text;
  EXPECT_NE(text.find("\"peer\":\"127.0.0.2\""), std::string::npos)
      << "the mapped peer is named as IPv4: " << text;
}

}  // namespace
}  // namespace careerbot::testing
