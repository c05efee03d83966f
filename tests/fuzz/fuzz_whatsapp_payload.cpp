// libFuzzer target: the WhatsApp webhook body parser, which reads whatever a signed delivery holds.
// Properties besides "no crash, no sanitizer report": it never throws, every message it returns has an
// id, a sender and a business number, and building the reply body for any text it read (with its
// suggestions-as-buttons rules) always gives valid JSON.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include <nlohmann/json.hpp>

#include "net/whatsapp_message.hpp"
#include "net/whatsapp_payload.hpp"

namespace {

void require(bool condition) {
  if (!condition) std::abort();  // libFuzzer reports the input that broke a property
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  try {
    const auto delivery = careerbot::net::parse_whatsapp_delivery(body);
    if (!delivery) return 0;
    for (const auto& message : delivery->messages) {
      require(!message.id.empty() && !message.from.empty());
      // The reply body with the message's own text as text and as a suggestion (a button title).
      const auto reply = careerbot::net::whatsapp_message_body(message.from, message.text, {message.text});
      if (reply) require(nlohmann::json::accept(*reply));
    }
  } catch (...) {
    require(false);
  }
  return 0;
}
