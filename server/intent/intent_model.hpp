#pragma once
// The learned half of intent matching: a fastText classifier over intents plus `out_of_scope`, and
// the one formula that combines its probabilities with the rules' evidence (intents/README.md,
// "Scoring"):
//
//   score(intent)       = (1 - rule_weight) x p(intent) + rule_weight x rule_confidence(intent)
//   score(out_of_scope) = (1 - rule_weight) x p(out_of_scope)
//
// The best score names the intent when it is an intent and reaches `threshold`; otherwise the reply
// is the fallback. A runner-up within `margin` of the winner makes the result ambiguous ("did you
// mean"). rule_weight, threshold and margin are not set by hand: train() scores every example with
// a model trained on the other four fifths (cross-fitted), picks the values that maximise balanced
// accuracy (in scope and out of scope weigh the same; rule weight in steps of 0.05, threshold in
// steps of 0.01, each point judged with its neighbours), then trains the final model on every
// example. The chosen values and their validation accuracy travel with the model.
//
// Thread-safety: immutable after train()/load(); share through shared_ptr<const IntentModel>.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <map>
#include <string>
#include <string_view>

#include "intent/noisy_copies.hpp"
#include "intent/text_classifier.hpp"

namespace careerbot::intent {

class IntentSet;

// Part of every cached model's key: raise it when training or calibration changes meaning.
inline constexpr std::string_view kIntentModelVersion = "intent-model 8";

// What the intent classifier reads: the normalised text, then one token per entity the rules found
// ("_city_", "_stream_", "_other_career_", ...), in name order, the career itself and the `hidden`
// entities (sorted names; those with `classifier_token: false`) left out. A city or course the examples
// never named still tells the model "a city was asked about", so "who hires in Kolkata" learns from every
// example that names any city. Training and prediction both use it. Normalised text has no '_'.
std::string classifier_input(std::string_view normalized, const std::map<std::string, std::string>& entities,
                             std::span<const std::string> hidden = {});

struct Calibration {
  double rule_weight = 0.3;
  double threshold = 0.3;
  double margin = 0.0;
  // Measured on the cross-fitted validation scores with the values above.
  double in_scope_accuracy = 0.0;
  double out_of_scope_accuracy = 0.0;
  std::size_t validation_examples = 0;
};

// One label's evidence for combine(): the intent's index (or kOutOfScope) and its scores.
struct LabelEvidence {
  static constexpr std::uint32_t kOutOfScope = 0xffffffffu;
  static constexpr std::uint32_t kUnknown = 0xfffffffeu;  // a label the intent set no longer has
  std::uint32_t intent = kOutOfScope;
  double probability = 0.0;  // the classifier's
  double rule = 0.0;         // the rules' confidence, 0 when no rule fired
  double score = 0.0;        // combined
};

// The classifier's labels mapped onto an intent set, both ways (made once per model).
struct LabelMap {
  static constexpr std::uint32_t kNoLabel = 0xffffffffu;
  std::vector<std::uint32_t> intent_of_label;  // intent index, LabelEvidence::kOutOfScope or kUnknown
  std::vector<std::uint32_t> label_of_intent;  // classifier label, or kNoLabel (no examples yet)

  // From the label -> intent direction, for a set of `intents` intents.
  static LabelMap from_label_intents(std::vector<std::uint32_t> intent_of_label, std::size_t intents);
};

// Builds the evidence for one message from the classifier's probabilities of every label (any order)
// and the rules' confidences (one entry per intent), and scores it. The best `ranked` entries come
// first, best first (ties: lower intent index first); the rest follow in no particular order, so a
// caller that reads the top few saves sorting them all. Intents in `blocked` (sorted; e.g. a required
// entity is missing) are left out, and so are labels the intent set no longer has. Time grows with
// the number of labels and rules, never with their product.
void combine(const std::vector<LabelProbability>& probabilities, const LabelMap& labels,
             const std::vector<std::pair<std::uint32_t, double>>& rules, double rule_weight,
             std::span<const std::uint32_t> blocked, std::vector<LabelEvidence>& evidence,
             std::size_t ranked = SIZE_MAX);

// Puts the best `ranked` entries of `evidence` first, in combine()'s order.
void rank_evidence(std::vector<LabelEvidence>& evidence, std::size_t ranked = SIZE_MAX);

class IntentModel {
 public:
  // Rule confidences (intent index, confidence) and the normalised text of one message.
  struct RuleView {
    std::string text;  // what the classifier reads: classifier_input()
    std::vector<std::pair<std::uint32_t, double>> rules;
  };
  using RuleScorer = std::function<RuleView(const std::string& text)>;

  // Trains (five fold models for calibration, then the final one) and returns the stored form.
  // `labels[i]` is an intent name or "out_of_scope"; `answers_fallback[i]` tells whether intent i
  // replies with the fallback (an out_of_scope example classified there counts as recognised).
  // `noise`: each example trained on also gives that many noisy copies (noisy_copies.hpp); each
  // example is scored for calibration as written, by the fold model that did not train on it (nor on
  // its copies), so calibration measures the examples and not their copies. Throws like
  // TextClassifier::train.
  struct TrainingExample {
    std::string label;
    std::string text;  // as written; the scorer normalises it
  };
  static std::string train(const IntentSet& set, const std::vector<TrainingExample>& examples,
                           const RuleScorer& rules, const ClassifierParams& params,
                           const NoiseOptions& noise);
  // Everything train() reads, as one string, the format version first: the model cache's key.
  // Training is deterministic, so content edits that leave it alone (answers, follow-up words,
  // flows) get the same model back.
  static std::string training_key(const IntentSet& set, const std::vector<TrainingExample>& examples,
                                  const RuleScorer& rules, const ClassifierParams& params,
                                  const NoiseOptions& noise);

  // Reads train()'s output and maps the model's labels onto `set`'s intents (labels the set no longer
  // has are ignored). Throws std::runtime_error on bytes it cannot read.
  static std::shared_ptr<const IntentModel> load(const std::string& bytes, const IntentSet& set);

  const TextClassifier& classifier() const noexcept { return *classifier_; }
  const Calibration& calibration() const noexcept { return calibration_; }
  // The classifier's labels and the intents, both ways.
  const LabelMap& labels() const noexcept { return labels_; }

 private:
  IntentModel() = default;
  std::shared_ptr<const TextClassifier> classifier_;
  Calibration calibration_;
  LabelMap labels_;
};

}  // namespace careerbot::intent
