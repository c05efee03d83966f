#include "dialog/classifiers.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "common/record_file.hpp"
#include "intent/example_corpus.hpp"
#include "intent/model_cache.hpp"

namespace careerbot::dialog {
namespace {

using intent::LabeledText;

std::string format_rules(const std::vector<std::pair<std::uint32_t, double>>& rules) {
  std::string out;
  char buf[32];
  for (const auto& [intent, confidence] : rules) {
    std::snprintf(buf, sizeof buf, " %u:%.4f", intent, confidence);
    out += buf;
  }
  return out;
}

// The safety corpus: the file's concern lists (per category) and near misses, safeguarding.txt's own
// examples and near misses, and every intent example as "none" (career questions are not concerns).
std::vector<LabeledText> safety_examples(const Safeguarding& safeguarding, const std::string& path,
                                         const std::vector<intent::Example>& intent_examples,
                                         const intent::Normalizer& normalizer) {
  std::vector<LabeledText> out;
  const auto add = [&](const std::string& label, const std::string& text) {
    std::string normalized = normalizer.normalize(text).text;
    if (normalized.find_first_not_of(' ') != std::string::npos) out.push_back({label, std::move(normalized)});
  };
  const RecordDocument doc = RecordDocument::load(path);
  for (const auto& [key, node] : doc.root().entries("safeguarding examples")) {
    if (key == "concern") {
      for (const auto& [category, list] : node.entries("concern categories")) {
        if (safeguarding.find(category) == nullptr)
          list.fail("'" + category + "' is not a category of " + safeguarding.file());
        for (const RecordNode& item : list.items("concern messages")) add(category, item.text("message"));
      }
    } else if (key == "no_concern") {
      for (const RecordNode& item : node.items("near misses"))
        add(std::string(kNoConcernLabel), item.text("message"));
    } else {
      node.fail("unknown field '" + key + "': expected concern or no_concern");
    }
  }
  for (const auto& category : safeguarding.categories())
    for (const auto& [text, line] : category.examples) add(category.name, text);
  for (const auto& [text, line] : safeguarding.near_misses()) add(std::string(kNoConcernLabel), text);
  for (const auto& e : intent_examples) add(std::string(kNoConcernLabel), e.text);
  return out;
}

}  // namespace

intent::ClassifierParams classifier_params() {
  return intent::ClassifierParams{};
}

std::string default_model_cache_dir() {
  const char* env = std::getenv("CAREERBOT_MODEL_CACHE_DIR");
  return env != nullptr && *env != '\0' ? env : "var/models";
}

ClassifierReport attach_classifiers(intent::Matcher& matcher, Safeguarding& safeguarding,
                                    const std::string& intents_dir, const std::string& cache_dir) {
  const auto start = std::chrono::steady_clock::now();
  ClassifierReport report;
  const intent::ModelCache cache(cache_dir);
  const intent::ClassifierParams params = classifier_params();
  const intent::IntentSet& set = matcher.intent_set();

  // Intent model. Its calibration depends on the rules too, so their view of every example is part
  // of the key: editing a pattern retrains, like editing an example.
  const auto examples = intent::load_intent_examples(set, intents_dir + "/examples");
  report.intent_examples = examples.size();
  std::vector<intent::IntentModel::TrainingExample> training;
  std::string key = std::string(intent::kIntentModelVersion) + "\n" + params.describe() + "\n";
  for (const auto& e : examples) {
    training.push_back({e.label, e.text});
    const intent::MatchResult r = matcher.match(e.text);
    key += e.label + "\t" + r.normalized + "\t" + format_rules(r.rules) + "\n";
  }
  const auto rules = [&matcher](const std::string& text) {
    intent::MatchResult r = matcher.match(text);
    return intent::IntentModel::RuleView{std::move(r.normalized), std::move(r.rules)};
  };
  const std::string intent_bytes = cache.get_or_train("intent", key, [&] {
    report.intent_trained = true;
    return intent::IntentModel::train(set, training, rules, params);
  });
  matcher.attach_model(intent::IntentModel::load(intent_bytes, set));

  // Safety model.
  const auto safety = safety_examples(safeguarding, intents_dir + "/safeguarding.examples.yaml", examples,
                                      matcher.normalizer());
  report.safety_examples = safety.size();
  std::string safety_key = std::string(kSafetyModelVersion) + "\n" + params.describe() + "\n";
  for (const auto& e : safety) safety_key += e.label + "\t" + e.text + "\n";
  const std::string safety_bytes = cache.get_or_train("safety", safety_key, [&] {
    report.safety_trained = true;
    // The patterns alone (no model attached yet) decide what they catch.
    return SafetyModel::train(safety, params,
                              [&](const std::string& text) { return safeguarding.check(text).has_value(); });
  });
  safeguarding.attach_model(SafetyModel::load(safety_bytes));

  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace careerbot::dialog
