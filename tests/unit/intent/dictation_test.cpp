#include "intent/dictation.hpp"

#include <gtest/gtest.h>

namespace careerbot::intent {
namespace {

TEST(Dictation, SpokenMarksBecomeTheMarks) {
  EXPECT_EQ(
      with_spoken_punctuation("I'm in final year comma no masters full stop am I eligible question mark"),
      "I'm in final year, no masters. am I eligible?");
  EXPECT_EQ(with_spoken_punctuation("India only Comma near my family"), "India only, near my family");
  EXPECT_EQ(with_spoken_punctuation("great exclamation  point thanks"), "great! thanks");
  EXPECT_EQ(with_spoken_punctuation("hello new line I am in class 12"), "hello\n I am in class 12");
}

TEST(Dictation, OrdinaryTextIsLeftAlone) {
  EXPECT_EQ(with_spoken_punctuation("which route is fastest?"), std::nullopt);
  // Only whole words after a word: not "commas", not a message that starts with the word.
  EXPECT_EQ(with_spoken_punctuation("commas and full stops in my essay"), std::nullopt);
  EXPECT_EQ(with_spoken_punctuation("comma"), std::nullopt);
  EXPECT_EQ(with_spoken_punctuation("what about the full stopwatch"), std::nullopt);
  EXPECT_EQ(with_spoken_punctuation(""), std::nullopt);
}

}  // namespace
}  // namespace careerbot::intent
