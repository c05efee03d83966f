// The one trim: typed text loses spaces, tabs and line breaks at both ends; header values and
// settings (kBlanks) only spaces and tabs.
#include "common/trim.hpp"

#include <gtest/gtest.h>

namespace careerbot {
namespace {

TEST(Trim, TypedTextLosesWhitespaceAtBothEnds) {
  EXPECT_EQ(trim("  hello world \t\r\n"), "hello world");
  EXPECT_EQ(trim("\n\n"), "");
  EXPECT_EQ(trim(""), "");
  EXPECT_EQ(trim("a"), "a");
  EXPECT_EQ(trim(" a b "), "a b");  // inner spaces stay
}

TEST(Trim, BlanksKeepLineBreaks) {
  EXPECT_EQ(trim(" \tvalue\t ", kBlanks), "value");
  EXPECT_EQ(trim("\nvalue\n", kBlanks), "\nvalue\n");
  EXPECT_EQ(trim(" \t ", kBlanks), "");
}

static_assert(trim("  x  ") == "x");

}  // namespace
}  // namespace careerbot
