#include "net/whatsapp_message.hpp"

#include <set>

#include <nlohmann/json.hpp>

#include "common/utf8.hpp"

namespace careerbot::net {
namespace {

using nlohmann::json;

// Shown above suggestions that could not be buttons: a typed answer works as well as a tap.
constexpr std::string_view kSuggestionsHeading = "Reply with one of these, or ask anything:";

bool fit_as_buttons(std::string_view text, const std::vector<std::string>& suggestions) {
  if (suggestions.empty() || suggestions.size() > kWhatsAppMaxButtons) return false;
  if (utf8::utf16_length(text) > kWhatsAppMaxButtonBodyChars) return false;
  std::set<std::string_view> titles;
  for (const auto& suggestion : suggestions) {
    const std::size_t length = utf8::utf16_length(suggestion);
    if (length == 0 || length > kWhatsAppMaxButtonTitleChars) return false;
    if (!titles.insert(suggestion).second) return false;  // WhatsApp refuses two buttons with one title
  }
  return true;
}

json envelope(std::string_view to) {
  return {{"messaging_product", "whatsapp"}, {"recipient_type", "individual"}, {"to", to}};
}

std::string dump(const json& body) {
  return body.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace

std::optional<std::string> whatsapp_message_body(std::string_view to, std::string_view text,
                                                 const std::vector<std::string>& suggestions) {
  if (fit_as_buttons(text, suggestions) && !text.empty()) {
    json buttons = json::array();
    for (const auto& suggestion : suggestions)
      buttons.push_back({{"type", "reply"}, {"reply", {{"id", suggestion}, {"title", suggestion}}}});
    json body = envelope(to);
    body["type"] = "interactive";
    body["interactive"] = {
        {"type", "button"}, {"body", {{"text", text}}}, {"action", {{"buttons", std::move(buttons)}}}};
    return dump(body);
  }

  std::string list;
  for (const auto& suggestion : suggestions) {
    if (!suggestion.empty()) list += "\n- " + suggestion;
  }
  if (!list.empty()) list = "\n\n" + std::string(kSuggestionsHeading) + list;
  // The list stays whole unless it alone would crowd out the answer (never with real content).
  if (utf8::utf16_length(list) > kWhatsAppMaxTextChars / 2) list.clear();
  std::string message = utf8::fit_utf16(text, kWhatsAppMaxTextChars - utf8::utf16_length(list));
  if (message.empty()) {
    if (list.empty()) return std::nullopt;
    list.erase(0, 2);  // no blank lines before the list when there is no text
  }
  message += list;
  json body = envelope(to);
  body["type"] = "text";
  body["text"] = {{"preview_url", false}, {"body", std::move(message)}};
  return dump(body);
}

}  // namespace careerbot::net
