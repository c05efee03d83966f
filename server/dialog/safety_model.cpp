#include "dialog/safety_model.hpp"

#include <algorithm>
#include <map>
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

// The highest threshold (in steps of 0.01) at which at least `recall` of `concern` scores are caught.
double threshold_for_recall(std::vector<double> concern, double recall) {
  if (concern.empty()) return 0.5;
  std::sort(concern.begin(), concern.end());
  double best = 0.01;
  for (int t = 1; t <= 99; ++t) {
    const double threshold = t / 100.0;
    const auto caught = concern.end() - std::lower_bound(concern.begin(), concern.end(), threshold);
    if (static_cast<double>(caught) >= recall * static_cast<double>(concern.size())) best = threshold;
  }
  return best;
}

double share_at_or_above(const std::vector<double>& scores, double threshold) {
  if (scores.empty()) return 0.0;
  const auto n = std::count_if(scores.begin(), scores.end(), [&](double s) { return s >= threshold; });
  return static_cast<double>(n) / static_cast<double>(scores.size());
}

}  // namespace

std::string SafetyModel::train(const std::vector<intent::LabeledText>& examples,
                               const intent::ClassifierParams& params) {
  std::vector<intent::LabeledText> fit, held_out;
  std::map<std::string, std::size_t> seen;
  for (const auto& e : examples) (++seen[e.label] % 5 == 0 ? held_out : fit).push_back(e);

  const auto validation_model = intent::TextClassifier::load(intent::TextClassifier::train(fit, params));
  std::vector<double> concern, none;
  std::vector<intent::LabelProbability> probabilities;
  for (const auto& e : held_out) {
    validation_model->predict(e.text, probabilities);
    (e.label == kNoConcernLabel ? none : concern).push_back(concern_probability(probabilities));
  }
  SafetyCalibration c;
  c.flag_threshold = threshold_for_recall(concern, 0.98);
  c.check_threshold = std::min(c.flag_threshold, threshold_for_recall(concern, 0.995));
  c.recall = share_at_or_above(concern, c.flag_threshold);
  c.near_miss_flagged = share_at_or_above(none, c.flag_threshold);
  c.near_miss_checked = share_at_or_above(none, c.check_threshold);
  c.validation_examples = held_out.size();

  const nlohmann::json meta = {{"flag_threshold", c.flag_threshold},
                               {"check_threshold", c.check_threshold},
                               {"recall", c.recall},
                               {"near_miss_flagged", c.near_miss_flagged},
                               {"near_miss_checked", c.near_miss_checked},
                               {"validation_examples", c.validation_examples},
                               {"params", params.describe()}};
  std::string stored(kHeader);
  stored += meta.dump();
  stored += '\n';
  stored += intent::TextClassifier::train(examples, params);
  return stored;
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
    c.validation_examples = meta.at("validation_examples").get<std::size_t>();
  } catch (const std::exception& e) {
    throw std::runtime_error(std::string("safety model: bad calibration line: ") + e.what());
  }
  model->classifier_ = intent::TextClassifier::load(bytes.substr(meta_end + 1));
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
