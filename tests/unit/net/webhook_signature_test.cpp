// X-Hub-Signature-256 checks against known HMAC-SHA256 values (RFC 4231) and Meta's header shape.
#include "net/webhook_signature.hpp"

#include <gtest/gtest.h>

namespace careerbot::net {
namespace {

TEST(WebhookSignature, HmacMatchesRfc4231) {
  // RFC 4231 test case 2.
  EXPECT_EQ(hmac_sha256_hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  // Test case 1: key 0x0b * 20, "Hi There".
  EXPECT_EQ(hmac_sha256_hex(std::string(20, '\x0b'), "Hi There"),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
}

TEST(WebhookSignature, AcceptsOnlyTheBodySignedWithTheSecret) {
  const std::string body = R"({"object":"whatsapp_business_account","entry":[]})";
  const std::string good = "sha256=" + hmac_sha256_hex("app-secret", body);
  EXPECT_TRUE(hub_signature_valid(good, body, "app-secret"));

  std::string upper = good;
  for (std::size_t i = 7; i < upper.size(); ++i) upper[i] = static_cast<char>(std::toupper(upper[i]));
  EXPECT_TRUE(hub_signature_valid(upper, body, "app-secret")) << "hex digits in either case";

  EXPECT_FALSE(hub_signature_valid(good, body + " ", "app-secret")) << "a changed body";
  EXPECT_FALSE(hub_signature_valid(good, body, "other-secret")) << "another app's secret";
  EXPECT_FALSE(hub_signature_valid("", body, "app-secret")) << "no header";
  EXPECT_FALSE(hub_signature_valid(good.substr(7), body, "app-secret")) << "no sha256= prefix";
  EXPECT_FALSE(hub_signature_valid("sha1=" + good.substr(7), body, "app-secret"));
  EXPECT_FALSE(hub_signature_valid(good.substr(0, good.size() - 1), body, "app-secret")) << "one digit short";
  EXPECT_FALSE(hub_signature_valid(good + "0", body, "app-secret")) << "one digit more";
  std::string flipped = good;
  flipped.back() = flipped.back() == '0' ? '1' : '0';
  EXPECT_FALSE(hub_signature_valid(flipped, body, "app-secret")) << "last digit changed";
  EXPECT_FALSE(hub_signature_valid("sha256=" + hmac_sha256_hex("", body), body, ""))
      << "no secret configured";
}

}  // namespace
}  // namespace careerbot::net
