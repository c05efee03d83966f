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

TEST(Utf8, CountsUtf16UnitsLikeMessagingPlatforms) {
  EXPECT_EQ(utf8::utf16_length(""), 0u);
  EXPECT_EQ(utf8::utf16_length("abc"), 3u);
  EXPECT_EQ(utf8::utf16_length("é"), 1u);
  EXPECT_EQ(utf8::utf16_length("😀"), 2u) << "beyond U+FFFF: a surrogate pair";
  EXPECT_EQ(utf8::utf16_length("a😀é"), 4u);
}

TEST(Utf8, FitsTextToAUtf16CapWithAnEllipsis) {
  EXPECT_EQ(utf8::fit_utf16("hello", 5), "hello");
  EXPECT_EQ(utf8::fit_utf16("hello!", 5), "hell…");
  EXPECT_EQ(utf8::fit_utf16("ab😀", 4), "ab😀");
  EXPECT_EQ(utf8::fit_utf16("ab 😀c", 4), "ab…") << "no half emoji, no trailing space";
  EXPECT_EQ(utf8::fit_utf16("abc", 1), "…");
  EXPECT_LE(utf8::utf16_length(utf8::fit_utf16(std::string(5000, 'x'), 1024)), 1024u);
}

// The one normaliser: composition always; compatibility forms, case folding and ignorables on request.
TEST(Utf8Normalize, ComposesFoldsAndDropsOnRequest) {
  EXPECT_EQ(utf8::normalize("e\u0301", {}), "\u00e9");     // NFC
  EXPECT_EQ(utf8::normalize("\uFB01le", {}), "\uFB01le");  // the ligature stays without compatibility
  EXPECT_EQ(utf8::normalize("\uFB01le", {.compatibility = true}), "file");
  EXPECT_EQ(utf8::normalize("\u00C4RGER", {.casefold = true}), "\u00e4rger");
  EXPECT_EQ(utf8::normalize("co\u00ADop", {.compatibility = true}), "co\u00ADop");
  EXPECT_EQ(utf8::normalize("co\u00ADop", {.compatibility = true, .drop_ignorable = true}), "coop");
  EXPECT_EQ(utf8::normalize("bad \xC3(", {}), std::nullopt);
}
