// The coverage report: which intents the conversation tests reached, from the real intents folder.
#include "cli/intent_coverage.hpp"

#include <algorithm>

#include <gtest/gtest.h>

namespace careerbot::cli {
namespace {

TEST(IntentCoverage, CountsOnlyKnownIntentsAndListsTheRestInOrder) {
  EXPECT_EQ(intent_coverage_report({"overview", "employers", "routes", "greeting"},
                                   {"routes", "overview", "fallback"}),
            "intents answered: 2 of 4 (50%)\nnot answered by any test: employers, greeting\n");
  EXPECT_EQ(intent_coverage_report({"overview"}, {"overview"}), "intents answered: 1 of 1 (100%)\n");
}

TEST(IntentCoverage, ReadsTheIntentNamesOfTheProjectsIntentsFolder) {
  const auto names = intent_names(std::string(CAREERBOT_SOURCE_DIR) + "/intents");
  EXPECT_GT(names.size(), 20u);
  for (const char* expected : {"greeting", "overview"})
    EXPECT_NE(std::find(names.begin(), names.end(), expected), names.end()) << expected;
  EXPECT_EQ(std::find(names.begin(), names.end(), "fallback"), names.end())
      << "fallback is no intent of the folder";
}

}  // namespace
}  // namespace careerbot::cli
