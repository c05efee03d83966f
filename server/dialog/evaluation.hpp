#pragma once
// Measures how well the bot understands questions (issue 14's evaluation; docs/classifier.md):
//   - evaluate(): a labelled question set (JSON lines {"text": ..., "intent": ...}, intent an intent
//     name or "out_of_scope"), each question asked in a fresh session, exactly as the server would;
//   - cross_validate(): k-fold cross-validation of the intent classifier on the training examples;
//   - near_duplicates(): eval lines that (nearly) repeat a training example, which would make a
//     held-out set no longer held out.
// A question is right when the intent answered is the labelled one; an out_of_scope question is
// right when the reply is the fallback (an honest "I don't know").
//
// Thread-safety: plain functions.

#include <cstddef>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "dialog/content.hpp"
#include "intent/text_classifier.hpp"

namespace careerbot::dialog {

struct EvalCase {
  std::string text;
  std::string expected;  // an intent name or "out_of_scope"
  std::size_t line = 0;
};

struct EvalOutcome {
  EvalCase question;
  std::string predicted;  // the intent answered, or "out_of_scope" for the fallback
};

struct EvalReport {
  std::vector<EvalOutcome> outcomes;
  // Cross-validation only: each fold's own figures, so that a change of settings can be judged
  // against the spread between folds, and the seconds its model took to train (validation split
  // and final model, as a content build trains them).
  struct Fold {
    double in_scope = 0.0, out_of_scope = 0.0, train_seconds = 0.0;
  };
  std::vector<Fold> folds;
  double in_scope_accuracy() const;
  double out_of_scope_recognised() const;
  double false_fallback_rate() const;  // in-scope questions answered with the fallback
  // Precision, recall and F1 per label, and the most frequent (expected, predicted) mistakes.
  std::string format(std::size_t confused_pairs = 10) const;
};

// Reads a JSON-lines question set. Throws std::runtime_error naming file:line on a bad line.
std::vector<EvalCase> load_eval_file(const std::string& path);

EvalReport evaluate(const Content& content, const std::vector<EvalCase>& cases);

// Trains k models with `params` and `noise`, each without one fold of the examples, and asks each
// its own fold (as written: noisy copies come only from the training folds).
EvalReport cross_validate(const Content& content, const std::string& intents_dir, int folds,
                          const intent::ClassifierParams& params, const intent::NoiseOptions& noise);

// Eval lines whose character similarity to a training example (1 - edit distance / longer length,
// after lower-casing and collapsing spaces) is at least `min_similarity`: (eval line, example).
std::vector<std::pair<const EvalCase*, std::string>> near_duplicates(const std::vector<EvalCase>& cases,
                                                                     const std::vector<std::string>& training,
                                                                     double min_similarity = 0.85);

}  // namespace careerbot::dialog
