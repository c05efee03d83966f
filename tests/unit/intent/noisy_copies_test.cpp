#include "intent/noisy_copies.hpp"

#include "intent/spelling.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

using namespace careerbot::intent;

namespace {

const std::vector<std::string> kTexts = {
    "What are the skills you need for this job?",
    "which companies hire ML specialists in Pune",
    "is a degree in computer science required, or will any engineering do?",
    "salary?",
    "how long does the whole thing take after 12th",
    "tell me about the route with a master's degree",
};

}  // namespace

TEST(NoisyCopies, SameTextAndSeedGiveTheSameCopies) {
  for (const auto& text : kTexts) {
    EXPECT_EQ(noisy_copies(text, {2, 1}), noisy_copies(text, {2, 1})) << text;
  }
}

TEST(NoisyCopies, OtherSeedsGiveOtherCopies) {
  std::size_t differ = 0;
  for (const auto& text : kTexts) differ += noisy_copies(text, {1, 1}) != noisy_copies(text, {1, 2});
  EXPECT_GE(differ, kTexts.size() / 2);
}

TEST(NoisyCopies, CopiesDifferFromTheTextAndEachOther) {
  for (const auto& text : kTexts) {
    const auto copies = noisy_copies(text, {3, 7});
    EXPECT_FALSE(copies.empty()) << text;
    EXPECT_LE(copies.size(), 3u);
    const std::set<std::string> distinct(copies.begin(), copies.end());
    EXPECT_EQ(distinct.size(), copies.size()) << text;
    EXPECT_EQ(distinct.count(text), 0u) << text;
  }
}

// Noise, not a new question: a copy stays close to the text it came from (a filler or an SMS spelling
// changes a few letters; two changes at most).
TEST(NoisyCopies, CopiesStayCloseToTheText) {
  for (const auto& text : kTexts)
    for (const auto& copy : noisy_copies(text, {3, 11}))
      EXPECT_LE(edit_distance(text, copy, 16), 16u) << text << " -> " << copy;
}

TEST(NoisyCopies, ZeroCopiesAndTextsWithoutWords) {
  EXPECT_TRUE(noisy_copies("what are the skills", {0, 1}).empty());
  // Nothing to misspell: only punctuation or a filler can change it, never a crash.
  for (const std::string text : {"", "?", "🙂", "  "}) {
    const auto copies = noisy_copies(text, {2, 1});
    for (const auto& c : copies) EXPECT_NE(c, text);
  }
}

// Every kind of change shows up over a handful of texts: the model sees typos, SMS spellings, dropped
// small words, fillers and punctuation habits.
TEST(NoisyCopies, EveryKindOfChangeOccurs) {
  bool sms = false, filler = false, no_question_mark = false, shorter = false, typo = false;
  for (const auto& text : kTexts) {
    for (const auto& copy : noisy_copies(text, {6, 3})) {
      const std::string padded = " " + copy + " ";
      sms |= padded.find(" u ") != std::string::npos || padded.find(" wat ") != std::string::npos ||
             padded.find(" r ") != std::string::npos || padded.find(" wich ") != std::string::npos;
      for (const char* f :
           {" bro ", " yaar ", " pls ", " plz ", " kya ", " hai ", " sir ", " hmm ", " bhai "})
        filler |= padded.find(f) != std::string::npos && (" " + text + " ").find(f) == std::string::npos;
      no_question_mark |= text.back() == '?' && copy.find('?') == std::string::npos;
      shorter |= copy.size() + 2 <= text.size();
      typo |= copy.size() == text.size() + 1 || copy.size() + 1 == text.size();
    }
  }
  EXPECT_TRUE(sms);
  EXPECT_TRUE(filler);
  EXPECT_TRUE(no_question_mark);
  EXPECT_TRUE(shorter);
  EXPECT_TRUE(typo);
}
