#pragma once
// The intent set: every file of an intents directory (format: intents/README.md) loaded, validated
// and frozen.
//
//   settings.yaml       matcher settings (optional)
//   lexicon.yaml        synonyms rewritten before matching (optional)
//   entities.yaml       entities pulled out of messages (optional)
//   words.yaml          `words:` list of common words that are never spelling-corrected (optional)
//   *.intents.yaml      the intents, read in file-name order (at least one intent overall)
//
// Loading is strict: every mistake a counsellor can make is a ContentError naming file:line.
//
// Thread-safety: an IntentSet is immutable once loaded; share it through shared_ptr<const IntentSet>.

#include <array>
#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "intent/entities.hpp"
#include "intent/lexicon.hpp"
#include "intent/settings.hpp"

namespace careerbot::intent {

// A line of content and where it came from.
struct SourceText {
  std::string text;
  std::size_t line = 0;
};

// "<word or phrase> <weight>"; the weight is optional (default 1). A phrase that ends in a number
// needs an explicit weight: "route 2 1".
struct Keyword {
  std::string phrase;
  double weight = 1.0;
  std::size_t line = 0;
};

// The roles the dialog engine gives intents (`role:`): it finds "the intent that starts over" by its
// role, never by its name, so intents can be renamed or translated freely. Each role belongs to at
// most one intent; careerbot-lint checks that every one is present (intents/README.md).
inline constexpr std::string_view kIntentRoles[] = {
    "restart",             // "start over", "cancel": leaves the planner and forgets the profile
    "answer_yes",          // "yes": in the planner, an answer that did not work rather than a question
    "answer_no",           // "no": the same
    "tell_more",           // "tell me more": the broader answer of the last topic (its `tell_more:`)
    "route_list",          // all routes: "that route" after it asks for the route in focus (one_route)
    "one_route",           // one route, by its number (also "the second one" after a list of routes)
    "stage_lengths",       // how long each stage takes: "that route" after it asks route_duration
    "route_duration",      // how long one route takes
    "abroad_route",        // the route abroad: while it is in focus, "there" means abroad
    "employer_list",       // all employers: "there" with the route abroad in focus asks employers_abroad
    "employers_abroad",    // employers outside India
    "employers_in_india",  // employers in India: all employers asked about an Indian city are these
    "requirements",        // the general requirement: also whether a degree counts (`degree_counts`)
};

// Who answers an intent instead of an answer template (`handled_by:`).
inline constexpr std::string_view kHandlers[] = {"planner", "follow_up"};

struct Intent {
  std::string name;  // unique, lower_snake_case; "fallback" is reserved
  std::string description;
  std::string answer;  // answer template name; defaults to `name`
  std::vector<SourceText> patterns;
  std::vector<Keyword> keywords;
  std::vector<SourceText> exclude;
  std::vector<std::string> required_entities;  // the `requires:` field (`requires` is a C++20 keyword)
  std::vector<std::string> suggestions;
  std::vector<SourceText> examples;

  // Behaviour the engine reads (intents/README.md, "Optional intent fields"); all optional.
  std::optional<double> pattern_weight;  // overrides settings.pattern_weight (0..100)
  std::string role;                      // one of kIntentRoles, or ""
  std::string tell_more;                 // the intent "tell me more" after this one answers; "" = this one
  std::string follow_up;                 // words put before a short follow-up to read it as this topic
  bool general = false;                  // answered with no career in focus, even for an unknown career
  bool fallback = false;                 // an honest "not covered": the reply carries intent "fallback"
  bool plan_when_personal = false;       // with the student's own situation, start the planner instead
  bool plan_only_when_asked = false;     // `plan_when_personal: asked`: only when they ask about their case
  std::string sets_route;                // the route number this answer puts in focus; "" for none
  std::string handled_by;                // one of kHandlers (no answer template), or ""
  bool ranked_list = false;              // its list runs from lowest to highest: "the top one" is the last

  std::string file;
  std::size_t line = 0;
};

class IntentSet {
 public:
  // Loads a directory. Throws ContentError (file:line) on the first problem: missing or duplicate
  // name, unknown field, a field of the wrong type, pattern RE2 rejects (with RE2's message), bad
  // keyword weight, unknown entity in `requires`, an unknown role or one given to two intents, `tell_more`
  // naming no intent, an example listed under two intents, an intent with neither patterns nor keywords.
  static std::shared_ptr<const IntentSet> load_directory(const std::string& directory);

  const Settings& settings() const noexcept { return settings_; }
  const std::vector<Intent>& intents() const noexcept { return intents_; }
  const std::vector<EntityDef>& entities() const noexcept { return entities_; }
  const std::shared_ptr<const Lexicon>& lexicon() const noexcept { return lexicon_; }
  // Words that count as correctly spelt: keywords, suggestions, pattern and lexicon words,
  // words.yaml (not examples: they may hold deliberate typos). The matcher adds the careers' names.
  const std::vector<std::string>& vocabulary() const noexcept { return vocabulary_; }
  // Correctly spelt words that are never corrected (words.yaml, settings' common_words), but are not
  // targets of corrections either.
  const std::vector<std::string>& known_words() const noexcept { return known_words_; }

  // The intent called `name`, or nullptr.
  const Intent* find(std::string_view name) const noexcept;
  // The intent with `role:` `role`, or nullptr.
  const Intent* with_role(std::string_view role) const noexcept;
  // True for entities.yaml names and the built-in "career".
  bool has_entity(std::string_view name) const noexcept;

 private:
  IntentSet() = default;
  void load_intents_file(const RecordNode& root);
  void validate();

  Settings settings_;
  std::shared_ptr<const Lexicon> lexicon_;
  std::vector<EntityDef> entities_;
  std::vector<Intent> intents_;
  std::vector<std::string> vocabulary_;
  std::vector<std::string> known_words_;
  // Per kIntentRoles entry, the index of the intent with that role (kNoIntent: none); set by validate().
  static constexpr std::size_t kNoIntent = static_cast<std::size_t>(-1);
  std::array<std::size_t, std::size(kIntentRoles)> role_owners_{};
};

// Literal words (3+ letters) written in a regular expression, skipping escapes such as \b or \d.
std::vector<std::string> pattern_words(std::string_view pattern);

}  // namespace careerbot::intent
