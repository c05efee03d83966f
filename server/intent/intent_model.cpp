#include "intent/intent_model.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "intent/entities.hpp"
#include "intent/example_corpus.hpp"
#include "intent/intent_set.hpp"

namespace careerbot::intent {
namespace {

constexpr std::string_view kHeader = "careerbot-intent-model 1\n";

// Calibration scores every example once, with a model trained on the other folds (cross-fitted, as
// the safety model is): with one validation fifth, two reworded examples moved the threshold by a
// whole grid step (docs/classifier.md, intents7).
constexpr std::size_t kCalibrationFolds = 5;

// One validation message, scored once; the grid search only recombines these numbers.
struct ValidationCase {
  std::uint32_t expected = LabelEvidence::kOutOfScope;
  std::vector<LabelProbability> probabilities;
  std::vector<std::pair<std::uint32_t, double>> rules;
  const LabelMap* labels = nullptr;  // the labels of the fold model that scored it
};

LabelMap map_labels(const TextClassifier& classifier, const IntentSet& set) {
  std::vector<std::uint32_t> mapped;
  for (const std::string& label : classifier.labels()) {
    if (label == kOutOfScopeLabel) {
      mapped.push_back(LabelEvidence::kOutOfScope);
    } else if (const Intent* intent = set.find(label)) {
      mapped.push_back(static_cast<std::uint32_t>(intent - set.intents().data()));
    } else {
      mapped.push_back(LabelEvidence::kUnknown);
    }
  }
  return LabelMap::from_label_intents(std::move(mapped), set.intents().size());
}

std::vector<bool> fallback_intents(const IntentSet& set) {
  std::vector<bool> flags;
  for (const Intent& intent : set.intents()) flags.push_back(intent.fallback);
  return flags;
}

// The intent a best label with this score names, or kOutOfScope for the fallback.
std::uint32_t decide_best(std::uint32_t intent, double score, double threshold,
                          const std::vector<bool>& fallback) {
  if (intent == LabelEvidence::kOutOfScope || score < threshold || fallback[intent])
    return LabelEvidence::kOutOfScope;
  return intent;
}

// The intent the reply names, or kOutOfScope for the fallback.
std::uint32_t decide(const std::vector<LabelEvidence>& ranked, double threshold,
                     const std::vector<bool>& fallback) {
  if (ranked.empty()) return LabelEvidence::kOutOfScope;
  return decide_best(ranked.front().intent, ranked.front().score, threshold, fallback);
}

struct Accuracy {
  double in_scope = 0.0, out_of_scope = 0.0;
  double balanced() const { return (in_scope + out_of_scope) / 2; }
};

Calibration calibrate(const std::vector<ValidationCase>& cases, const std::vector<bool>& fallback) {
  std::vector<LabelEvidence> ranked;

  // The grid: rule weight 0.00..0.70 in steps of 0.05, threshold 0.10..0.70 in steps of 0.01. For
  // each weight every case is combined once (its best label and score); the thresholds only re-read
  // those. Each point is then judged by the mean balanced accuracy of its neighbours within 0.10 of
  // rule weight and 0.05 of threshold (the same window as the 3x3 mean of the former 0.1 x 0.05
  // grid), so that a lucky spike does not pick the settings. With 0.05 steps the choice jumped a
  // whole step when 19 of 8,800 examples were reworded (0.30 <-> 0.35; docs/classifier.md, intents8);
  // with 0.01 steps both corpora chose 0.32.
  constexpr int kWeights = 15, kThresholds = 61;
  constexpr int kWeightWindow = 2, kThresholdWindow = 5;
  const auto weight_at = [](int w) { return w / 20.0; };
  const auto threshold_at = [](int t) { return (t + 10) / 100.0; };
  std::vector<Accuracy> grid(static_cast<std::size_t>(kWeights * kThresholds));
  struct Top {
    std::uint32_t intent;
    double score;
    bool in_scope;
  };
  std::vector<Top> tops(cases.size());
  std::size_t in = 0, out = 0;
  for (const ValidationCase& c : cases) (c.expected == LabelEvidence::kOutOfScope ? out : in) += 1;
  for (int w = 0; w < kWeights; ++w) {
    for (std::size_t i = 0; i < cases.size(); ++i) {
      const ValidationCase& c = cases[i];
      combine(c.probabilities, *c.labels, c.rules, weight_at(w), {}, ranked, 1);
      Top top{LabelEvidence::kOutOfScope, 0.0, c.expected != LabelEvidence::kOutOfScope};
      if (!ranked.empty()) {
        top.intent = ranked.front().intent;
        top.score = ranked.front().score;
      }
      tops[i] = top;
    }
    for (int t = 0; t < kThresholds; ++t) {
      const double threshold = threshold_at(t);
      std::size_t in_right = 0, out_right = 0;
      for (std::size_t i = 0; i < cases.size(); ++i) {
        const Top& top = tops[i];
        const bool right = decide_best(top.intent, top.score, threshold, fallback) == cases[i].expected;
        (top.in_scope ? in_right : out_right) += right;
      }
      grid[static_cast<std::size_t>(w * kThresholds + t)] =
          Accuracy{in ? double(in_right) / double(in) : 1.0, out ? double(out_right) / double(out) : 1.0};
    }
  }
  Calibration best;
  double best_balanced = -1;
  for (int w = 0; w < kWeights; ++w) {
    for (int t = 0; t < kThresholds; ++t) {
      double sum = 0;
      int n = 0;
      for (int dw = -kWeightWindow; dw <= kWeightWindow; ++dw)
        for (int dt = -kThresholdWindow; dt <= kThresholdWindow; ++dt)
          if (w + dw >= 0 && w + dw < kWeights && t + dt >= 0 && t + dt < kThresholds) {
            sum += grid[static_cast<std::size_t>((w + dw) * kThresholds + t + dt)].balanced();
            ++n;
          }
      // Strictly better only: among equals the lower rule weight and threshold win, the plainest.
      if (sum / n > best_balanced + 1e-9) {
        best_balanced = sum / n;
        best.rule_weight = weight_at(w);
        best.threshold = threshold_at(t);
        best.in_scope_accuracy = grid[static_cast<std::size_t>(w * kThresholds + t)].in_scope;
        best.out_of_scope_accuracy = grid[static_cast<std::size_t>(w * kThresholds + t)].out_of_scope;
      }
    }
  }
  // The "did you mean" margin: asking helps when the winner is wrong and the runner-up right, and
  // costs a question when the winner was right. Keep the margin with the best balance (0 if none),
  // and only if it helps at least one validation question in two hundred (less is noise).
  int best_gain = static_cast<int>(cases.size() / 200);
  for (int m = 1; m <= 20; ++m) {
    const double margin = m / 100.0;
    int gain = 0;
    for (const ValidationCase& c : cases) {
      combine(c.probabilities, *c.labels, c.rules, best.rule_weight, {}, ranked, 2);
      const std::uint32_t winner = decide(ranked, best.threshold, fallback);
      if (winner == LabelEvidence::kOutOfScope || ranked.size() < 2) continue;
      if (ranked[1].intent == LabelEvidence::kOutOfScope || ranked[0].score - ranked[1].score >= margin)
        continue;
      if (winner != c.expected && ranked[1].intent == c.expected) ++gain;
      if (winner == c.expected) --gain;
    }
    if (gain > best_gain) {
      best_gain = gain;
      best.margin = margin;
    }
  }
  best.validation_examples = cases.size();
  return best;
}

}  // namespace

LabelMap LabelMap::from_label_intents(std::vector<std::uint32_t> intent_of_label, std::size_t intents) {
  LabelMap map;
  map.label_of_intent.assign(intents, kNoLabel);
  for (std::uint32_t label = 0; label < intent_of_label.size(); ++label)
    if (intent_of_label[label] < intents) map.label_of_intent[intent_of_label[label]] = label;
  map.intent_of_label = std::move(intent_of_label);
  return map;
}

void combine(const std::vector<LabelProbability>& probabilities, const LabelMap& labels,
             const std::vector<std::pair<std::uint32_t, double>>& rules, double rule_weight,
             std::span<const std::uint32_t> blocked, std::vector<LabelEvidence>& evidence,
             std::size_t ranked) {
  // One slot per classifier label, so that a rule finds its intent's slot at once; slots of labels
  // the intent set no longer has (or that have no probability) stay kUnknown and are dropped below.
  evidence.assign(labels.intent_of_label.size(), LabelEvidence{LabelEvidence::kUnknown, 0.0, 0.0, 0.0});
  for (const LabelProbability& p : probabilities)
    evidence[p.index] = {labels.intent_of_label[p.index], p.probability, 0.0, 0.0};
  for (const auto& [intent, confidence] : rules) {
    const std::uint32_t label =
        intent < labels.label_of_intent.size() ? labels.label_of_intent[intent] : LabelMap::kNoLabel;
    if (label == LabelMap::kNoLabel) {
      evidence.push_back({intent, 0.0, confidence, 0.0});  // an intent with no examples yet
    } else if (evidence[label].intent == LabelEvidence::kUnknown) {
      evidence[label] = {intent, 0.0, confidence, 0.0};
    } else {
      evidence[label].rule = confidence;
    }
  }
  const auto dropped = [&](const LabelEvidence& e) {
    return e.intent == LabelEvidence::kUnknown ||
           (e.intent != LabelEvidence::kOutOfScope &&
            std::binary_search(blocked.begin(), blocked.end(), e.intent));
  };
  std::erase_if(evidence, dropped);
  for (LabelEvidence& e : evidence) e.score = (1 - rule_weight) * e.probability + rule_weight * e.rule;
  rank_evidence(evidence, ranked);
}

void rank_evidence(std::vector<LabelEvidence>& evidence, std::size_t ranked) {
  const auto better = [](const LabelEvidence& a, const LabelEvidence& b) {
    return a.score != b.score ? a.score > b.score : a.intent < b.intent;
  };
  if (ranked < evidence.size()) {
    std::partial_sort(evidence.begin(), evidence.begin() + static_cast<std::ptrdiff_t>(ranked),
                      evidence.end(), better);
  } else {
    std::sort(evidence.begin(), evidence.end(), better);
  }
}

namespace {

// What training reads, computed once for train() and training_key(): every example and noisy copy as
// the classifier reads it, with its fold, and each example's rule scores for the calibration.
struct TrainingInput {
  std::vector<LabeledText> all;
  std::vector<std::size_t> fold_of;  // per entry of `all`
  struct Held {
    std::string label;
    IntentModel::RuleView view;
    std::size_t fold;
  };
  std::vector<Held> held;
};

TrainingInput training_input(const std::vector<IntentModel::TrainingExample>& examples,
                             const IntentModel::RuleScorer& rules, const NoiseOptions& noise) {
  // Each example's fold is its place among its label's examples, modulo kCalibrationFolds (corpus
  // order, deterministic). Noisy copies go with their example: they train, they are never scored.
  TrainingInput in;
  std::map<std::string, std::size_t> seen;
  const auto has_words = [](const std::string& text) {
    return text.find_first_not_of(' ') != std::string::npos;
  };
  for (const IntentModel::TrainingExample& e : examples) {
    IntentModel::RuleView view = rules(e.text);
    if (!has_words(view.text)) continue;  // nothing left to learn from
    const std::size_t fold = seen[e.label]++ % kCalibrationFolds;
    in.all.push_back({e.label, view.text});
    in.fold_of.push_back(fold);
    for (const std::string& copy : noisy_copies(e.text, noise)) {
      std::string text = rules(copy).text;
      if (!has_words(text) || text == view.text) continue;  // the normaliser undid the noise
      in.all.push_back({e.label, std::move(text)});
      in.fold_of.push_back(fold);
    }
    in.held.push_back({e.label, std::move(view), fold});
  }
  return in;
}

}  // namespace

std::string IntentModel::training_key(const IntentSet& set, const std::vector<TrainingExample>& examples,
                                      const RuleScorer& rules, const ClassifierParams& params,
                                      const NoiseOptions& noise) {
  const TrainingInput in = training_input(examples, rules, noise);
  std::string key =
      std::string(kIntentModelVersion) + "\n" + params.describe() + "\n" + noise.describe() + "\n";
  const std::vector<bool> fallback = fallback_intents(set);
  for (std::size_t i = 0; i < set.intents().size(); ++i)
    key += set.intents()[i].name + (fallback[i] ? " fallback\n" : "\n");
  for (std::size_t i = 0; i < in.all.size(); ++i)
    key += std::to_string(in.fold_of[i]) + " " + in.all[i].label + "\t" + in.all[i].text + "\n";
  char score[32];
  for (const auto& h : in.held) {
    key += h.view.text;
    for (const auto& [intent, value] : h.view.rules) {
      std::snprintf(score, sizeof score, " %u:%.17g", intent, value);
      key += score;
    }
    key += "\n";
  }
  return key;
}

std::string IntentModel::train(const IntentSet& set, const std::vector<TrainingExample>& examples,
                               const RuleScorer& rules, const ClassifierParams& params,
                               const NoiseOptions& noise) {
  const TrainingInput in = training_input(examples, rules, noise);
  const std::vector<LabeledText>& all = in.all;
  const std::vector<std::size_t>& fold_of = in.fold_of;
  const auto& held = in.held;

  // The fold models stay loaded until calibration is done: the cases' probabilities point into them.
  std::vector<std::shared_ptr<const TextClassifier>> fold_models;
  std::vector<LabelMap> fold_labels(kCalibrationFolds);
  std::vector<ValidationCase> cases;
  for (std::size_t fold = 0; fold < kCalibrationFolds; ++fold) {
    std::vector<LabeledText> fit;
    for (std::size_t i = 0; i < all.size(); ++i)
      if (fold_of[i] != fold) fit.push_back(all[i]);
    fold_models.push_back(TextClassifier::load(TextClassifier::train(fit, params)));
    fold_labels[fold] = map_labels(*fold_models.back(), set);
    for (const TrainingInput::Held& h : held) {
      if (h.fold != fold) continue;
      ValidationCase c;
      if (h.label != kOutOfScopeLabel)
        c.expected = static_cast<std::uint32_t>(set.find(h.label) - set.intents().data());
      fold_models.back()->predict(h.view.text, c.probabilities);
      c.rules = h.view.rules;
      c.labels = &fold_labels[fold];
      cases.push_back(std::move(c));
    }
  }
  const Calibration calibration = calibrate(cases, fallback_intents(set));

  const nlohmann::json meta = {{"rule_weight", calibration.rule_weight},
                               {"threshold", calibration.threshold},
                               {"margin", calibration.margin},
                               {"in_scope_accuracy", calibration.in_scope_accuracy},
                               {"out_of_scope_accuracy", calibration.out_of_scope_accuracy},
                               {"validation_examples", calibration.validation_examples},
                               {"params", params.describe()},
                               {"noise", noise.describe()}};
  std::string stored(kHeader);
  stored += meta.dump();
  stored += '\n';
  stored += TextClassifier::train(all, params);
  return stored;
}

std::shared_ptr<const IntentModel> IntentModel::load(const std::string& bytes, const IntentSet& set) {
  if (!bytes.starts_with(kHeader)) throw std::runtime_error("not a careerbot intent model");
  const std::size_t meta_end = bytes.find('\n', kHeader.size());
  if (meta_end == std::string::npos) throw std::runtime_error("intent model: no calibration line");
  const auto meta =
      nlohmann::json::parse(bytes.substr(kHeader.size(), meta_end - kHeader.size()), nullptr, false);
  if (meta.is_discarded() || !meta.is_object())
    throw std::runtime_error("intent model: bad calibration line");
  std::shared_ptr<IntentModel> model(new IntentModel());
  try {
    model->calibration_.rule_weight = meta.at("rule_weight").get<double>();
    model->calibration_.threshold = meta.at("threshold").get<double>();
    model->calibration_.margin = meta.at("margin").get<double>();
    model->calibration_.in_scope_accuracy = meta.at("in_scope_accuracy").get<double>();
    model->calibration_.out_of_scope_accuracy = meta.at("out_of_scope_accuracy").get<double>();
    model->calibration_.validation_examples = meta.at("validation_examples").get<std::size_t>();
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(std::string("intent model: bad calibration line: ") + e.what());
  }
  model->classifier_ = TextClassifier::load(std::string_view(bytes).substr(meta_end + 1));
  model->labels_ = map_labels(*model->classifier_, set);
  return model;
}

std::string classifier_input(std::string_view normalized, const std::map<std::string, std::string>& entities,
                             std::span<const std::string> hidden) {
  std::string text(normalized);
  for (const auto& entity : entities) {
    // The career's name is in the text already, and nearly every example names it or none: as a
    // token it only taught "no career named, so out of scope" (measured: more in-scope fallbacks).
    // A word pointing back ("they", "this job") says nothing about the topic either: such entities
    // say `classifier_token: false`.
    if (entity.first == kCareerEntity || std::binary_search(hidden.begin(), hidden.end(), entity.first))
      continue;
    text += " _";
    text += entity.first;
    text += '_';
  }
  return text;
}

}  // namespace careerbot::intent
