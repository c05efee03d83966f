#pragma once
// One conversational turn, as a pure function of the content, the session state and the message:
// no locks, no I/O. The chatbot wraps it with session lookup and persistence; explain runs it on a
// copy of the state.
//
// Order of decisions: empty -> fallback; safeguarding (a message showing distress, self-harm, abuse or a
// results crisis gets the calm safeguarding reply in every state; the flow is paused, not lost); over-long
// text -> fallback; "start over" in any state; an answer to
// the planner's waiting question (or an off-flow question answered, then the offer to continue);
// the planner's start; "what if ..." after a plan; a career we have no guide for; follow-ups on the
// last topic ("tell me more", "and in India?", "that route"); then the matched intent's answer, or
// the honest fallback with related facts and suggestions.

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "dialog/chat_service.hpp"
#include "dialog/content.hpp"
#include "dialog/safeguarding.hpp"
#include "dialog/session_state.hpp"

namespace careerbot::dialog {

struct Turn {
  Reply reply;
  intent::MatchResult match;
  std::string answered_intent;         // the intent whose answer was given (gaps reply as "fallback")
  std::vector<std::string> fact_keys;  // knowledge used
  std::string route;        // why: "flow", "flow_resume", "what_if", "follow_up", "intent", "fallback", ...
  bool unanswered = false;  // a genuine fallback, worth recording for counsellors
  std::optional<Concern> concern;  // safeguarding: flag for follow-up, keep the text out of history
};

// Safeguarding decided from the message alone, before any session is looked up: it needs no state and
// no store, so a crisis message is answered even when the session store is down. `match` is the
// matcher's result the turn goes on to use (absent for empty and over-long messages).
struct Screening {
  // The message as it is matched: trimmed, and the guide's own words quoted back left out
  // (guide_quotes.hpp). Worked out once here; the turn reads this, not the raw text.
  std::string text;
  std::optional<intent::MatchResult> match;
  std::optional<Concern> concern;
  // The message tells the planner about the student (a stage, a stream, a wish). The classifier is
  // least reliable on those ("i want to stay in india, close to home"), so its concern is decided
  // with the session: a plan that is waiting may be answered, after a gentle check.
  bool tells_planner = false;
  // A short message that opens with how students answer a yes/no question ("i won't", "not planning
  // to"; the classifier scored both above 0.97): it may answer the planner's waiting question, which
  // only the session knows. Unlike tells_planner it does not raise the classifier's bar.
  bool may_answer_planner = false;
  // A concern that replaces the whole answer whatever the session holds: a reviewed pattern, or the
  // classifier flagging with the certainty a plan's answer would need too (kCareerQuestionBar) on a
  // message that tells the planner nothing and may not answer it. Its reply depends on nothing but the
  // message. Other concerns are decided with the session (and still answered when the store is down).
  bool definite() const noexcept {
    return concern && !concern->unsure &&
           (concern->pattern || (concern->probability >= Safeguarding::kCareerQuestionBar && !tells_planner &&
                                 !may_answer_planner));
  }
};
Screening screen(const Content& content, std::string_view text);

// `contacts`: the deployment's helpline and counsellor for safeguarding replies (empty: the file's).
// `screened`: screen()'s result for this text, so the message is not matched twice.
Turn respond(const Content& content, SessionState& state, std::string_view text,
             const SafeguardingContacts& contacts = {}, const Screening* screened = nullptr);

// The explain account of a turn: matcher details plus the decision.
nlohmann::json explain_turn(const Turn& turn, const SessionState& state_after);

}  // namespace careerbot::dialog
