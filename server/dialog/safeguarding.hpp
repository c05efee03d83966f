#pragma once
// Safeguarding: recognises a message that shows distress, self-harm or suicidal thoughts, abuse or
// bullying, or a results crisis, so the bot leaves whatever it was doing and answers calmly with a
// person to talk to. Everything a counsellor reviews lives in intents/safeguarding.yaml: the
// categories, their RE2 patterns (written against the matcher's normalised text, like intent
// patterns), `exclude` patterns for near misses, the reply wording with {helpline} and {counsellor}
// placeholders, the default helpline and counsellor wording, examples that must trigger and near
// misses that must not (both checked by lint()).
//
// A category is raised when one of its patterns matches and none of its own excludes does; when
// several are raised, the first in file order wins (so put self_harm first).
//
// Thread-safety: immutable after load; check() may run on any number of threads at once.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace careerbot::intent {
class Normalizer;
}

namespace careerbot::dialog {

struct SafeguardingCategory {
  std::string name;                      // "self_harm", "distress", "abuse_bullying", "results_crisis", ...
  std::string reply;                     // calm reply with {helpline} and {counsellor} placeholders
  std::vector<std::string> suggestions;  // quick replies offered with it
  std::vector<std::pair<std::string, std::size_t>> examples;  // (message, line) that must raise it
  std::size_t line = 0;
};

// A message that must leave the flow. Points into the Safeguarding that found it.
struct Concern {
  const SafeguardingCategory* category = nullptr;
};

// What a deployment configures; an empty field means the file's default.
struct SafeguardingContacts {
  std::string helpline;
  std::string counsellor;
};

class Safeguarding {
 public:
  // Reads and compiles the file. Throws ContentError naming file:line for a missing or unknown
  // field, a pattern that does not compile, a reply without {helpline}, or a duplicate category.
  static std::shared_ptr<const Safeguarding> load(const std::string& path);
  ~Safeguarding();
  Safeguarding(const Safeguarding&) = delete;
  Safeguarding& operator=(const Safeguarding&) = delete;

  // The concern `normalized` (the matcher's normalised text) raises, if any. Never throws for
  // student input; an out-of-memory DFA falls back to matching each pattern on its own.
  std::optional<Concern> check(std::string_view normalized) const;

  // The category's reply with the placeholders filled from `contacts`, else the file's defaults.
  std::string reply_text(const Concern& concern, const SafeguardingContacts& contacts) const;

  // Every example must raise its own category and no near miss may raise any, after the same
  // normalisation messages get. Returns "file:line: problem" strings.
  std::vector<std::string> lint(const intent::Normalizer& normalizer) const;

  const std::vector<SafeguardingCategory>& categories() const noexcept { return categories_; }
  // Messages that must raise no category, with their lines.
  const std::vector<std::pair<std::string, std::size_t>>& near_misses() const noexcept {
    return near_misses_;
  }
  const std::string& file() const noexcept { return file_; }
  const std::string& default_helpline() const noexcept { return helpline_; }
  const std::string& default_counsellor() const noexcept { return counsellor_; }

 private:
  Safeguarding() = default;
  struct Compiled;

  std::string file_;
  std::string helpline_;
  std::string counsellor_;
  std::vector<SafeguardingCategory> categories_;
  std::vector<std::pair<std::string, std::size_t>> near_misses_;
  std::unique_ptr<Compiled> compiled_;
};

}  // namespace careerbot::dialog
