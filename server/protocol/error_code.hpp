#pragma once
// The error codes clients see in {"type":"error"} frames and REST error bodies, and the HTTP status
// each one maps to (docs/protocol.md: the original contract plus the extras).

#include <string>
#include <string_view>

namespace careerbot::protocol {

enum class ErrorCode {
  bad_json,                // not JSON, not an object, or a field of the wrong type
  bad_type,                // "type" missing or unknown
  bad_text,                // text missing, empty, or holding control characters
  too_large,               // text over the character limit, or a body over the byte cap
  rate_limited,            // over the per-connection or per-address message rate
  unavailable,             // a store is down, or the service is not ready
  too_many_connections,    // the connection cap is reached (before the upgrade)
  internal,                // a bug or unexpected failure; details go to the log only
  not_found,               // unknown HTTP path
  method_not_allowed,      // known path, wrong method
  forbidden,               // Origin not allowed
  unsupported_media_type,  // REST body that is not declared as JSON
};

inline constexpr int kErrorCodeCount = static_cast<int>(ErrorCode::unsupported_media_type) + 1;

// The wire name, e.g. "bad_json".
std::string_view to_string(ErrorCode code) noexcept;

// The HTTP status a REST reply with this error uses (400, 403, 404, 405, 413, 415, 429, 500, 503).
int http_status(ErrorCode code) noexcept;

// One error as sent to a client: a code and a human-readable message that never holds internal detail.
struct Error {
  ErrorCode code = ErrorCode::internal;
  std::string message;
};

}  // namespace careerbot::protocol
