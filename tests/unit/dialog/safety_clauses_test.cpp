// The clauses the safety classifier scores besides the whole message (safety_clauses.hpp): split at
// joining words with enough words on each side, at most kMaxClauses, views into the text.
#include "dialog/safety_clauses.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace careerbot::dialog {
namespace {

std::vector<std::string> clauses_of(std::string_view text) {
  std::vector<std::string_view> views;
  split_clauses(text, views);
  return {views.begin(), views.end()};
}

using Clauses = std::vector<std::string>;

TEST(SafetyClauses, SplitsAtJoiningWordsAndLeavesThemOut) {
  EXPECT_EQ(clauses_of("which course is best for ml also i feel empty all the time"),
            (Clauses{"which course is best for ml", "i feel empty all the time"}));
  EXPECT_EQ(clauses_of("mca ka scope batao lekin andar se toot gaya hu"),
            (Clauses{"mca ka scope batao", "andar se toot gaya hu"}));
}

TEST(SafetyClauses, AJoiningWordWithTooFewWordsOnASideDoesNotSplit) {
  EXPECT_TRUE(clauses_of("salt and pepper").empty());
  EXPECT_TRUE(clauses_of("ai and ml jobs in pune").empty());      // one word before "and"
  EXPECT_TRUE(clauses_of("which is better ai and ml").empty());   // one word after
  EXPECT_EQ(clauses_of("is data science and ml the same field"),  // three before, four after
            (Clauses{"is data science", "ml the same field"}));
}

TEST(SafetyClauses, NoSplitPointGivesNoClauses) {
  EXPECT_TRUE(clauses_of("").empty());
  EXPECT_TRUE(clauses_of("what is the salary of a data analyst in pune").empty());
}

TEST(SafetyClauses, AtMostTheLimitTheLastKeepsTheRest) {
  const auto clauses = clauses_of(
      "one two three and four five six and seven eight nine and ten eleven twelve "
      "and thirteen fourteen fifteen and sixteen seventeen eighteen");
  ASSERT_EQ(clauses.size(), kMaxClauses);
  EXPECT_EQ(clauses.front(), "one two three");
  EXPECT_EQ(clauses.back(), "ten eleven twelve and thirteen fourteen fifteen and sixteen seventeen eighteen");
}

TEST(SafetyClauses, ClausesAreViewsIntoTheText) {
  const std::string text = "tell me the ml roadmap but i cannot sleep at night";
  std::vector<std::string_view> views;
  split_clauses(text, views);
  ASSERT_EQ(views.size(), 2u);
  for (const auto view : views) {
    EXPECT_GE(view.data(), text.data());
    EXPECT_LE(view.data() + view.size(), text.data() + text.size());
  }
}

}  // namespace
}  // namespace careerbot::dialog
