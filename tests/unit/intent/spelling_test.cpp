#include "intent/spelling.hpp"

#include <gtest/gtest.h>

#include "intent/normalizer.hpp"

using namespace careerbot::intent;

namespace {

SpellingCorrector make() {
  return SpellingCorrector(
      {"learning", "certification", "certifications", "salary", "eligible", "machine", "internship",
       "internships", "fields", "fee", "about", "become", "specialist", "cat", "date", "data", "dates"},
      {5, 8});
}

std::string fix(const SpellingCorrector& s, std::string_view word) {
  auto c = s.correct(word);
  return c ? std::string(*c) : std::string(word);
}

}  // namespace

TEST(EditDistance, CountsTranspositionsAsOneEdit) {
  EXPECT_EQ(edit_distance("salary", "salary", 2), 0u);
  EXPECT_EQ(edit_distance("salery", "salary", 2), 1u);
  EXPECT_EQ(edit_distance("machien", "machine", 2), 1u);
  EXPECT_EQ(edit_distance("abc", "abcdef", 2), 3u);  // capped at max + 1
}

TEST(Spelling, CorrectsCommonTypos) {
  const SpellingCorrector s = make();
  EXPECT_EQ(fix(s, "lerning"), "learning");
  EXPECT_EQ(fix(s, "certifcation"), "certification");
  EXPECT_EQ(fix(s, "salery"), "salary");
  EXPECT_EQ(fix(s, "elligible"), "eligible");
  EXPECT_EQ(fix(s, "machne"), "machine");
  EXPECT_EQ(fix(s, "intrnship"), "internship");
  EXPECT_EQ(fix(s, "machien"), "machine");  // transposition
  EXPECT_EQ(fix(s, "specilaist"), "specialist");
}

TEST(Spelling, LeavesShortKnownAndFarWordsAlone) {
  const SpellingCorrector s = make();
  EXPECT_FALSE(s.correct("fees"));    // short
  EXPECT_FALSE(s.correct("datx"));    // short
  EXPECT_FALSE(s.correct("field"));   // its stem is known ("fields")
  EXPECT_FALSE(s.correct("salary"));  // known
  EXPECT_FALSE(s.correct("sxlxry"));  // two edits on a six-letter word
  EXPECT_FALSE(s.correct("pilot"));   // nothing close
  EXPECT_FALSE(s.correct("c++ab"));   // not a plain word
}

// Two neighbouring letters swapped, at any length from three letters: the one word a single swap
// makes, from the dictionary of known words, or from the vocabulary too from `min_length` letters; a
// real word is never read as a swap.
TEST(Spelling, TwoSwappedLettersAreReadAtAnyLength) {
  const SpellingCorrector s({"long", "that", "year", "from", "yes", "who", "maar"}, {5, 8},
                            {"third", "form", "what", "tow", "two", "long", "that", "year", "yes", "who"});
  EXPECT_EQ(fix(s, "lnog"), "long");
  EXPECT_EQ(fix(s, "taht"), "that");
  EXPECT_EQ(fix(s, "yaer"), "year");
  EXPECT_EQ(fix(s, "yse"), "yes");
  EXPECT_EQ(fix(s, "hwo"), "who");
  EXPECT_EQ(fix(s, "thrid"), "third");  // a dictionary word is a fine target
  EXPECT_EQ(fix(s, "waht"), "what");
  EXPECT_EQ(fix(s, "form"), "form");  // a real word: never a swap of "from"
  EXPECT_EQ(fix(s, "amar"), "amar");  // short: a vocabulary word that is no English word is no target
  const SpellingCorrector two({"abcde", "bcade"}, {5, 8});
  EXPECT_EQ(fix(two, "bacde"), "bacde");  // one swap makes "abcde", another "bcade": no guess
  EXPECT_EQ(fix(s, "ab"), "ab");          // too short to tell
}

// SMS spelling without vowels: the word whose first letter and consonants these are, when one stem
// has them; two words with the same letters ("btch": batch or btech) are left alone.
TEST(Spelling, WordsTypedWithoutVowelsAreRead) {
  const SpellingCorrector s = make();
  EXPECT_EQ(fix(s, "crtfctns"), "certifications");
  EXPECT_EQ(fix(s, "spclst"), "specialist");
  EXPECT_EQ(fix(s, "bcm"), "become");
  EXPECT_EQ(fix(s, "abt"), "about");  // a vowel may stay as the first letter
  EXPECT_EQ(fix(s, "dt"), "dt");      // too short
  EXPECT_EQ(fix(s, "dts"), "dates");
  EXPECT_EQ(fix(s, "slry"), "salary");
  EXPECT_EQ(fix(s, "slri"), "slri");  // has a vowel: not a skeleton, and too far for a typo
  const SpellingCorrector two({"batch", "btech", "masters", "master"}, {5, 8});
  EXPECT_EQ(fix(two, "btch"), "btch");  // batch or btech: no guess
  EXPECT_EQ(fix(two, "mstrs"), "masters");
}

TEST(Spelling, TiesBetweenDifferentWordsAreLeftAlone) {
  const SpellingCorrector s({"abcdef", "abcdeg"}, {5, 8});
  EXPECT_FALSE(s.correct("abcdex"));
  // A tie between forms of one word is not a real tie.
  const SpellingCorrector forms({"intern", "interns"}, {5, 8});
  EXPECT_EQ(fix(forms, "internx"), "intern");
}

TEST(Spelling, NormalizerReportsCorrections) {
  auto speller = std::make_shared<const SpellingCorrector>(make());
  const Normalizer n(nullptr, speller);
  const NormalizedText t = n.normalize("Machne lerning fees");
  EXPECT_EQ(t.text, "machine learning fees");
  ASSERT_EQ(t.corrections.size(), 2u);
  EXPECT_EQ(t.corrections[0], (std::pair<std::string, std::string>{"machne", "machine"}));
}
