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
  w::Object frame(out);
  if (reply.career)
    frame.string("career", *reply.career);
  else
    frame.member("career") += "null";
  frame.value("confidence", json(reply.confidence));
  if (reply.explain) frame.value("explain", *reply.explain);
  frame.string("intent", reply.intent);
  if (reply_to != nullptr && !reply_to->is_null()) frame.value("reply_to", *reply_to);
  frame.strings("sources", reply.sources);
  frame.strings("suggestions", reply.suggestions);
  frame.string("text", reply.text);
  frame.string("type", "reply");
  frame.close();
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
  std::string out;
  json_writer::Object body(out);
  body.member("reply") += serialize_reply(reply, nullptr);
  body.string("session_id", session_id);
  body.close();
  return out;
}

std::string serialize_error_body(const Error& error) {
  return dump(json{{"error", {{"code", to_string(error.code)}, {"message", error.message}}}});
}

}  // namespace careerbot::protocol
