#pragma once
// HMAC-SHA256 through OpenSSL's libcrypto: the check that a webhook body was signed by the platform
// with the app secret (Meta's X-Hub-Signature-256: "sha256=<64 hex digits>"), and a keyed hash for
// identifiers that must not be stored or logged as they are (a WhatsApp sender's phone number).
//
// Thread-safe: plain functions, no shared state.

#include <string>
#include <string_view>

namespace careerbot::net {

// HMAC-SHA256 of `data` under `key`, as 64 lower-case hex digits. Throws std::runtime_error only when
// libcrypto itself fails.
std::string hmac_sha256_hex(std::string_view key, std::string_view data);

// True when `header` is "sha256=" followed by the hex HMAC-SHA256 of the raw `body` under `secret`
// (hex digits in either case). The digests are compared in constant time, so a forger learns nothing
// from response times. An empty secret or header, a missing prefix or a digest of the wrong length is
// false. Never throws.
bool hub_signature_valid(std::string_view header, std::string_view body, std::string_view secret) noexcept;

// The stored and logged name of a WhatsApp number: HMAC-SHA256 of the number under the app secret,
// as 64 hex digits. A phone number has too few digits for a plain hash to hide it; without the secret
// the key cannot be turned back into the number. (A new app secret therefore starts every contact
// on a fresh conversation.)
std::string contact_key(std::string_view app_secret, std::string_view number);

}  // namespace careerbot::net
