#include "dialog/safety_model.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace careerbot::dialog {
namespace {

constexpr std::string_view kHeader = "careerbot-safety-model 1\n";

double concern_probability(const std::vector<intent::LabelProbability>& probabilities) {
  for (const auto& p : probabilities)
    if (p.label == kNoConcernLabel) return 1.0 - p.probability;
  return 1.0;
}

// The highest threshold (in steps of 0.01) at which at least `recall` of all concern messages are
// caught: `by_rules` of them by the patterns, the rest when their score (`concern`) reaches it.
double threshold_for_recall(std::vector<double> concern, std::size_t by_rules, double recall) {
  const double total = static_cast<double>(concern.size() + by_rules);
  if (total == 0) return 0.5;
  std::sort(concern.begin(), concern.end());
  double best = 0.01;
  for (int t = 1; t <= 99; ++t) {
    const double threshold = t / 100.0;
    const auto caught = concern.end() - std::lower_bound(concern.begin(), concern.end(), threshold);
    if (static_cast<double>(caught) + static_cast<double>(by_rules) >= recall * total) best = threshold;
  }
  return best;
}

// The lowest threshold (down from `flag`, in steps of 0.01, never below kCheckFloor) at which at most
// 2% of ordinary messages fall in the gentle-check band [threshold, flag): a gentle "are you okay?"
// costs little, but not on every other question. The floor: a model very sure of ordinary messages
// let the band reach p = 0.01, and nonsense ("purple elephants dancing on the moon") got the check.
constexpr int kCheckFloor = 8;  // hundredths
double check_threshold(const std::vector<double>& none, double flag) {
  if (none.empty()) return flag;
  double best = flag;
  for (int t = static_cast<int>(flag * 100) - 1; t >= kCheckFloor; --t) {
    const double threshold = t / 100.0;
    const auto in_band =
        std::count_if(none.begin(), none.end(), [&](double s) { return s >= threshold && s < flag; });
    if (static_cast<double>(in_band) > 0.02 * static_cast<double>(none.size())) break;
    best = threshold;
  }
  return best;
}

// The lowest threshold (in steps of 0.01) at which at most `budget` of ordinary messages score at
// or above it.
double lowest_threshold_within(const std::vector<double>& none, double budget) {
  for (int t = 1; t <= 99; ++t) {
    const double threshold = t / 100.0;
    const auto n = std::count_if(none.begin(), none.end(), [&](double s) { return s >= threshold; });
    if (static_cast<double>(n) <= budget * static_cast<double>(none.size())) return threshold;
  }
  return 0.99;
}

double share_at_or_above(const std::vector<double>& scores, double threshold) {
  if (scores.empty()) return 0.0;
  const auto n = std::count_if(scores.begin(), scores.end(), [&](double s) { return s >= threshold; });
  return static_cast<double>(n) / static_cast<double>(scores.size());
}

}  // namespace

