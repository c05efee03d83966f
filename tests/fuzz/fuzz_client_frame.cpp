// libFuzzer target: the parsers of everything a client sends (WebSocket text frames and the REST chat
// body), and the serialisation of what the server would send back. Properties checked besides "no
// crash, no sanitizer report": parsing never throws, an accepted message's text passes check_text, and
// echoing the text and id into a reply always serialises to valid JSON, and the flat-object fast path
// reads only what nlohmann reads, as nlohmann reads it.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <variant>

#include <nlohmann/json.hpp>

#include "protocol/client_message.hpp"
#include "protocol/flat_json.hpp"
#include "protocol/server_message.hpp"

using namespace careerbot;

namespace {

void require(bool condition) {
  if (!condition) std::abort();  // libFuzzer reports the input that broke a property
}

// The server's reply to `text` must always be valid JSON, whatever the text and id hold.
void check_reply_serialises(std::string_view text, const nlohmann::json* id) {
  dialog::Reply reply;
  reply.text = std::string(text);
  reply.intent = "fallback";
  const std::string frame = protocol::serialize_reply(reply, id);
  require(nlohmann::json::accept(frame));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const protocol::Limits limits{.max_text_chars = 200};

  if (const auto flat = protocol::parse_flat_object(input)) {
    const auto full = nlohmann::json::parse(input, nullptr, /*allow_exceptions=*/false);
    require(!full.is_discarded() && full.dump() == flat->dump());
  }

  const auto frame = protocol::parse_client_frame(input, limits);
  if (const auto* message = std::get_if<protocol::MessageRequest>(&frame)) {
    require(!protocol::check_text(message->text, limits).has_value());
    check_reply_serialises(message->text, message->id ? &*message->id : nullptr);
  } else if (const auto* error = std::get_if<protocol::Error>(&frame)) {
    require(nlohmann::json::accept(protocol::serialize_error(*error)));
  }

  const auto request = protocol::parse_chat_request(input, limits);
  if (const auto* chat = std::get_if<protocol::ChatRequest>(&request)) {
    require(!protocol::check_text(chat->text, limits).has_value());
    dialog::Reply reply;
    reply.text = chat->text;
    require(nlohmann::json::accept(protocol::serialize_chat_response(chat->session_id, reply)));
  }
  return 0;
}
