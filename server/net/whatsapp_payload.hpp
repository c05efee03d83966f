#pragma once
// Reading a WhatsApp Business Cloud API webhook body (after its signature was checked):
//   {"object":"whatsapp_business_account","entry":[{"id":"<WABA id>","changes":[{"field":"messages",
//    "value":{"messaging_product":"whatsapp","metadata":{"phone_number_id":"<id>",...},
//             "contacts":[...],"messages":[...],"statuses":[...]}}]}]}
// One body may batch several entries, changes and messages; they are returned in the order sent.
//
// What becomes a chat turn: a "text" message (text.body) and a tap on one of our reply buttons
// ("interactive" with button_reply, or list_reply; a template's quick reply "button" too): its title
// is what the student chose. Everything else is counted, never answered: delivery statuses, other
// message kinds (image, audio, sticker, reaction, location, ...), changes of other fields, and
// entries without the fields a reply needs.
//
// Pure and thread-safe; no sockets.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace careerbot::net {

struct WhatsAppMessage {
  std::string id;               // "wamid...": the same id on a repeated delivery
  std::string from;             // the sender's number (wa_id), digits only; never log it
  std::string phone_number_id;  // the business number it was sent to
  std::string text;             // the text, or the title of the button tapped
};

struct WhatsAppDelivery {
  std::vector<WhatsAppMessage> messages;  // those to answer, in order
  std::size_t statuses = 0;               // sent/delivered/read/failed receipts of our replies
  std::vector<std::string> ignored;       // kinds not answered ("image", "reaction", "field:account_update")
};

// The delivery in `body`, or nullopt when it is not a JSON object from "whatsapp_business_account".
// Malformed parts inside a valid body are skipped (listed in `ignored`), never fatal.
std::optional<WhatsAppDelivery> parse_whatsapp_delivery(std::string_view body);

}  // namespace careerbot::net
