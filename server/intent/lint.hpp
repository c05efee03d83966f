#pragma once
// Content checks counsellors run after editing intents (careerbot-lint; the tests run it too):
// every example classifies to its own intent, no example belongs to two intents, every `requires`
// names an entity that exists. Answer references are the dialog module's job.
//
// Thread-safety: a pure function of its arguments.

#include <cstddef>
#include <string>
#include <vector>

namespace careerbot::intent {

class IntentSet;
class Matcher;

struct LintError {
  std::string file;
  std::size_t line = 0;
  std::string message;

  std::string to_string() const { return file + ":" + std::to_string(line) + ": " + message; }
};

std::vector<LintError> lint(const IntentSet& set, const Matcher& matcher);

}  // namespace careerbot::intent
