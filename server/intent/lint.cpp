#include "intent/lint.hpp"

#include <cstdio>
#include <map>

#include "intent/intent_set.hpp"
#include "intent/matcher.hpp"

namespace careerbot::intent {
namespace {

std::string percent(double confidence) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.2f", confidence);
  return buf;
}

}  // namespace

std::vector<LintError> lint(const IntentSet& set, const Matcher& matcher) {
  std::vector<LintError> errors;
  std::map<std::string, const Intent*> example_owner;
  for (const Intent& intent : set.intents()) {
    for (const std::string& entity : intent.required_entities)
      if (!set.has_entity(entity))
        errors.push_back({intent.file, intent.line,
                          "intent '" + intent.name + "' requires unknown entity '" + entity + "'"});
    for (const SourceText& example : intent.examples) {
      const MatchResult r = matcher.match(example.text);
      const auto [it, inserted] = example_owner.emplace(r.normalized, &intent);
      if (!inserted && it->second != &intent)
        errors.push_back({intent.file, example.line,
                          "example '" + example.text + "' is also an example of '" + it->second->name + "'"});
      if (r.intent == intent.name && !r.ambiguous) continue;
      std::string got = r.intent == intent.name ? "an ambiguous '" + r.intent + "'" : "'" + r.intent + "'";
      got += " (confidence " + percent(r.confidence) + ")";
      if (r.ambiguous && r.top.size() > 1)
        got += ", runner-up '" + r.top[1].intent + "' " + percent(r.top[1].confidence);
      errors.push_back({intent.file, example.line,
                        "example '" + example.text + "' of '" + intent.name + "' classifies as " + got});
    }
  }
  return errors;
}

}  // namespace careerbot::intent
