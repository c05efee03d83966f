#pragma once
// The normalisation pipeline every message, keyword, example and career name goes through:
//   1. Unicode clean-up and tokens (text_fold.hpp: NFKC, case folding, accents, punctuation),
//   2. typo correction of unknown words (spelling.hpp), when a corrector is given,
//   3. lexicon rewriting (lexicon.hpp: "12th" -> class12, "IT" -> information technology),
//   4. stems for keyword matching (stemmer.hpp).
// Patterns see `text`: the rewritten words joined by single spaces.
//
// Thread-safety: immutable after construction; normalize() may run on many threads at once.

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "intent/lexicon.hpp"
#include "intent/spelling.hpp"

namespace careerbot::intent {

struct NormalizedText {
  std::string text;                                              // what patterns are matched against
  std::vector<std::string> tokens;                               // the words of `text`
  std::vector<std::string> stems;                                // one per token
  std::vector<std::pair<std::string, std::string>> corrections;  // (as written, corrected)
};

class Normalizer {
 public:
  // `speller` may be null: no typo correction (used while the vocabulary itself is being built).
  Normalizer(std::shared_ptr<const Lexicon> lexicon, std::shared_ptr<const SpellingCorrector> speller);

  NormalizedText normalize(std::string_view text) const;
  // The same, reusing `out`'s buffers.
  void normalize(std::string_view text, NormalizedText& out) const;

  // Case-folded words before correction and lexicon: what the spelling vocabulary is made of.
  static std::vector<std::string> surface_words(std::string_view text);

  const Lexicon& lexicon() const noexcept { return *lexicon_; }
  const SpellingCorrector* speller() const noexcept { return speller_.get(); }

 private:
  std::shared_ptr<const Lexicon> lexicon_;
  std::shared_ptr<const SpellingCorrector> speller_;
  // Stems of vocabulary words, computed once so common words skip the stemmer.
  StringMap<std::string> stem_cache_;
};

}  // namespace careerbot::intent
