#include "dialog/session_state.hpp"

#include <nlohmann/json.hpp>

namespace careerbot::dialog {

void SessionState::add_turn(HistoryTurn turn, std::size_t max_turns) {
  history.push_back(std::move(turn));
  while (history.size() > max_turns) history.pop_front();
}

std::string SessionState::to_json() const {
  nlohmann::json j;
  j["career"] = career;
  j["last_intent"] = last_intent;
  j["last_route"] = last_route;
  j["profile"] = profile;
  j["flow"] = {
      {"name", flow.name}, {"slot", flow.slot}, {"reprompts", flow.reprompts}, {"finished", flow.finished}};
  auto& turns = j["history"] = nlohmann::json::array();
  for (const auto& turn : history)
    turns.push_back({{"user", turn.user}, {"bot", turn.bot}, {"intent", turn.intent}});
  j["created_at"] = created_at;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

SessionState SessionState::from_json(const std::string& text) {
  SessionState state;
  const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return state;
  try {
    state.career = j.value("career", "");
    state.last_intent = j.value("last_intent", "");
    state.last_route = j.value("last_route", "");
    if (j.contains("profile") && j["profile"].is_object())
      state.profile = j["profile"].get<std::map<std::string, std::string>>();
    if (j.contains("flow") && j["flow"].is_object()) {
      const auto& f = j["flow"];
      state.flow.name = f.value("name", "");
      state.flow.slot = f.value("slot", "");
      state.flow.reprompts = f.value("reprompts", 0);
      state.flow.finished = f.value("finished", false);
    }
    if (j.contains("history") && j["history"].is_array())
      for (const auto& t : j["history"])
        state.history.push_back({t.value("user", ""), t.value("bot", ""), t.value("intent", "")});
    state.created_at = j.value("created_at", std::int64_t{0});
  } catch (const nlohmann::json::exception&) {
    return SessionState{};
  }
  return state;
}

}  // namespace careerbot::dialog
