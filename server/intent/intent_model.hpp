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
// mean"). rule_weight, threshold and margin are not set by hand: train() holds out every fifth
// example of each label, trains on the rest, picks the values that maximise balanced accuracy (in
// scope and out of scope weigh the same) on the held-out fifth, then trains the final model on every
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
inline constexpr std::string_view kIntentModelVersion = "intent-model 6";

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
  // Measured on the validation fifth with the values above.
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

// Builds the evidence for one message from the classifier's probabilities (any order) and the rules'
// confidences, scores it and sorts it best first (ties: lower intent index first). Intents for which
// `allowed` is false (e.g. a required entity is missing) are left out. Labels the intent set no
// longer has are dropped.
void combine(const std::vector<LabelProbability>& probabilities,
             const std::vector<std::uint32_t>& label_intents,
             const std::vector<std::pair<std::uint32_t, double>>& rules, double rule_weight,
             const std::function<bool(std::uint32_t)>& allowed, std::vector<LabelEvidence>& evidence);

class IntentModel {
 public:
  // Rule confidences (intent index, confidence) and the normalised text of one message.
  struct RuleView {
    std::string text;  // what the classifier reads: classifier_input()
    std::vector<std::pair<std::uint32_t, double>> rules;
  };
  using RuleScorer = std::function<RuleView(const std::string& text)>;

  // Trains (twice: validation, then final) and returns the stored form. `labels[i]` is an intent
  // name or "out_of_scope"; `answers_fallback[i]` tells whether intent i replies with the fallback
  // (an out_of_scope example classified there counts as recognised). `noise`: each example trained
  // on also gives that many noisy copies (noisy_copies.hpp); the validation fifth is asked as
  // written, so calibration measures the examples and not their copies. Throws like
  // TextClassifier::train.
  struct TrainingExample {
    std::string label;
    std::string text;  // as written; the scorer normalises it
  };
  static std::string train(const IntentSet& set, const std::vector<TrainingExample>& examples,
                           const RuleScorer& rules, const ClassifierParams& params,
                           const NoiseOptions& noise);

  // Reads train()'s output and maps the model's labels onto `set`'s intents (labels the set no longer
  // has are ignored). Throws std::runtime_error on bytes it cannot read.
  static std::shared_ptr<const IntentModel> load(const std::string& bytes, const IntentSet& set);

  const TextClassifier& classifier() const noexcept { return *classifier_; }
  const Calibration& calibration() const noexcept { return calibration_; }
  // Per classifier label (the classifier's order): intent index, or LabelEvidence::kOutOfScope.
  const std::vector<std::uint32_t>& label_intents() const noexcept { return label_intents_; }

 private:
  IntentModel() = default;
  std::shared_ptr<const TextClassifier> classifier_;
  Calibration calibration_;
  std::vector<std::uint32_t> label_intents_;
};

}  // namespace careerbot::intent