std::string SafetyModel::train(const std::vector<intent::LabeledText>& examples,
                               const intent::ClassifierParams& params,
                               const std::function<bool(const std::string&)>& caught_by_rules) {
  // Cross-fitted scores: every example is scored once, by a model trained on the other folds. One
  // held-out fifth gave ~20 ordinary messages above the 1% budget, too few to place a threshold: a
  // 1% change of content moved it from 0.51 to 0.77 (docs/classifier.md, 2026-12-06 safety6).
  std::vector<int> fold_of(examples.size());
  std::map<std::string, std::size_t> seen;
  for (std::size_t i = 0; i < examples.size(); ++i)
    fold_of[i] = static_cast<int>(++seen[examples[i].label] % kCalibrationFolds);
  std::vector<double> concern, none;  // model scores of what the patterns leave to the model
  std::size_t by_rules = 0;
  std::vector<intent::LabelProbability> probabilities;
  for (int fold = 0; fold < kCalibrationFolds; ++fold) {
    std::vector<intent::LabeledText> fit;
    std::set<std::string_view> labels;
    for (std::size_t i = 0; i < examples.size(); ++i)
      if (fold_of[i] != fold) {
        fit.push_back(examples[i]);
        labels.insert(examples[i].label);
      }
    if (labels.size() < 2) continue;  // a corpus too small to hold this fold out: it stays unscored
    const auto fold_model = intent::TextClassifier::load(intent::TextClassifier::train(fit, params));
    for (std::size_t i = 0; i < examples.size(); ++i) {
      if (fold_of[i] != fold) continue;
      const auto& e = examples[i];
      fold_model->predict(e.text, probabilities);
      if (e.label == kNoConcernLabel) {
        none.push_back(concern_probability(probabilities));
      } else if (caught_by_rules(e.text)) {
        ++by_rules;
      } else {
        concern.push_back(concern_probability(probabilities));
      }
    }
  }
  SafetyCalibration c;
  // Recall first, within a false-alarm budget: the calm crisis reply on many ordinary messages would
  // drown the real ones (and frighten a student who asked about routes).
  c.flag_threshold = std::max(threshold_for_recall(concern, by_rules, 0.98),
                              lowest_threshold_within(none, kFalseAlarmBudget));
  c.check_threshold = check_threshold(none, c.flag_threshold);
  c.recall_target_met = c.flag_threshold <= threshold_for_recall(concern, by_rules, 0.98);
  c.recall = (share_at_or_above(concern, c.flag_threshold) * static_cast<double>(concern.size()) +
              static_cast<double>(by_rules)) /
             std::max(1.0, static_cast<double>(concern.size() + by_rules));
  c.near_miss_flagged = share_at_or_above(none, c.flag_threshold);
  c.near_miss_checked = share_at_or_above(none, c.check_threshold);
  c.validation_examples = examples.size();

  const nlohmann::json meta = {{"flag_threshold", c.flag_threshold},
                               {"check_threshold", c.check_threshold},
                               {"recall", c.recall},
                               {"near_miss_flagged", c.near_miss_flagged},
                               {"near_miss_checked", c.near_miss_checked},
                               {"recall_target_met", c.recall_target_met},
                               {"validation_examples", c.validation_examples},
                               {"params", params.describe()}};
  std::string stored(kHeader);
  stored += meta.dump();
  stored += '\n';
  stored += intent::TextClassifier::train(examples, params);
  return stored;
}

std::string SafetyModel::training_key(const std::vector<intent::LabeledText>& examples,
                                      const intent::ClassifierParams& params,
                                      const std::function<bool(const std::string&)>& caught_by_rules) {
  std::string key = std::string(kSafetyModelVersion) + "\n" + params.describe() + "\n";
  for (const auto& e : examples)
    key +=
        e.label + (e.label != kNoConcernLabel && caught_by_rules(e.text) ? "+rules\t" : "\t") + e.text + "\n";
  return key;
}

std::shared_ptr<const SafetyModel> SafetyModel::load(const std::string& bytes) {
  if (!bytes.starts_with(kHeader)) throw std::runtime_error("not a careerbot safety model");
  const std::size_t meta_end = bytes.find('\n', kHeader.size());
  if (meta_end == std::string::npos) throw std::runtime_error("safety model: no calibration line");
  const auto meta =
      nlohmann::json::parse(bytes.substr(kHeader.size(), meta_end - kHeader.size()), nullptr, false);
  std::shared_ptr<SafetyModel> model(new SafetyModel());
  try {
    if (meta.is_discarded()) throw std::runtime_error("not JSON");
    SafetyCalibration& c = model->calibration_;
    c.flag_threshold = meta.at("flag_threshold").get<double>();
    c.check_threshold = meta.at("check_threshold").get<double>();
    c.recall = meta.at("recall").get<double>();
    c.near_miss_flagged = meta.at("near_miss_flagged").get<double>();
    c.near_miss_checked = meta.at("near_miss_checked").get<double>();
    c.recall_target_met = meta.at("recall_target_met").get<bool>();
    c.validation_examples = meta.at("validation_examples").get<std::size_t>();
  } catch (const std::exception& e) {
    throw std::runtime_error(std::string("safety model: bad calibration line: ") + e.what());
  }
  model->classifier_ = intent::TextClassifier::load(std::string_view(bytes).substr(meta_end + 1));
  const auto& labels = model->classifier_->labels();
  if (std::find(labels.begin(), labels.end(), kNoConcernLabel) == labels.end())
    throw std::runtime_error("safety model has no 'none' label");
  return model;
}

SafetyVerdict SafetyModel::assess(std::string_view normalized) const {
  thread_local std::vector<intent::LabelProbability> probabilities;
  classifier_->predict(normalized, probabilities);
  SafetyVerdict verdict{concern_probability(probabilities), {}};
  for (const auto& p : probabilities)  // best first: the first concern label is the likeliest
    if (p.label != kNoConcernLabel) {
      verdict.category = p.label;
      break;
    }
  return verdict;
}

}  // namespace careerbot::dialog
