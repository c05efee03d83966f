#pragma once
// Serialisation of what the server sends: reply, welcome and error frames, and the REST bodies.
// Pure functions, thread-safe. Output is compact JSON; invalid UTF-8 in any string is replaced with
// U+FFFD rather than throwing (error_handler_t::replace).

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "dialog/chat_service.hpp"
#include "protocol/error_code.hpp"

namespace careerbot::protocol {

// {"type":"reply","text","intent","confidence","career"(null when none),"suggestions","sources",
//  "reply_to" (only when `reply_to` is non-null)}
nlohmann::json reply_json(const dialog::Reply& reply, const nlohmann::json* reply_to = nullptr);
std::string serialize_reply(const dialog::Reply& reply, const nlohmann::json* reply_to = nullptr);

// {"type":"welcome","session_id","resumed","text","suggestions", "history" (only when resumed)}
std::string serialize_welcome(const dialog::Welcome& welcome);

// {"type":"error","code","message"}
std::string serialize_error(const Error& error);

// REST: {"session_id":"...","reply":{...the reply object...}}
std::string serialize_chat_response(std::string_view session_id, const dialog::Reply& reply);

// REST: {"error":{"code":"...","message":"..."}}
std::string serialize_error_body(const Error& error);

// Compact JSON that never throws on invalid UTF-8.
std::string dump(const nlohmann::json& value);

}  // namespace careerbot::protocol
