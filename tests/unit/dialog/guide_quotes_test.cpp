// The guide's own statements quoted back are left out of the question; anything else quoted stays.
#include "dialog/guide_quotes.hpp"

#include <gtest/gtest.h>

#include "content_fixture.hpp"

namespace careerbot::dialog {
namespace {

const GuideQuotes& quotes() {
  static const GuideQuotes q(*testing::project_content()->knowledge);
  return q;
}

TEST(GuideQuotes, FoldsToLowerCaseWordsWithSingleSpaces) {
  EXPECT_EQ(GuideQuotes::fold("  'TCS,  Mumbai'! "), "tcs mumbai");
  EXPECT_EQ(GuideQuotes::fold(""), "");
}

TEST(GuideQuotes, ASentenceThatOnlyPointsAtAQuoteGoesWhole) {
  EXPECT_EQ(quotes().without_quotes("You wrote 'Infosys, Bangalore'. What about Pune?"),
            "  What about Pune?");
  EXPECT_EQ(quotes().without_quotes("\"TCS, Mumbai\" - got it. And Chennai?"), "  And Chennai?");
  // curly quotes too
  EXPECT_EQ(quotes().without_quotes("\u2018Tech Mahindra, Pune\u2019 ok. And Mumbai?"), "  And Mumbai?");
}

TEST(GuideQuotes, FromAQuestionOnlyTheQuoteGoes) {
  EXPECT_EQ(quotes().without_quotes("Is 'TCS, Mumbai' hiring freshers this year?"),
            "Is   hiring freshers this year?");
}

TEST(GuideQuotes, WhatIsNotTheGuidesWholeStatementStays) {
  // a title or a name is what the question is about
  for (const char* text :
       {"what does 'Monitoring and Maintenance' involve?", "is 'TCS' a good place?",
        "my friend said 'ML is dead', true?", "what's a master's worth?", "an unclosed 'TCS, Mumbai quote"})
    EXPECT_EQ(quotes().without_quotes(text), text);
}

TEST(GuideQuotes, AMessageThatIsOnlyAQuoteStaysWhole) {
  EXPECT_EQ(quotes().without_quotes("'TCS, Mumbai'"), "'TCS, Mumbai'");
}

}  // namespace
}  // namespace careerbot::dialog
