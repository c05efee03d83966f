#pragma once
// The Graph API request body that sends one careerbot reply to a WhatsApp number
// (POST {api_base}/{phone_number_id}/messages), within WhatsApp's limits:
// - Suggestions become reply buttons when they fit: one to three of them, each title at most 20
//   characters and all different, and the text at most 1,024 characters:
//     {"messaging_product":"whatsapp","recipient_type":"individual","to":"<number>","type":"interactive",
//      "interactive":{"type":"button","body":{"text":"..."},
//                     "action":{"buttons":[{"type":"reply","reply":{"id":"<title>","title":"<title>"}},...]}}}
//   A tap comes back as an "interactive" button_reply message whose title is the suggestion.
// - Otherwise a text message, the suggestions listed under it as "- " lines so none is lost (the
//   planner's questions offer up to seven answers):
//     {"messaging_product":"whatsapp","recipient_type":"individual","to":"<number>","type":"text",
//      "text":{"preview_url":false,"body":"..."}}
//   cut to 4,096 characters on a character boundary ("…"), the list kept whole.
// Characters are counted in UTF-16 units, as WhatsApp does.
//
// Pure and thread-safe.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace careerbot::net {

inline constexpr std::size_t kWhatsAppMaxTextChars = 4096;        // a text message's body
inline constexpr std::size_t kWhatsAppMaxButtonBodyChars = 1024;  // an interactive message's body
inline constexpr std::size_t kWhatsAppMaxButtons = 3;
inline constexpr std::size_t kWhatsAppMaxButtonTitleChars = 20;

// The request body (JSON) sending `text` (valid UTF-8) and `suggestions` to the number `to`, or
// nullopt when there is nothing to send (WhatsApp refuses an empty message).
std::optional<std::string> whatsapp_message_body(std::string_view to, std::string_view text,
                                                 const std::vector<std::string>& suggestions);

}  // namespace careerbot::net
