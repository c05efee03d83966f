#pragma once
// Students quote the bot's own words back: "You wrote 'Infosys, Bangalore'. What about Pune?",
// "'Tech Mahindra, Pune' - got it. And Mumbai?". The quoted words are the guide's, not the question:
// read with them, the message names an employer the student is not asking about, or reads as company
// news. A quoted span whose text is a whole statement of the guide (a fact's full text, when that
// differs from its title, so "TCS, Mumbai" but not "TCS" or "Monitoring and Maintenance", which are
// what a question is about) is left out when the message is matched.
//
// Quotes are straight or curly, single or double; an apostrophe inside a word ("master's") is no
// quote. Comparison is on lower-case letters and digits, each run of anything else one space.
//
// Thread-safety: immutable after construction.

#include <string>
#include <string_view>
#include <unordered_set>

#include "knowledge/knowledge_base.hpp"

namespace careerbot::dialog {

class GuideQuotes {
 public:
  explicit GuideQuotes(const knowledge::KnowledgeBase& knowledge);

  // `text` without the quoted statements of the guide; `text` unchanged when it quotes none, or when
  // nothing of two or more letters would be left.
  std::string without_quotes(std::string_view text) const;

  // Lower-case ASCII letters and digits; every other run of bytes one space, none at the ends. Not
  // dialog::fold_words, which drops non-ASCII bytes without a space: here the guide's curly apostrophe
  // ("Bachelor’s") and a student's straight one must fold alike ("bachelor s").
  static std::string fold(std::string_view text);

 private:
  std::unordered_set<std::string> statements_;  // folded fact texts
};

}  // namespace careerbot::dialog
