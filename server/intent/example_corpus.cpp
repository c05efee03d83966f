#include "intent/example_corpus.hpp"

#include <algorithm>
#include <filesystem>

#include "common/record_file.hpp"
#include "intent/intent_set.hpp"

namespace careerbot::intent {

std::vector<Example> load_intent_examples(const IntentSet& set, const std::string& examples_dir) {
  std::vector<Example> examples;
  for (const Intent& intent : set.intents())
    for (const SourceText& e : intent.examples)
      examples.push_back({intent.name, e.text, intent.file, e.line});

  if (!std::filesystem::is_directory(examples_dir))
    throw ContentError(examples_dir, 0, "the examples folder is missing");
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(examples_dir))
    if (entry.is_regular_file() && entry.path().extension() == ".yaml")
      files.push_back(entry.path().string());
  std::sort(files.begin(), files.end());
  for (const std::string& file : files) {
    const RecordDocument doc = RecordDocument::load(file);
    for (const auto& [label, list] : doc.root().entries("examples file")) {
      if (label != kOutOfScopeLabel && set.find(label) == nullptr)
        list.fail("'" + label + "' is neither an intent nor out_of_scope");
      for (const RecordNode& item : list.items("list of example messages")) {
        const std::string& text = item.text("example message");
        if (text.find_first_not_of(" \t") == std::string::npos) item.fail("empty example");
        examples.push_back({label, text, file, item.line()});
      }
    }
  }
  return examples;
}

}  // namespace careerbot::intent
