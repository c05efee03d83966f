#pragma once
// The lexicon: synonyms, abbreviations and Hinglish words rewritten to one canonical form before
// matching (intents/lexicon.yaml):
//
//   entries:
//     - canonical: class12
//       forms:               matched case-insensitively, one or more words each
//         - 12th
//         - plus two
//       case_sensitive:      matched only as written: "IT" but not the pronoun "it"
//         - XII
//
// At every position the longest form wins (a case-sensitive form wins a tie); the words it covers
// are replaced by the canonical form's words. Forms are split into words exactly like messages.
//
// Thread-safety: immutable after construction; rewrite() may run on many threads at once.

#include <cstdint>
#include <string>
#include <vector>

#include "intent/string_hash.hpp"
#include "intent/text_fold.hpp"

namespace careerbot {
class RecordNode;
}

namespace careerbot::intent {

class Lexicon {
 public:
  Lexicon() = default;

  // Reads a lexicon document. Throws ContentError (file:line) for a missing or empty canonical
  // form, a form with no words, or a form given two different canonical forms.
  static Lexicon from_record(const RecordNode& root);

  // Appends to `out` the folded words of `in`, with lexicon forms replaced by canonical words.
  void rewrite(const std::vector<RawToken>& in, std::vector<std::string>& out) const;

  // Every word of every canonical form (folded): targets for spelling correction.
  std::vector<std::string> words() const;
  // Every word of every form (folded): known words that are never corrected, but never targets
  // either (a typo must not be "corrected" into another typo such as "elgible").
  std::vector<std::string> form_words() const;

  std::size_t size() const noexcept { return canonicals_.size(); }

 private:
  struct Form {
    std::vector<std::string> words;  // folded, or as written when case-sensitive
    std::uint32_t canonical;         // index into canonicals_
  };
  // Forms by their first word, longest first.
  using FormIndex = StringMap<std::vector<Form>>;

  static bool matches(const Form& form, const std::vector<RawToken>& in, std::size_t at, bool cased);
  void add(FormIndex& index, std::vector<std::string> words, std::uint32_t canonical,
           const RecordNode& where);

  std::vector<std::vector<std::string>> canonicals_;
  FormIndex folded_;
  FormIndex cased_;
};

}  // namespace careerbot::intent
