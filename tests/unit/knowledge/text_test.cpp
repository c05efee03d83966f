#include "knowledge/text.hpp"

#include <gtest/gtest.h>

#include "knowledge/fts_query.hpp"

namespace careerbot::knowledge {
namespace {

TEST(Slug, LowerCaseAsciiWithSingleDashes) {
  EXPECT_EQ(text::slug("Meta (Facebook)"), "meta-facebook");
  EXPECT_EQ(text::slug("Machine Learning Model Development"), "machine-learning-model-development");
  EXPECT_EQ(text::slug("  HCL -- Technologies!  "), "hcl-technologies");
  EXPECT_EQ(text::slug("Bachelor\xE2\x80\x99s degree"), "bachelor-s-degree");
}

TEST(Clean, CollapsesSpacesAndDropsSpaceBeforePunctuation) {
  EXPECT_EQ(text::clean("  Computer Science, or Engineering .  "), "Computer Science, or Engineering.");
  EXPECT_EQ(text::clean("a\xC2\xA0\xC2\xA0 b"), "a b");
  EXPECT_EQ(text::clean("\xC2\xA0"), "");
  // Only spaces go: wording, inner punctuation and decimals stay.
  EXPECT_EQ(text::clean("e.g., decision trees .NET 0.5"), "e.g., decision trees .NET 0.5");
}

TEST(Symbols, EmojiAndBulletsAreDecoration) {
  EXPECT_TRUE(text::is_symbols_only("\xF0\x9F\x8E\x93"));              // 🎓
  EXPECT_TRUE(text::is_symbols_only("\xF0\x9F\x8F\x9B\xEF\xB8\x8F"));  // 🏛️
  EXPECT_FALSE(text::is_symbols_only("1"));
  EXPECT_EQ(text::strip_leading_symbols("\xF0\x9F\x87\xAE\xF0\x9F\x87\xB3 India"), "India");  // 🇮🇳
  EXPECT_EQ(text::strip_leading_symbols("India"), "India");
}

TEST(Fold, CaseInsensitiveNames) {
  EXPECT_EQ(text::fold("  ML   Specialist "), text::fold("ml specialist"));
  EXPECT_NE(text::fold("ML Specialist"), text::fold("ML Specialists"));
}

TEST(FtsMatch, QuotesEveryWordAndOrsThem) {
  EXPECT_EQ(fts_match_expression("Kaggle competitions?"), "\"Kaggle\" OR \"competitions\"");
  EXPECT_EQ(fts_match_expression("\"*\" NEAR(a b) AND -x ^y:z"),
            "\"NEAR\" OR \"a\" OR \"b\" OR \"AND\" OR \"x\" OR \"y\" OR \"z\"");
  EXPECT_EQ(fts_match_expression("  \"\" ** () "), "");
  EXPECT_EQ(fts_match_expression("caf\xC3\xA9"), "\"caf\xC3\xA9\"");
}

}  // namespace
}  // namespace careerbot::knowledge
