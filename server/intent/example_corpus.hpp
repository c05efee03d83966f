#pragma once
// The intent classifier's training examples (intents/README.md, "Examples"): every intent's own
// `examples:` list plus the files in intents/examples/ (`*.yaml`, one list of messages per intent
// name). `out_of_scope` is a class of its own: messages no intent may answer, which get the fallback.
//
// Thread-safety: plain functions and values.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace careerbot::intent {

class IntentSet;

inline constexpr std::string_view kOutOfScopeLabel = "out_of_scope";

struct Example {
  std::string label;  // an intent name or kOutOfScopeLabel
  std::string text;   // as written
  std::string file;
  std::size_t line = 0;
};

// Loads every example. Throws ContentError (file:line) for a key that is neither an intent nor
// out_of_scope, an item that is not a message, or an empty message. A missing directory is an
// error too: without examples there is no classifier. Files are read in name order.
std::vector<Example> load_intent_examples(const IntentSet& set, const std::string& examples_dir);

}  // namespace careerbot::intent
