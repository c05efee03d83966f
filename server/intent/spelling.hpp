#pragma once
// Typo tolerance: a word that is not in the known vocabulary and has at least `min_length` letters is
// corrected to the unique closest vocabulary word within Damerau-Levenshtein distance 1 (distance 2
// from `long_length` letters). Ties between words of different stems, or no candidate, leave the word
// alone. A word counts as known when it, or its stem, is in the vocabulary ("field" is known when
// "fields" is), so real words are not "corrected" into their neighbours.
//
// Two neighbouring letters swapped ("taht", "lnog", "thrid") are corrected at any length from three
// letters, to a vocabulary or dictionary word (below `min_length` letters a dictionary word only: the
// vocabulary's romanised words swap into each other), when only one swap makes a word: a real short
// word ("form") is in the dictionary, so it is never read as a swap of another ("from").
//
// Words typed without their vowels ("mstrs", "crtfctns r ok", "btch cse"), as SMS writers do, are
// corrected too: a word of three or more consonants (a vowel allowed as its first letter, "abrd")
// becomes the vocabulary word with the same skeleton (first letter, then the rest without vowels),
// when one stem has that skeleton.
//
// Lookups use a SymSpell-style deletion index built once: every vocabulary word is stored under the
// strings obtained by deleting up to two of its letters, so a correction costs a few hash lookups
// and never a scan of the vocabulary. Only lower-case ASCII words are corrected.
//
// Thread-safety: immutable after construction; correct() may run on many threads at once.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "intent/string_hash.hpp"

namespace careerbot::intent {

class SpellingCorrector {
 public:
  struct Options {
    std::size_t min_length = 5;
    std::size_t long_length = 8;
  };

  // `vocabulary`: the words a typo may be corrected to. `known_words`: a dictionary of correctly
  // spelt words that are never corrected but never become corrections either ("faster" must not
  // turn into the keyword "masters").
  SpellingCorrector(const std::vector<std::string>& vocabulary, Options options,
                    const std::vector<std::string>& known_words = {});

  // True when `word` or its stem is in the vocabulary, or `word` is a known dictionary word.
  bool known(std::string_view word) const;
  // The correction of `word`, or nullopt when it is known, too short, not plain a-z, or has no
  // unique closest candidate.
  std::optional<std::string_view> correct(std::string_view word) const;

  // The vocabulary and each word's stem, in the same order.
  const std::vector<std::string>& words() const noexcept { return words_; }
  const std::vector<std::string>& word_stems() const noexcept { return word_stems_; }

 private:
  void index_deletes(std::string& word, std::uint32_t id, int depth, std::size_t from);
  // A word too short for edit-distance correction, or with no vocabulary word near it: two letters
  // swapped, then letters without vowels.
  std::optional<std::string_view> correct_unmatched(std::string_view word) const;
  std::optional<std::string_view> correct_skeleton(std::string_view word) const;
  // The one vocabulary or dictionary word two neighbouring letters of `word` swapped make ("lnog",
  // "taht", "thrid"), or nullopt.
  std::optional<std::string_view> correct_transposition(std::string_view word) const;

  Options options_;
  std::vector<std::string> words_;
  std::vector<std::string> word_stems_;
  StringMap<std::uint32_t> ids_;
  StringSet stems_;
  StringSet known_words_;
  StringMap<std::vector<std::uint32_t>> deletes_;
  StringMap<std::vector<std::uint32_t>> skeletons_;  // "mstrs" -> masters, master
};

// Optimal-string-alignment (restricted Damerau-Levenshtein) distance, capped: returns max + 1 as
// soon as the distance must exceed `max`.
std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t max);

}  // namespace careerbot::intent
