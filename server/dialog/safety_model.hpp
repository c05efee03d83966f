#pragma once
// The learned half of safeguarding: a fastText classifier (a separate model from the intent
// matcher's) over "none" and the safeguarding categories, trained on intents/safeguarding.examples.yaml
// (concern messages per category, near misses), the examples and near misses of safeguarding.yaml,
// and every intent example and out-of-scope example as "none".
//
// p(concern) = 1 - p(none). Recall comes first, so the thresholds are chosen on held-out data, not
// by hand: train() splits the examples of each label into kCalibrationFolds folds, scores every
// example with a model trained on the other folds (cross-fitting: all examples validate, so the
// thresholds rest on five times the data of one held-out fifth and move less when content changes),
// and takes
//   flag_threshold  = the highest threshold at which the patterns and the model together still catch
//                     >= 98% of held-out concern messages, but never so low that more than
//                     kFalseAlarmBudget of held-out ordinary messages would be flagged
//   check_threshold = the lowest threshold below it that puts at most 2% of held-out ordinary
//                     messages in the gentle-check band between the two
// then trains the final model on everything. A message at or above flag_threshold gets the
// category's calm reply; one between the two gets a gentle "are you okay?" with the helpline before
// its ordinary answer (safeguarding.hpp).
//
// Thread-safety: immutable after load(); share through shared_ptr<const SafetyModel>.

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "intent/text_classifier.hpp"

namespace careerbot::dialog {

inline constexpr std::string_view kNoConcernLabel = "none";
// Part of every cached model's key: raise it when training or calibration changes meaning.
inline constexpr std::string_view kSafetyModelVersion = "safety-model 15";
// Folds of the cross-fitted calibration: each trains a model on the other folds' examples.
inline constexpr int kCalibrationFolds = 5;
// The false-alarm budget: at most this share of held-out ordinary messages at or above the flag threshold.
// 1% until the fifteenth session, whose hard near misses raised the 1% point and cost recall
// (docs/classifier.md); 1.25% until the seventeenth, whose near misses shaped like distress (career
// questions with ordinary tiredness attached) raised the point again. With that batch, 1.5% caught 1 line
// fewer of the first fourteen blind sets than before it, 1.75% 8 more (2,894 of 2,957) for 8 more near
// misses (235 of 4,040); the calm crisis reply on 1 ordinary message in 60 would still not drown the real
// ones.
inline constexpr double kFalseAlarmBudget = 0.0175;

struct SafetyCalibration {
  double flag_threshold = 0.5;
  double check_threshold = 0.5;
  // Measured on the cross-fitted scores (every example scored by a model that did not see it).
  double recall = 0.0;             // concern messages at or above flag_threshold
  bool recall_target_met = false;  // false: the false-alarm budget, not the 98% recall, set the threshold
  double near_miss_flagged = 0.0;  // "none" messages at or above flag_threshold
  double near_miss_checked = 0.0;  // "none" messages at or above check_threshold
  std::size_t validation_examples = 0;  // examples scored (all of them)
};

struct SafetyVerdict {
  double concern = 0.0;       // p(concern)
  std::string_view category;  // the most likely concern category
};

class SafetyModel {
 public:
  // Examples are normalised already; labels are "none" or a category name. `caught_by_rules` tells
  // which messages the reviewed patterns already catch: recall is measured for rules and model
  // together, as the server checks them. Throws like TextClassifier::train.
  static std::string train(const std::vector<intent::LabeledText>& examples,
                           const intent::ClassifierParams& params,
                           const std::function<bool(const std::string&)>& caught_by_rules);
  // Everything train() reads, as one string (the model cache's key): the examples with their labels,
  // which of them the patterns catch, and the settings.
  static std::string training_key(const std::vector<intent::LabeledText>& examples,
                                  const intent::ClassifierParams& params,
                                  const std::function<bool(const std::string&)>& caught_by_rules);
  // Reads train()'s output; throws std::runtime_error on bytes it cannot read.
  static std::shared_ptr<const SafetyModel> load(const std::string& bytes);

  SafetyVerdict assess(std::string_view normalized) const;
  const SafetyCalibration& calibration() const noexcept { return calibration_; }
  const intent::TextClassifier& classifier() const noexcept { return *classifier_; }

 private:
  SafetyModel() = default;
  std::shared_ptr<const intent::TextClassifier> classifier_;
  SafetyCalibration calibration_;
};

}  // namespace careerbot::dialog
