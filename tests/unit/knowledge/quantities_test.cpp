#include "knowledge/quantities.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace careerbot::knowledge {
namespace {

TEST(Duration, RangesInYearsAndMonths) {
  Duration d = parse_duration("3-4 years");
  EXPECT_EQ(d.text, "3-4 years");
  EXPECT_EQ(d.min_months, 36);
  EXPECT_EQ(d.max_months, 48);
  EXPECT_TRUE(d.known());

  d = parse_duration("3-6 months");
  EXPECT_EQ(d.min_months, 3);
  EXPECT_EQ(d.max_months, 6);

  d = parse_duration("1-2 years");
  EXPECT_EQ(d.min_months, 12);
  EXPECT_EQ(d.max_months, 24);
}

TEST(Duration, SingleValues) {
  Duration d = parse_duration("6 months");
  EXPECT_EQ(d.min_months, 6);
  EXPECT_EQ(d.max_months, 6);
  d = parse_duration("1 year");
  EXPECT_EQ(d.min_months, 12);
  EXPECT_EQ(d.max_months, 12);
}

TEST(Duration, EnDashAndSpacesAroundTheDash) {
  EXPECT_EQ(parse_duration("3 \xE2\x80\x93 4 years").max_months, 48);
  EXPECT_EQ(parse_duration("3 - 4 years").min_months, 36);
}

TEST(Duration, MissingIsUnknownNotGuessed) {
  Duration d = parse_duration("");
  EXPECT_FALSE(d.known());
  EXPECT_FALSE(d.min_months.has_value());
  EXPECT_FALSE(d.max_months.has_value());
  EXPECT_TRUE(d.text.empty());
}

TEST(Duration, MalformedThrows) {
  for (const char* bad : {"three years", "3--4 yrs", "3-4", "years", "4-3 years", "0 years", "3-4 decades",
                          "3-4 years later", "-3 years", "3-4years"}) {
    EXPECT_THROW(parse_duration(bad), std::invalid_argument) << bad;
  }
}

TEST(Salary, ZeroOrAbsentIsUnknown) {
  EXPECT_FALSE(parse_salary("0.0LPA").has_value());
  EXPECT_FALSE(parse_salary("0LPA").has_value());
  EXPECT_FALSE(parse_salary("").has_value());
}

TEST(Salary, FiguresInLakhPerAnnum) {
  EXPECT_DOUBLE_EQ(*parse_salary("6.5LPA"), 6.5);
  EXPECT_DOUBLE_EQ(*parse_salary("12 LPA"), 12.0);
}

TEST(Salary, MalformedThrows) {
  for (const char* bad : {"six LPA", "6.5", "LPA", "-2LPA", "6.5.1LPA", "6.5 lakh"})
    EXPECT_THROW(parse_salary(bad), std::invalid_argument) << bad;
}

}  // namespace
}  // namespace careerbot::knowledge
