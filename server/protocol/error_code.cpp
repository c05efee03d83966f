#include "protocol/error_code.hpp"

namespace careerbot::protocol {

std::string_view to_string(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::bad_json:
      return "bad_json";
    case ErrorCode::bad_type:
      return "bad_type";
    case ErrorCode::bad_text:
      return "bad_text";
    case ErrorCode::too_large:
      return "too_large";
    case ErrorCode::rate_limited:
      return "rate_limited";
    case ErrorCode::unavailable:
      return "unavailable";
    case ErrorCode::too_many_connections:
      return "too_many_connections";
    case ErrorCode::internal:
      return "internal";
    case ErrorCode::not_found:
      return "not_found";
    case ErrorCode::method_not_allowed:
      return "method_not_allowed";
    case ErrorCode::forbidden:
      return "forbidden";
    case ErrorCode::unsupported_media_type:
      return "unsupported_media_type";
  }
  return "internal";
}

int http_status(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::bad_json:
    case ErrorCode::bad_type:
    case ErrorCode::bad_text:
      return 400;
    case ErrorCode::forbidden:
      return 403;
    case ErrorCode::not_found:
      return 404;
    case ErrorCode::method_not_allowed:
      return 405;
    case ErrorCode::too_large:
      return 413;
    case ErrorCode::unsupported_media_type:
      return 415;
    case ErrorCode::rate_limited:
      return 429;
    case ErrorCode::unavailable:
    case ErrorCode::too_many_connections:
      return 503;
    case ErrorCode::internal:
      return 500;
  }
  return 500;
}

}  // namespace careerbot::protocol
