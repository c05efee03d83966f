#include "common/concat.hpp"

#include <gtest/gtest.h>

namespace careerbot {
namespace {

TEST(Concat, JoinsLiteralsStringsAndViewsInOrder) {
  const std::string middle = "mid";
  const std::string_view view = "view";
  EXPECT_EQ(concat("\"", middle, "-", view, "\""), "\"mid-view\"");
  EXPECT_EQ(concat(""), "");
  EXPECT_EQ(concat(std::string(3, 'x'), " "), "xxx ");
}

}  // namespace
}  // namespace careerbot
