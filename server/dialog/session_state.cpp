#include "dialog/session_state.hpp"

#include <cstdint>
#include <limits>

#include <nlohmann/json.hpp>

#include "common/json_writer.hpp"

namespace careerbot::dialog {
namespace {

// A whole number stored under `key`, or `fallback` when it is missing, not an integer or out of T's
// range: a corrupt row ("reprompts": 2222222222.2) must not become undefined behaviour on conversion.
template <typename T>
T whole_number(const nlohmann::json& j, const char* key, T fallback) {
  const auto it = j.find(key);
  if (it == j.end()) return fallback;
  if (it->is_number_unsigned()) {
    const auto value = it->get<std::uint64_t>();
    return value <= static_cast<std::uint64_t>(std::numeric_limits<T>::max()) ? static_cast<T>(value)
                                                                              : fallback;
  }
  if (!it->is_number_integer()) return fallback;
  const auto value = it->get<std::int64_t>();
  return value >= std::numeric_limits<T>::min() && value <= std::numeric_limits<T>::max()
             ? static_cast<T>(value)
             : fallback;
}

}  // namespace

void SessionState::add_turn(HistoryTurn turn, std::size_t max_turns) {
  history.push_back(std::move(turn));
  while (history.size() > max_turns) history.pop_front();
}

// Written directly (no json tree): the persister serialises every changed session, history and all,
// several times a second under load. Keys in nlohmann's sorted order: the text is byte for byte what
// dumping the equivalent nlohmann object wrote before, and what from_json reads.
std::string SessionState::to_json() const {
  namespace w = json_writer;
  std::string out;
  std::size_t history_bytes = 0;
  for (const auto& turn : history)
    history_bytes += turn.user.size() + turn.bot.size() + turn.intent.size() + 32;
  out.reserve(history_bytes + 256);
  w::Object state(out);
  state.string("career", career);
  state.integer("created_at", created_at);
  w::Object flow_object(state.member("flow"));
  flow_object.boolean("finished", flow.finished);
  flow_object.string("name", flow.name);
  flow_object.integer("reprompts", flow.reprompts);
  flow_object.string("slot", flow.slot);
  flow_object.close();
  state.member("history") += '[';
  for (std::size_t i = 0; i < history.size(); ++i) {
    if (i > 0) out += ',';
    w::Object turn(out);
    turn.string("bot", history[i].bot);
    turn.string("intent", history[i].intent);
    turn.string("user", history[i].user);
    turn.close();
  }
  out += ']';
  state.string("last_intent", last_intent);
  state.integer("last_item", last_item);
  state.strings("last_list", last_list);  // keys in sorted order, as nlohmann writes them
  state.string("last_route", last_route);
  state.integer("last_step", last_step);
  state.string("previous_route", previous_route);
  w::Object profile_object(state.member("profile"));
  for (const auto& [key, value] : profile) profile_object.string(key, value);  // a std::map: sorted
  profile_object.close();
  state.close();
  return out;
}

SessionState SessionState::from_json(const std::string& text) {
  SessionState state;
  const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return state;
  try {
    state.career = j.value("career", "");
    state.last_intent = j.value("last_intent", "");
    state.last_route = j.value("last_route", "");
    state.last_step = whole_number(j, "last_step", 0);
    state.previous_route = j.value("previous_route", "");
    state.last_item = whole_number(j, "last_item", 0);
    if (j.contains("last_list") && j["last_list"].is_array())
      for (const auto& key : j["last_list"])
        if (key.is_string()) state.last_list.push_back(key.get<std::string>());
    if (j.contains("profile") && j["profile"].is_object())
      state.profile = j["profile"].get<std::map<std::string, std::string>>();
    if (j.contains("flow") && j["flow"].is_object()) {
      const auto& f = j["flow"];
      state.flow.name = f.value("name", "");
      state.flow.slot = f.value("slot", "");
      state.flow.reprompts = whole_number(f, "reprompts", 0);
      state.flow.finished = f.value("finished", false);
    }
    if (j.contains("history") && j["history"].is_array())
      for (const auto& t : j["history"])
        state.history.push_back({t.value("user", ""), t.value("bot", ""), t.value("intent", "")});
    state.created_at = whole_number(j, "created_at", std::int64_t{0});
  } catch (const nlohmann::json::exception&) {
    return SessionState{};
  }
  return state;
}

}  // namespace careerbot::dialog
