#pragma once
// Parsing of what clients send: WebSocket text frames and the REST chat body. Pure functions,
// thread-safe, no I/O.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include <nlohmann/json.hpp>

#include "protocol/error_code.hpp"

namespace careerbot::protocol {

// The limits parsing enforces (config: max_text_chars).
struct Limits {
  std::size_t max_text_chars = 8000;  // counted in code points, never bytes
};

// {"type":"message","text":"...","id":<optional scalar>}
struct MessageRequest {
  std::string text;                  // valid UTF-8, not blank, no control characters but \n and \t
  std::optional<nlohmann::json> id;  // a string, number or boolean; echoed as "reply_to"
  bool explain = false;              // "explain":true asks for the decision's account in the reply
};

// {"type":"reset"}
struct ResetRequest {};

using ClientFrame = std::variant<MessageRequest, ResetRequest, Error>;

// Parses one WebSocket text frame. Never throws; every problem comes back as an Error with code
// bad_json, bad_type, bad_text or too_large. An "id" of null counts as no id.
ClientFrame parse_client_frame(std::string_view frame, const Limits& limits);

// POST /api/v1/chat {"session_id":"<optional>","text":"..."}
struct ChatRequest {
  std::string session_id;  // empty when absent (starts a new conversation)
  std::string text;
  bool explain = false;  // "explain":true, as on the WebSocket
};

// Parses a REST chat body with the same text rules as the WebSocket. Never throws.
std::variant<ChatRequest, Error> parse_chat_request(std::string_view body, const Limits& limits);

// Checks student text: returns the error (bad_text or too_large) or nullopt when acceptable.
// `text` must already be valid UTF-8 (JSON parsing guarantees it).
std::optional<Error> check_text(std::string_view text, const Limits& limits);

}  // namespace careerbot::protocol
