#include "dialog/phrase_index.hpp"

#include <gtest/gtest.h>

#include <random>

namespace careerbot::dialog {
namespace {

// What PhraseIndex replaces: every phrase searched for in the text; the first place wins, and of
// phrases found at one place the earliest listed. Returns (phrase, place), or (-1, npos).
std::pair<std::int64_t, std::size_t> search_every_phrase(const std::vector<std::string>& phrases,
                                                         const std::string& padded,
                                                         bool (*wanted)(std::uint32_t)) {
  std::int64_t best = -1;
  std::size_t best_at = std::string::npos;
  for (std::uint32_t i = 0; i < phrases.size(); ++i) {
    const std::size_t at = padded.find(phrases[i]);
    if (at != std::string::npos && wanted(i) && (best < 0 || at < best_at)) {
      best = i;
      best_at = at;
    }
  }
  return {best, best_at};
}

// PhraseIndex::first as (phrase, place), or (-1, npos).
template <typename Wanted>
std::pair<std::int64_t, std::size_t> indexed(const PhraseIndex& index, const std::string& padded,
                                             Wanted wanted) {
  const auto found = index.first(padded, wanted);
  if (!found) return {-1, std::string::npos};
  return {found->phrase, found->at};
}

TEST(PhraseIndex, FindsThePhraseThatStartsFirstLongestListedFirst) {
  const PhraseIndex index({" not sure ", " dont want to ", " want to ", " not ", " yes ", " sure "});
  const auto any = [](std::uint32_t) { return true; };
  using Result = std::pair<std::int64_t, std::size_t>;
  EXPECT_EQ(indexed(index, " i am not sure yes ", any), Result(0, 5));  // " not sure " before " not "
  EXPECT_EQ(indexed(index, " yes but not sure ", any), Result(4, 0));
  EXPECT_EQ(indexed(index, " i dont want to ", any), Result(1, 2));
  EXPECT_EQ(indexed(index, " nothing here ", any).first, -1);  // whole words: "not" is not in "nothing"
  EXPECT_EQ(indexed(index, " sure ", any), Result(5, 0));
  EXPECT_EQ(indexed(index, "  ", any).first, -1);
  EXPECT_EQ(indexed(index, " not sure ", [](std::uint32_t i) { return i != 0; }), Result(3, 0));
}

// A filter may also take the place (the planner's "too" says yes only at the end of an answer): a
// phrase refused at one place is still found at a later one, and other phrases in between win.
TEST(PhraseIndex, AFilterMayLookAtThePlace) {
  const PhraseIndex index({" too hard ", " too ", " no "});
  const auto not_too_first = [](std::uint32_t i, std::size_t at) { return i != 1 || at > 0; };
  using Result = std::pair<std::int64_t, std::size_t>;
  EXPECT_EQ(indexed(index, " too old no ", not_too_first), Result(2, 8));
  EXPECT_EQ(indexed(index, " too old too ", not_too_first), Result(1, 8));
  EXPECT_EQ(indexed(index, " too hard ", not_too_first), Result(0, 0));
  EXPECT_EQ(indexed(index, " too old ", not_too_first).first, -1);
}

// On random texts and phrase lists over a small vocabulary (so that phrases overlap, repeat and
// share first words), the index gives what searching for every phrase gives, with and without a filter.
TEST(PhraseIndex, GivesWhatSearchingForEveryPhraseGives) {
  const std::vector<std::string> words = {"no",   "not", "sure", "yes",   "a",
                                          "want", "to",  "dont", "maybe", "ha"};
  std::mt19937 rng(11);
  const auto padded_words = [&](std::size_t count) {
    std::string out = " ";  // as padded fold_words: "  " when there are no words
    for (std::size_t k = 0; k < count; ++k) out += words[rng() % words.size()] + " ";
    return count == 0 ? std::string("  ") : out;
  };
  for (int round = 0; round < 300; ++round) {
    std::vector<std::string> phrases;
    const std::size_t n = 1 + rng() % 12;
    for (std::size_t i = 0; i < n; ++i) phrases.push_back(padded_words(1 + rng() % 3));
    if (round % 10 == 0) phrases.push_back("  ");  // a phrase with no words at all
    const PhraseIndex index(phrases);
    for (int t = 0; t < 20; ++t) {
      const std::string text = padded_words(rng() % 9);
      const auto all = [](std::uint32_t) { return true; };
      const auto odd = [](std::uint32_t i) { return i % 2 == 1; };
      ASSERT_EQ(indexed(index, text, all), search_every_phrase(phrases, text, +all)) << text;
      ASSERT_EQ(indexed(index, text, odd), search_every_phrase(phrases, text, +odd)) << text;
    }
  }
}

}  // namespace
}  // namespace careerbot::dialog
