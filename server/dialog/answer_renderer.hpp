#pragma once
// Renders an answer template (answer_book.hpp) against one career of the knowledge base and the
// entities of the message. Every word a student sees comes from the template or the knowledge base.
// Pure; thread-safe; allocation is limited to building the reply text.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "dialog/answer_book.hpp"
#include "knowledge/model.hpp"

namespace careerbot::dialog {

struct RenderContext {
  const knowledge::Career& career;
  const std::map<std::string, std::string>& entities;  // from the message, plus context (e.g. route)
  std::string careers;                                 // "Machine Learning Specialist, ..." for {careers}
};

struct Rendered {
  std::string text;
  std::vector<std::string> fact_keys;  // facts used, in order, without repeats
  std::vector<std::string> sources;    // their citations, without repeats
  // The items of the last list shown, in order, as fact keys: "the third one" refers to them.
  std::vector<std::string> listed;
};

class AnswerRenderer {
 public:
  explicit AnswerRenderer(const AnswerBook& book) : book_(book) {}

  Rendered render(const AnswerTemplate& answer, const RenderContext& context) const;

  // Content lint: every fact, selector, route and stage the template refers to exists in `career`.
  // Returns "file:line: answer 'x': problem" strings; empty when all is well.
  std::vector<std::string> check(const AnswerTemplate& answer, const knowledge::Career& career) const;

  // The Nth (1-based) sentence of `text`, or "" when there is none. "e.g." and similar abbreviations
  // do not end a sentence.
  static std::string sentence(std::string_view text, int n);
  static std::vector<std::string> sentences(std::string_view text);

 private:
  struct Item {
    std::string line;
    const knowledge::Fact* fact = nullptr;
  };
  std::vector<Item> select(std::string_view selector, const RenderContext& context,
                           bool* valid = nullptr) const;
  bool holds(const Condition& condition, const RenderContext& context) const;
  void render_segment(const Segment& segment, const RenderContext& context, std::string& out, Rendered& used,
                      bool& line_has_content) const;
  int route_number(std::string_view arg, const RenderContext& context) const;

  const AnswerBook& book_;
};

}  // namespace careerbot::dialog
