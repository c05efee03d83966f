#include "protocol/server_message.hpp"

#include "common/json_writer.hpp"

namespace careerbot::protocol {

using nlohmann::json;

std::string dump(const json& value) {
  return value.dump(-1, ' ', /*ensure_ascii=*/false, json::error_handler_t::replace);
}

json reply_json(const dialog::Reply& reply, const json* reply_to) {
  json out = json::object();
  out["type"] = "reply";
  out["text"] = reply.text;
  out["intent"] = reply.intent;
  out["confidence"] = reply.confidence;
  out["career"] = reply.career ? json(*reply.career) : json(nullptr);
  out["suggestions"] = reply.suggestions;
  out["sources"] = reply.sources;
  if (reply_to != nullptr && !reply_to->is_null()) out["reply_to"] = *reply_to;
  if (reply.explain) out["explain"] = *reply.explain;
  return out;
}

// Written directly (no json tree, one escape pass per string): this runs for every message. The keys
// go in nlohmann's sorted order so the frame is byte for byte dump(reply_json(reply, reply_to)).
std::string serialize_reply(const dialog::Reply& reply, const json* reply_to) {
  namespace w = json_writer;
  std::string out;
  out.reserve(reply.text.size() + 256);
  out += '{';
  w::append_key(out, "career");
  if (reply.career)
    w::append_string(out, *reply.career);
  else
    out += "null";
  out += ',';
  w::append_key(out, "confidence");
  w::append_value(out, json(reply.confidence));
  if (reply.explain) {
    out += ',';
    w::append_key(out, "explain");
    w::append_value(out, *reply.explain);
  }
  out += ',';
  w::append_key(out, "intent");
  w::append_string(out, reply.intent);
  if (reply_to != nullptr && !reply_to->is_null()) {
    out += ',';
    w::append_key(out, "reply_to");
    w::append_value(out, *reply_to);
  }
  out += ',';
  w::append_key(out, "sources");
  w::append_string_array(out, reply.sources);
  out += ',';
  w::append_key(out, "suggestions");
  w::append_string_array(out, reply.suggestions);
  out += ',';
  w::append_key(out, "text");
  w::append_string(out, reply.text);
  out += ',';
  w::append_key(out, "type");
  w::append_string(out, "reply");
  out += '}';
  return out;
}

std::string serialize_welcome(const dialog::Welcome& welcome) {
  json out = json::object();
  out["type"] = "welcome";
  out["session_id"] = welcome.session_id;
  out["resumed"] = welcome.resumed;
  out["text"] = welcome.text;
  out["suggestions"] = welcome.suggestions;
  if (welcome.resumed) {
    json history = json::array();
    for (const auto& turn : welcome.history) {
      history.push_back({{"user", turn.user}, {"bot", turn.bot}, {"intent", turn.intent}});
    }
    out["history"] = std::move(history);
  }
  return dump(out);
}

std::string serialize_error(const Error& error) {
  return dump(json{{"type", "error"}, {"code", to_string(error.code)}, {"message", error.message}});
}

std::string serialize_chat_response(std::string_view session_id, const dialog::Reply& reply) {
  std::string out = "{";
  json_writer::append_key(out, "reply");
  out += serialize_reply(reply, nullptr);
  out += ',';
  json_writer::append_key(out, "session_id");
  json_writer::append_string(out, session_id);
  out += '}';
  return out;
}

std::string serialize_error_body(const Error& error) {
  return dump(json{{"error", {{"code", to_string(error.code)}, {"message", error.message}}}});
}

}  // namespace careerbot::protocol
