#pragma once
// What careerbot remembers of one conversation: the career in focus, the last topic, what the
// student told us about themselves, where a guided flow stands, and a bounded history of turns.
// Serialised as JSON text for the session store (session_store.hpp). Plain value; not thread-safe
// on its own (the chatbot locks one session at a time).

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include "dialog/chat_service.hpp"

namespace careerbot::dialog {

struct FlowState {
  std::string name;       // active flow ("planner"), empty when none
  std::string slot;       // the slot whose question is waiting for an answer
  int reprompts = 0;      // re-prompts for this slot so far (bounded: no flow loops forever)
  bool finished = false;  // the flow gave its recommendation (what-if questions re-use the profile)
  bool active() const noexcept { return !name.empty() && !finished; }
};

struct SessionState {
  std::string career;       // slug of the career in focus, empty when none yet
  std::string last_intent;  // the last topic answered
  std::string last_route;   // the route in focus ("2"), for "how long does that route take?"
  // The route in focus before it, when the student moved from one route to another ("route 3", "and
  // route 1?", then "of these two which is faster?"); "" when none.
  std::string previous_route;
  // The step of that route last shown on its own (1-based; 0 = none), for "then what?".
  int last_step = 0;
  // The items of the last list the bot showed, in its order, as fact keys ("the third one").
  std::vector<std::string> last_list;
  // The item of that list last shown on its own (1-based; 0 = none), for "and after that?".
  int last_item = 0;
  std::map<std::string, std::string> profile;  // education, stream, degree_field, masters_wish, ...
  FlowState flow;
  std::deque<HistoryTurn> history;  // oldest first, at most the configured number of turns
  std::uint64_t version = 0;        // store version of the last save
  std::int64_t created_at = 0;

  void add_turn(HistoryTurn turn, std::size_t max_turns);
  std::string to_json() const;
  // Parses what to_json wrote; a malformed text yields a fresh state (a corrupt row loses one
  // conversation's memory, never the server).
  static SessionState from_json(const std::string& text);
};

}  // namespace careerbot::dialog
