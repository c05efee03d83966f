#pragma once
// The wording of every answer, loaded from intents/answers.yaml (format described at its top).
// Templates are parsed once at load into segments, so rendering a reply only walks them.
//
// Thread-safety: immutable after load; share through shared_ptr<const AnswerBook>.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace careerbot::dialog {

// One piece of a template line: literal text or a placeholder such as {fact:overview.1#2}.
struct Segment {
  enum class Kind {
    literal,
    career,
    careers,
    fact,
    title,
    list,
    steps,
    total,
    stage_time,
    entity,
    route,
    requirement
  };
  Kind kind = Kind::literal;
  std::string text;  // literal text, or the placeholder's argument (fact key, selector, stage, ...)
  int sentence = 0;  // {fact:KEY#N}: 1-based sentence; 0 = the whole fact
};

// `if:` on a template line: entity:NAME, entity:NAME=VALUE or found:SELECTOR, maybe negated by "!".
// A list of them must all hold ("a route named and no step": [entity:route, "!entity:step"]).
struct Condition {
  enum class Kind { entity, found };
  Kind kind = Kind::entity;
  bool negate = false;
  std::string name;   // entity name or selector
  std::string value;  // required entity value; empty = any
};

struct TemplateLine {
  std::vector<Condition> conditions;  // all must hold; none = always shown
  std::vector<Segment> segments;
  std::size_t line = 0;
};

struct AnswerTemplate {
  std::string name;
  std::vector<TemplateLine> lines;
  // Some line lists only the employer the question names ("@employer"): only then does the responder
  // look for an employer's name in the message.
  bool filters_by_employer = false;
  std::string file;
  std::size_t line = 0;
};

class AnswerBook {
 public:
  // Parses `path`; throws ContentError (file:line) for a malformed template, an unknown placeholder
  // or condition, a duplicate answer name, or a missing required section or phrase.
  static std::shared_ptr<const AnswerBook> load(const std::string& path);

  // The answer called `name`, or nullptr.
  const AnswerTemplate* find(std::string_view name) const;
  const std::vector<AnswerTemplate>& answers() const noexcept { return answers_; }

  // A fixed text of a section such as ("fallback", "text") or ("phrases", "total_range"). The
  // sections and keys that code uses are checked at load, so this never fails for them.
  const std::string& text(std::string_view section, std::string_view key) const;
  const std::vector<std::string>& list(std::string_view section, std::string_view key) const;
  // The short label of a route step stage ("masters" -> "the master's degree"); the stage itself when
  // none is configured.
  std::string stage_label(std::string_view stage) const;
  // How an entity value is shown ("usa" -> "the USA"); capitalised value when none is configured.
  std::string value_label(std::string_view value) const;

  const std::string& file() const noexcept { return file_; }

 private:
  std::string file_;
  std::vector<AnswerTemplate> answers_;
  std::map<std::string, std::string, std::less<>> texts_;               // "section.key" -> text
  std::map<std::string, std::vector<std::string>, std::less<>> lists_;  // "section.key" -> list
  std::map<std::string, std::string, std::less<>> stage_labels_, value_labels_;
};

// Replaces each "{name}" in `phrase` with its value (simple fixed phrases such as totals).
std::string fill(std::string_view phrase,
                 std::initializer_list<std::pair<std::string_view, std::string_view>> values);

}  // namespace careerbot::dialog
