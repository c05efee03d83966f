#pragma once
// A guided flow defined as data (intents/flows/*.yaml): an ordered list of slots, each with a question
// and quick-reply options, asked only when the slot is still unknown and its `ask_if` holds. The flow
// also carries the wording the planner uses for its recommendation.
//
// Thread-safety: immutable after load.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dialog/phrase_index.hpp"
#include "dialog/plan_rules.hpp"
#include "intent/matcher.hpp"

namespace careerbot::dialog {

struct FlowOption {
  std::string label;         // what the quick-reply button says
  std::string folded_label;  // the label folded once at load: every answer is compared with it
  std::string value;         // what goes into the profile
  // Short answers that mean this option when they are a whole clause ("India." for "No, in India"),
  // folded: "nope no master's. certs maybe. India. fastest" answers the abroad question too.
  std::vector<std::string> says;
  // Whole answers that mean this option only as the answer to its own question ("commerce" asked for
  // a degree, "12th only" asked for a degree), never read from a message about something else:
  // asked for the stream, "commerce" is the stream. Folded.
  std::vector<std::string> says_when_asked;
};

// `SLOT=VALUE1,VALUE2` in a flow file: holds when the profile has SLOT with one of the values.
struct SlotCondition {
  std::string slot;  // empty: no condition
  std::vector<std::string> values;

  bool holds(const std::map<std::string, std::string>& profile) const;
};

struct FlowSlot {
  std::string slot;      // profile key; also the entity name that can fill it from free text
  SlotCondition ask_if;  // asked only when this holds (or when there is none)
  std::string question;
  // The question asked another way (`rephrase:`), for a second answer in a row that could not be
  // used: the same "Sorry, I couldn't use that answer" twice would only repeat what did not work.
  std::string rephrase;
  std::vector<FlowOption> options;
  // Words that name a yes/no slot's subject ("masters", "ms", "certifications"), folded: they let
  // one message answer several questions (FlowDef::read_topics).
  std::vector<std::string> topic;
  std::size_t line = 0;

  std::vector<std::string> labels() const;
  // A yes/no question (a wish: master's, certifications, abroad), as opposed to a fact about the student.
  bool yes_no() const;
};

// A "what if ...?" the recommendation offers (`what_ifs:`): only when `when` holds (if it has one) and
// `unless` does not, so that it asks about a change ("What if I do a master's?" is not offered after
// "yes" to a master's).
struct WhatIf {
  std::string ask;
  SlotCondition when;
  std::vector<SlotCondition> unless;  // not offered when any of these holds

  bool applies(const std::map<std::string, std::string>& profile) const;
};

class FlowDef {
 public:
  // Throws ContentError (file:line) for missing fields, duplicate slots, an ask_if or a what-if's
  // unless naming an unknown slot, or a slot without options.
  static std::shared_ptr<const FlowDef> load(const std::string& path);

  const std::string& name() const noexcept { return name_; }
  const std::string& start_intent() const noexcept { return start_intent_; }
  int max_reprompts() const noexcept { return max_reprompts_; }
  const std::vector<FlowSlot>& slots() const noexcept { return slots_; }
  const FlowSlot* find(std::string_view slot) const;
  // Ways of answering a question that this flow knows: its yes and unsure phrases ("thinking about
  // it", "haan") and its quick replies; not its no phrases ("can't", "i don't want", "never"), which
  // distress uses too. The safety classifier learns them as no concern.
  std::vector<std::string> answer_texts() const;

  // The first slot that applies to `profile` and is not filled yet, or nullptr when done.
  const FlowSlot* next_slot(const std::map<std::string, std::string>& profile) const;

  // Reads an answer to `slot` from the student's message: a tapped option label, the entity of the
  // same name, yes/no words for yes/no questions, or an option label inside the text. nullopt when
  // the message does not answer the question. In a message that `asks` something, yes/no words count
  // only when they open it or the message names the question's subject: in "my parents want me to do
  // btech first, is that ok?", asked about a master's, "want" answers nothing.
  std::optional<std::string> interpret(const FlowSlot& slot, std::string_view text,
                                       const intent::MatchResult& match, bool asks = false) const;

  // True when the message names one of the slot's options only after a negation ("not working yet"
  // asked where the student is in their studies): an answer that rules one out, not a question.
  bool negates_option(const FlowSlot& slot, std::string_view text) const;

  // The yes/no slots one message answers in passing ("no master's for me, certifications if
  // possible"): for each slot whose topic words appear, the answer phrase nearest them decides,
  // looking first after the topic (up to the next topic named), else before it (back to the previous
  // one). Slots without `topic:` are left to their entities. Returns slot -> value.
  std::map<std::string, std::string> read_topics(std::string_view text) const;

  // Wording: a top-level text ("intro", "reprompt", ...) or one from a section ("result", "reasons",
  // "fields", "streams"); "" when absent.
  const std::string& text(std::string_view key) const;
  const std::string& text(std::string_view section, std::string_view key) const;
  const std::vector<std::string>& result_suggestions() const noexcept { return result_suggestions_; }
  // Slots an early answer does not wait for (`early_answer_skips:`): they refine the time, not the route.
  bool early_answer_skips(std::string_view slot) const {
    return std::find(early_answer_skips_.begin(), early_answer_skips_.end(), slot) !=
           early_answer_skips_.end();
  }
  // Whether the message corrects an earlier answer ("sorry, I meant 12th"; `corrections:` phrases).
  bool corrects(std::string_view text) const;
  // Whether the message opens with how students answer a yes/no question ("i won't", "not planning
  // to"): it may answer a waiting question, which only the session knows.
  bool opens_with_answer(std::string_view text) const;
  // The what-ifs that would change something for this profile, in file order.
  std::vector<std::string> what_ifs(const std::map<std::string, std::string>& profile) const;
  // How the planner weighs routes (`recommendation:`); empty rules when the flow has none.
  const PlanRules& plan() const noexcept { return plan_; }

 private:
  std::string name_, start_intent_;
  int max_reprompts_ = 2;
  std::vector<FlowSlot> slots_;
  std::map<std::string, std::string, std::less<>> texts_;
  // How students say yes, no and "not sure" to a yes/no question (`answers:` in the flow file):
  // (folded phrase, value), longest phrase first.
  std::vector<std::pair<std::string, std::string>> answer_phrases_;
  PhraseIndex answer_index_;  // the phrases of answer_phrases_, in its order
  std::vector<std::string> result_suggestions_;
  std::vector<std::string> corrections_;  // folded and padded once
  std::vector<std::string> early_answer_skips_;
  std::vector<WhatIf> what_ifs_;
  PlanRules plan_;
};

// Lower-case ASCII letters and digits with single spaces: "Have a bachelor's!" -> "have a bachelor s".
std::string fold_words(std::string_view text);

// A folded word that opens a question: "what", "is", "can", "kya", "konsa", ...
bool is_asking_word(std::string_view word);

}  // namespace careerbot::dialog
