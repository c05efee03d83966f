#include "protocol/client_message.hpp"

#include "common/utf8.hpp"
#include "protocol/flat_json.hpp"

namespace careerbot::protocol {
namespace {

using nlohmann::json;

Error make_error(ErrorCode code, std::string message) {
  return Error{code, std::move(message)};
}

bool is_blank(std::string_view text) {
  for (char c : text) {
    if (c != ' ' && c != '\n' && c != '\t' && c != '\r' && c != '\v' && c != '\f') return false;
  }
  return true;
}

// True for C0 controls other than \n and \t, DEL, and C1 controls (U+0080..U+009F, which UTF-8
// encodes as 0xC2 0x80..0x9F).
bool has_control_characters(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x20 && byte != '\n' && byte != '\t') return true;
    if (byte == 0x7F) return true;
    if (byte == 0xC2 && i + 1 < text.size()) {
      const auto next = static_cast<unsigned char>(text[i + 1]);
      if (next >= 0x80 && next <= 0x9F) return true;
    }
  }
  return false;
}

// Parses `input` into an object: flat objects (nearly every frame) in one pass, anything else with
// nlohmann. json::parse with allow_exceptions=false returns a discarded value on failure, so no
// exception is thrown for bad input.
std::optional<json> parse_object(std::string_view input) {
  if (auto flat = parse_flat_object(input)) return flat;
  json value = json::parse(input, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded() || !value.is_object()) return std::nullopt;
  return value;
}

// The fields a WebSocket message and a REST chat body share: "explain" (optional) and "text".
std::optional<Error> read_explain_and_text(nlohmann::json& object, const Limits& limits, bool& explain,
                                           std::string& text) {
  if (const auto flag = object.find("explain"); flag != object.end() && !flag->is_null()) {
    if (!flag->is_boolean()) return make_error(ErrorCode::bad_json, "\"explain\" must be true or false");
    explain = flag->get<bool>();
  }
  const auto field = object.find("text");
  if (field == object.end() || !field->is_string()) {
    return make_error(ErrorCode::bad_text, "\"text\" must be a string");
  }
  text = std::move(field->get_ref<std::string&>());
  return check_text(text, limits);
}

}  // namespace

std::optional<Error> check_text(std::string_view text, const Limits& limits) {
  if (is_blank(text)) return make_error(ErrorCode::bad_text, "text must not be empty");
  if (has_control_characters(text)) {
    return make_error(ErrorCode::bad_text, "text must not contain control characters");
  }
  if (utf8::length(text) > limits.max_text_chars) {
    return make_error(ErrorCode::too_large,
                      "text is longer than " + std::to_string(limits.max_text_chars) + " characters");
  }
  return std::nullopt;
}

ClientFrame parse_client_frame(std::string_view frame, const Limits& limits) {
  auto object = parse_object(frame);
  if (!object) return make_error(ErrorCode::bad_json, "the frame must be a JSON object");

  const auto type = object->find("type");
  if (type == object->end() || !type->is_string()) {
    return make_error(ErrorCode::bad_type, "\"type\" must be \"message\" or \"reset\"");
  }
  const auto& type_name = type->get_ref<const std::string&>();
  if (type_name == "reset") return ResetRequest{};
  if (type_name != "message") {
    return make_error(ErrorCode::bad_type, "\"type\" must be \"message\" or \"reset\"");
  }

  MessageRequest request;
  if (const auto id = object->find("id"); id != object->end() && !id->is_null()) {
    if (id->is_structured()) {
      return make_error(ErrorCode::bad_json, "\"id\" must be a string, number or boolean");
    }
    request.id = std::move(*id);
  }
  if (auto error = read_explain_and_text(*object, limits, request.explain, request.text)) return *error;
  return request;
}

std::variant<ChatRequest, Error> parse_chat_request(std::string_view body, const Limits& limits) {
  auto object = parse_object(body);
  if (!object) return make_error(ErrorCode::bad_json, "the body must be a JSON object");

  ChatRequest request;
  if (const auto id = object->find("session_id"); id != object->end() && !id->is_null()) {
    if (!id->is_string()) return make_error(ErrorCode::bad_json, "\"session_id\" must be a string");
    request.session_id = id->get<std::string>();
  }
  if (auto error = read_explain_and_text(*object, limits, request.explain, request.text)) return *error;
  return request;
}

}  // namespace careerbot::protocol
