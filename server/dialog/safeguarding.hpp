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
// several are raised, the first in file order wins (so put self_harm first). When no pattern fires,
// the attached safety classifier (safety_model.hpp) decides: at or above its flag threshold the
// likeliest category is raised; between its check and flag thresholds the concern is `unsure`, and
// the reply is the file's gentle `check_reply` ("Are you okay? ...") before the ordinary answer.
//
// Thread-safety: immutable after load; check() may run on any number of threads at once.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dialog/safety_model.hpp"

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
  bool unsure = false;       // the classifier was not sure: a gentle check, then the ordinary answer
  double probability = 1.0;  // the classifier's p(concern); 1 when a reviewed pattern matched
  bool pattern = false;      // a reviewed pattern matched (the classifier was not asked)
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
  static std::shared_ptr<Safeguarding> load(const std::string& path);
  ~Safeguarding();
  Safeguarding(const Safeguarding&) = delete;
  Safeguarding& operator=(const Safeguarding&) = delete;

  // The concern `normalized` (the matcher's normalised text) raises, if any. Never throws for
  // student input; an out-of-memory DFA falls back to matching each pattern on its own.
  // `career_question`: the intent matcher is confident this is an ordinary career question; the
  // classifier then needs near certainty (kCareerQuestionBar) for the full reply, since a question
  // about routes that looks a little like distress is far likelier than distress that looks like a
  // question about routes. From the flag threshold up to that bar the concern is `unsure`: one
  // gentle "are you okay?" before the career answer (issue 16), which costs a student little. The
  // reviewed patterns apply either way.
  std::optional<Concern> check(std::string_view normalized, bool career_question = false) const;
  static constexpr double kCareerQuestionBar = 0.9;

  // The category's reply (the gentle check_reply when the concern is unsure) with the placeholders
  // filled from `contacts`, else the file's defaults.
  std::string reply_text(const Concern& concern, const SafeguardingContacts& contacts) const;

  // Adds the trained classifier. Call once, before this is shared between threads.
  void attach_model(std::shared_ptr<const SafetyModel> model) { model_ = std::move(model); }
  const SafetyModel* model() const noexcept { return model_.get(); }
  // The category called `name`, or nullptr.
  const SafeguardingCategory* find(std::string_view name) const noexcept;

  // Every example must raise its own category and no near miss may raise any, after the same
  // normalisation messages get. Returns "file:line: problem" strings: lint_examples() then
  // lint_near_misses().
  std::vector<std::string> lint(const intent::Normalizer& normalizer) const;
  // The problems that mean a student in crisis could get the wrong reply or none: a category without
  // examples, an example that raises no category or another one. The server refuses to start with them.
  std::vector<std::string> lint_examples(const intent::Normalizer& normalizer) const;
  // Near misses that raise a category: over-cautious (a gentle reply too many), reported, not fatal.
  std::vector<std::string> lint_near_misses(const intent::Normalizer& normalizer) const;

  const std::vector<SafeguardingCategory>& categories() const noexcept { return categories_; }
  // Every word of the categories' examples, folded as the normaliser splits them: the spelling
  // correction leaves them as typed, so that no new intent word turns distress into something else.
  std::vector<std::string> example_words() const;
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
  std::string check_reply_;
  std::vector<SafeguardingCategory> categories_;
  std::shared_ptr<const SafetyModel> model_;
  std::vector<std::pair<std::string, std::size_t>> near_misses_;
  std::unique_ptr<Compiled> compiled_;
};

}  // namespace careerbot::dialog
