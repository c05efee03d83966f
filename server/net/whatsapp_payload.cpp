#include "net/whatsapp_payload.hpp"

#include <nlohmann/json.hpp>

namespace careerbot::net {
namespace {

using nlohmann::json;

// The string at `key` of an object, or nullptr: payload fields are read without trusting their shape.
const std::string* string_at(const json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  const auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return nullptr;
  return &it->get_ref<const std::string&>();
}

const json* object_at(const json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  const auto it = object.find(key);
  return it == object.end() || !it->is_object() ? nullptr : &*it;
}

const json* array_at(const json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  const auto it = object.find(key);
  return it == object.end() || !it->is_array() ? nullptr : &*it;
}

// What the student said or chose, for the message kinds that are chat turns.
const std::string* text_of(const json& message, const std::string& type) {
  if (type == "text") {
    const json* text = object_at(message, "text");
    return text ? string_at(*text, "body") : nullptr;
  }
  if (type == "interactive") {
    const json* interactive = object_at(message, "interactive");
    if (!interactive) return nullptr;
    for (const char* reply : {"button_reply", "list_reply"}) {
      if (const json* chosen = object_at(*interactive, reply)) return string_at(*chosen, "title");
    }
    return nullptr;
  }
  if (type == "button") {  // a template message's quick-reply button
    const json* button = object_at(message, "button");
    return button ? string_at(*button, "text") : nullptr;
  }
  return nullptr;
}

void read_value(const json& value, WhatsAppDelivery& delivery) {
  if (const json* statuses = array_at(value, "statuses")) delivery.statuses += statuses->size();
  const json* messages = array_at(value, "messages");
  if (!messages) return;
  const json* metadata = object_at(value, "metadata");
  const std::string* phone_number_id = metadata ? string_at(*metadata, "phone_number_id") : nullptr;
  for (const json& message : *messages) {
    const std::string* type = string_at(message, "type");
    const std::string* id = string_at(message, "id");
    const std::string* from = string_at(message, "from");
    const std::string* text = type ? text_of(message, *type) : nullptr;
    if (!type) {
      delivery.ignored.emplace_back("message without type");
    } else if (!text) {
      // "unsupported" (WhatsApp could not read it), media, reactions, or a malformed text/button.
      delivery.ignored.push_back(*type);
    } else if (!id || id->empty() || !from || from->empty() || !phone_number_id) {
      delivery.ignored.emplace_back(*type + " without id, sender or business number");
    } else {
      delivery.messages.push_back({*id, *from, *phone_number_id, *text});
    }
  }
}

}  // namespace

std::optional<WhatsAppDelivery> parse_whatsapp_delivery(std::string_view body) {
  const json root = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded() || !root.is_object()) return std::nullopt;
  const std::string* object = string_at(root, "object");
  if (!object || *object != "whatsapp_business_account") return std::nullopt;

  WhatsAppDelivery delivery;
  const json* entries = array_at(root, "entry");
  if (!entries) return delivery;
  for (const json& entry : *entries) {
    const json* changes = array_at(entry, "changes");
    if (!changes) continue;
    for (const json& change : *changes) {
      const std::string* field = string_at(change, "field");
      const json* value = object_at(change, "value");
      if (!field || *field != "messages" || !value) {
        delivery.ignored.push_back("field:" + (field ? *field : std::string("?")));
        continue;
      }
      const std::string* product = string_at(*value, "messaging_product");
      if (product && *product != "whatsapp") {
        delivery.ignored.push_back("product:" + *product);
        continue;
      }
      read_value(*value, delivery);
    }
  }
  return delivery;
}

}  // namespace careerbot::net
