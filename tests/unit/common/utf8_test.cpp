#include "common/utf8.hpp"

#include <gtest/gtest.h>

using namespace careerbot;

TEST(Utf8, AcceptsValidText) {
  EXPECT_TRUE(utf8::is_valid("plain ascii"));
  EXPECT_TRUE(utf8::is_valid("Bachelor\xE2\x80\x99s degree"));  // curly apostrophe
  EXPECT_TRUE(utf8::is_valid("\xF0\x9F\x8E\x93"));              // emoji
}

TEST(Utf8, RejectsBrokenSequencesAtTheirOffset) {
  EXPECT_EQ(utf8::first_invalid("ab\xFF"), 2u);
  EXPECT_EQ(utf8::first_invalid("a\xC0\xAF"), 1u);         // overlong '/'
  EXPECT_EQ(utf8::first_invalid("\xED\xA0\x80"), 0u);      // surrogate
  EXPECT_EQ(utf8::first_invalid("ok\xE2\x80"), 2u);        // truncated
  EXPECT_EQ(utf8::first_invalid("\xF4\x90\x80\x80"), 0u);  // above U+10FFFF
}

TEST(Utf8, CutsOnCharacterBoundaries) {
  const std::string text =
      "a\xE2\x80\x99"
      "bc";
  EXPECT_EQ(utf8::length(text), 4u);
  EXPECT_EQ(utf8::prefix(text, 2), "a\xE2\x80\x99");
  EXPECT_EQ(utf8::prefix(text, 1), "a");
  EXPECT_EQ(utf8::prefix(text, 10), text);
}
