#pragma once
// The matcher: classifies one student message against an IntentSet.
//
// Per message: normalise (normalizer.hpp), run ONE RE2::Set match over every intent pattern, exclude
// pattern and entity pattern at once, look keywords up in the postings index, fill entities, then
// score each intent that got any evidence:
//   raw = pattern_weight x [a pattern matched] + sum of the weights of distinct keywords found
//   confidence = raw / (raw + saturation)
// An intent whose exclude pattern matched, or whose `requires` entities are missing, scores 0.
// Without a trained model (attach_model), the best intent wins when its confidence reaches
// `threshold`, else the result is "fallback"; it is ambiguous when the runner-up is within
// `ambiguity_margin`. Ties go to the intent listed first.
//
// With a model, the classifier's probabilities and these rule confidences are combined by the one
// formula in intent_model.hpp, with the weight, threshold and margin the model was calibrated with;
// an `out_of_scope` winner is the fallback. Required entities still gate an intent either way.
//
// If the pattern set's DFA runs out of memory, the matcher does not report "no match": it falls back
// to running each compiled pattern on its own (slower, same answer).
//
// Thread-safety: immutable after construction. match() may be called from any number of threads at
// once without locks; it compiles nothing and keeps its scratch space in thread_local buffers.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "intent/entities.hpp"
#include "intent/intent_model.hpp"
#include "intent/intent_set.hpp"
#include "intent/keyword_index.hpp"
#include "intent/normalizer.hpp"

namespace re2 {
class RE2;
}

namespace careerbot::intent {

struct Candidate {
  std::string intent;
  double confidence = 0.0;    // the decision's score (rules alone, or combined with the classifier)
  double rule = 0.0;          // the rules' confidence
  double probability = -1.0;  // the classifier's, -1 without a model
  double raw = 0.0;
  std::vector<std::string> patterns;                     // sources of the patterns that matched
  std::vector<std::pair<std::string, double>> keywords;  // keywords found, with their weights
};

struct MatchResult {
  std::string intent;          // "fallback" when below threshold
  double confidence = 0.0;     // the best candidate's, even on fallback (0 when nothing matched)
  bool ambiguous = false;      // runner-up within margin of the winner
  std::vector<Candidate> top;  // best first, up to 5
  // The classifier's top five labels with their probabilities ("out_of_scope" included); empty
  // without a model. For explain.
  std::vector<std::pair<std::string, double>> classifier_top;
  // Every intent the rules gave evidence (intent index, rule confidence), for calibration.
  std::vector<std::pair<std::uint32_t, double>> rules;
  std::map<std::string, std::string>
      entities;  // {"education":"class12","career":"machine-learning-specialist"}
  std::string normalized;
  std::vector<std::string> tokens;
  std::vector<std::pair<std::string, std::string>> corrections;  // (as written, corrected)
  bool out_of_scope = false;  // the classifier's out-of-scope class won (intent is "fallback")
  std::string from_sentence;  // the sentence whose intent this is, when not the whole message
};

inline constexpr std::string_view kFallbackIntent = "fallback";

class Matcher {
 public:
  // Compiles every pattern once. `careers` feed the built-in `career` entity and the spelling
  // vocabulary. `never_corrected`: words the spelling correction must leave as typed, besides the
  // intents' own known words (the safeguarding examples' words: "marna" must never become "karna").
  // Throws ContentError if the pattern set cannot be compiled.
  Matcher(std::shared_ptr<const IntentSet> intents, std::vector<CareerName> careers,
          const std::vector<std::string>& never_corrected = {});
  ~Matcher();
  Matcher(const Matcher&) = delete;
  Matcher& operator=(const Matcher&) = delete;

  // Adds the trained classifier. Call once, before the matcher is shared between threads.
  void attach_model(std::shared_ptr<const IntentModel> model) { model_ = std::move(model); }
  // One training example as IntentModel::train needs it: the classifier's input and the rules'
  // evidence.
  IntentModel::RuleView training_view(const std::string& text) const;
  const IntentModel* model() const noexcept { return model_.get(); }

  // Classifies valid UTF-8 `text` (any length; linear time). Never throws for student input
  // except std::bad_alloc. A message of several sentences that the whole-text match is unsure of
  // (and not sure is out of scope) takes the intent of its one sentence the matcher is clearly surer
  // of, small talk aside: students ramble, then ask ("my 10th result came today!! ... what does an ML
  // person do?").
  // Entities always come from the whole message.
  MatchResult match(std::string_view text) const;
  // One sentence of a message, read alone: its text, word count, whether it asks ('?') and entities.
  struct Sentence {
    std::string text;
    std::size_t words = 0;
    bool asks = false;
    std::map<std::string, std::string> entities;
  };
  // Each sentence of `text` read alone (split as match() splits them), or empty for a message of one
  // sentence. Entities of the whole message may join the end of one sentence to the start of the next
  // ("masters probably not. certifications I can manage" reads "not certifications"); the planner
  // checks its yes/no answers against these.
  std::vector<Sentence> sentence_entities(std::string_view text) const;
  // The entities of `text` alone, as match() finds them, without scoring any intent (no classifier):
  // for readings that need only what the message says about the student.
  std::map<std::string, std::string> entities_of(std::string_view text) const;

  // A structured account of a result: normalised text, tokens, corrections, entities, and the top
  // candidates with their scores, matched patterns and keyword hits.
  static nlohmann::json explain(const MatchResult& result);

  const IntentSet& intent_set() const noexcept { return *intents_; }
  const Normalizer& normalizer() const noexcept { return *normalizer_; }
  // How many times the pattern set failed (e.g. DFA out of memory) and each pattern ran alone.
  std::uint64_t set_failures() const noexcept;

 private:
  enum class Role : std::uint8_t { pattern, exclude, entity };
  struct SetEntry {
    Role role;
    std::uint32_t owner;  // intent index, or entity index
    std::uint32_t value;  // entity value index (entities only)
    const std::string* source;
    std::unique_ptr<re2::RE2> re;  // the same pattern alone: fallback matching and entity capture
  };
  struct Scratch;
  class PatternSet;

  MatchResult match_whole(std::string_view text) const;  // the message as one piece
  void find_patterns(std::string_view text, std::vector<int>& hits) const;
  void fill_entities(std::string_view text, const std::vector<int>& hits,
                     const std::vector<std::string>& stems, MatchResult& result) const;

  std::shared_ptr<const IntentSet> intents_;
  std::unique_ptr<Normalizer> normalizer_;
  std::unique_ptr<KeywordIndex> keywords_;
  CareerFinder careers_;
  std::vector<std::string> hidden_entities_;  // `classifier_token: false`, sorted
  std::vector<SetEntry> entries_;
  std::vector<double> pattern_weights_;       // per intent
  std::vector<std::uint32_t> gated_intents_;  // intents with `requires` entities, in index order
  std::unique_ptr<PatternSet> set_;
  std::shared_ptr<const IntentModel> model_;
  std::uint64_t id_;  // tells this matcher's thread_local scratch apart from another's
};

}  // namespace careerbot::intent
