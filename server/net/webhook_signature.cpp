#include "net/webhook_signature.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cctype>
#include <stdexcept>

#include "common/secret.hpp"

namespace careerbot::net {

std::string hmac_sha256_hex(std::string_view key, std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  // HMAC() is OpenSSL's one-shot form (not deprecated in 3.0, unlike HMAC_CTX).
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest, &length) == nullptr) {
    throw std::runtime_error("HMAC-SHA256 failed");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 0x0F];
  }
  return hex;
}

bool hub_signature_valid(std::string_view header, std::string_view body, std::string_view secret) noexcept {
  constexpr std::string_view kPrefix = "sha256=";
  if (secret.empty() || !header.starts_with(kPrefix)) return false;
  std::string given(header.substr(kPrefix.size()));
  for (char& c : given) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  try {
    // same_secret takes the same time wherever the digests differ.
    return same_secret(given, hmac_sha256_hex(secret, body));
  } catch (...) {
    return false;
  }
}

std::string contact_key(std::string_view app_secret, std::string_view number) {
  return hmac_sha256_hex(app_secret, number);
}

}  // namespace careerbot::net
