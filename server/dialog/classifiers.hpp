#pragma once
// Trains or loads the two classifiers a Content needs and attaches them: the intent model to the
// matcher (intent_model.hpp) and the safety model to safeguarding (safety_model.hpp). Models come
// from the cache directory when the examples, rules and settings are unchanged; otherwise they are
// trained (a few seconds) and stored there. `careerbot-kb build` calls this ahead of the server.
//
// Training data (intents/README.md, "Examples"):
//   intents/examples/*.yaml               intent examples and out_of_scope
//   intents/safeguarding.examples.yaml    concern messages per category, near misses
//
// Thread-safety: call while the content is being assembled, before it is shared.

#include <string>
#include <string_view>
#include <vector>

#include "common/record_file.hpp"
#include "dialog/safeguarding.hpp"
#include "intent/example_corpus.hpp"
#include "intent/matcher.hpp"

namespace careerbot::dialog {

// What training reports, for logs and `careerbot-kb build`.
struct ClassifierReport {
  std::size_t intent_examples = 0;
  std::size_t safety_examples = 0;  // counted only when they are read: a content file changed
  bool intent_trained = false;      // false: loaded from the cache
  bool safety_trained = false;
  double seconds = 0.0;
};

// Throws ContentError for bad example files and std::runtime_error when a model cannot be trained.
// `careers`: the careers' names, which join the matcher's spelling vocabulary (part of the key).
// `planner_answers`: how students answer the planner (FlowDef::answer_texts), no concern either.
ClassifierReport attach_classifiers(intent::Matcher& matcher, Safeguarding& safeguarding,
                                    const std::string& intents_dir, const std::string& cache_dir,
                                    std::string_view careers,
                                    const std::vector<std::string>& planner_answers = {});

// The safety classifier's corpus, normalised: the concern lists (per category) and near misses of
// safeguarding.examples.yaml (`doc`), safeguarding.yaml's own examples and near misses, and every intent
// example as "none" (career questions are not concerns), except those the reviewed patterns flag: an
// out-of-scope example such as "i feel lonely in college" gets the distress reply, so teaching the
// model it is no concern only blurs the line; likewise the planner's answer phrases and quick replies
// (`planner_answers`). `safeguarding` must have no model attached yet (its
// check() is then the patterns alone). Throws ContentError for an unknown category or field.
std::vector<intent::LabeledText> safety_training_examples(
    const Safeguarding& safeguarding, const RecordDocument& doc,
    const std::vector<intent::Example>& intent_examples, const intent::Normalizer& normalizer,
    const std::vector<std::string>& planner_answers = {});

// The training settings of the intent model (part of its cache key); the safety model's start from
// them.
intent::ClassifierParams classifier_params();
// The safety model's settings (part of its cache key): classifier_params() with its own learning rate
// and word n-grams, chosen on the safety model's cross-fitted validation.
intent::ClassifierParams safety_classifier_params();

// The noisy copies the intent model trains on besides its examples (the safety model has none: its
// thresholds are set on examples as written). Part of the intent model's cache key.
intent::NoiseOptions intent_noise();

// The directory tools use when none is given: $CAREERBOT_MODEL_CACHE_DIR, else var/models.
std::string default_model_cache_dir();

}  // namespace careerbot::dialog
