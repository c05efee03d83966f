// The planner's values, stages and weights come from the flow file's `recommendation:` section: changing the
// file changes the recommendation, and a mistake in it is an error naming file and line.
#include "dialog/plan_rules.hpp"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "content_fixture.hpp"
#include "dialog/planner.hpp"

namespace careerbot::dialog {
namespace {

namespace fs = std::filesystem;
using Profile = std::map<std::string, std::string>;

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// A flow file written to a temporary path for one test.
class FlowFile {
 public:
  explicit FlowFile(const std::string& text)
      : path_(fs::temp_directory_path() / ("careerbot-plan-rules-" + std::to_string(::getpid()) + "-" +
                                           std::to_string(counter_++) + ".yaml")) {
    std::ofstream(path_) << text;
  }
  ~FlowFile() { fs::remove(path_); }
  FlowFile(const FlowFile&) = delete;
  FlowFile& operator=(const FlowFile&) = delete;
  std::shared_ptr<const FlowDef> load() const { return FlowDef::load(path_.string()); }
  std::string path() const { return path_.string(); }

 private:
  static inline int counter_ = 0;
  fs::path path_;
};

std::string real_planner() {
  return read_text(testing::source_path("intents/flows/planner.yaml"));
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

Plan plan_with(const FlowDef& flow, const Profile& profile) {
  const auto content = testing::project_content();
  return make_plan(flow, *content->answers, content->knowledge->careers().front(), profile);
}

const Profile kWantsMasters = {
    {"education", "class12"}, {"stream", "science"}, {"masters_wish", "yes"}, {"abroad", "no"}};

TEST(PlanRules, TheFlowFilesWeightDecidesTheBestRoute) {
  const FlowFile real(real_planner());
  EXPECT_EQ(plan_with(*real.load(), kWantsMasters).best_route, 2);
  // The master's weight turned against master's routes: the same student no longer gets route 2.
  const FlowFile changed(replaced(real_planner(), "      score: 2\n      reason: masters",
                                  "      score: -5\n      reason: masters"));
  EXPECT_NE(plan_with(*changed.load(), kWantsMasters).best_route, 2);
}

TEST(PlanRules, TheFlowFileSaysWhereAnEducationStands) {
  const Profile graduate = {
      {"education", "bachelors"}, {"degree_field", "computer_science"}, {"abroad", "no"}};
  const FlowFile real(real_planner());
  EXPECT_NE(plan_with(*real.load(), graduate).text.find("Your next step: Gain practical experience"),
            std::string::npos);
  // Read as a student who has not started the degree, the next step is the degree itself.
  const FlowFile changed(
      replaced(real_planner(), "    bachelors: {from: after_degree}", "    bachelors: {from: degree}"));
  EXPECT_NE(plan_with(*changed.load(), graduate).text.find("Your next step: Bachelor"), std::string::npos);
}

TEST(PlanRules, StandingOfAnUnlistedOrMissingEducation) {
  const auto flow = FlowFile(real_planner()).load();
  const PlanRules& rules = flow->plan();
  EXPECT_EQ(rules.standing("").from, EducationStanding::From::start);  // the `unknown` entry
  EXPECT_TRUE(rules.standing("").before_degree);
  EXPECT_EQ(rules.standing("diploma").from, EducationStanding::From::after_degree);
  EXPECT_FALSE(rules.standing("diploma").before_degree);
  EXPECT_EQ(rules.standing("masters").holds_stages, std::vector<std::string>{"masters"});
  EXPECT_FALSE(rules.stream_unclear("science"));
  EXPECT_FALSE(rules.stream_unclear("unsure"));
  EXPECT_FALSE(rules.stream_unclear("unknown"));  // a skipped question
  EXPECT_TRUE(rules.stream_unclear("commerce"));
}

TEST(PlanRules, AStageSaidWithADegreeHeldIsTheAnswerThatCombinesThem) {
  const auto flow = FlowFile(real_planner()).load();
  const PlanRules& rules = flow->plan();
  EXPECT_EQ(rules.combined("working", "masters"), "working_masters");
  EXPECT_EQ(rules.combined("working", "phd"), "working_masters");
  EXPECT_EQ(rules.combined("masters", "working"), "");  // the stage comes first
  EXPECT_EQ(rules.combined("bachelors", "masters"), "");
  EXPECT_EQ(rules.combined("working", "none"), "");
  const EducationStanding& both = rules.standing("working_masters");
  EXPECT_TRUE(both.counts_experience);
  EXPECT_EQ(both.holds_stages, std::vector<std::string>{"masters"});
  // A later stage than either, so neither said again undoes it.
  EXPECT_TRUE(rules.earlier_stage("working", "working_masters"));
  EXPECT_TRUE(rules.earlier_stage("masters", "working_masters"));
}

void expect_error(const std::string& from, const std::string& to, std::size_t line,
                  const std::string& message) {
  const FlowFile file(replaced(real_planner(), from, to));
  try {
    (void)file.load();
    ADD_FAILURE() << "loaded with " << to;
  } catch (const ContentError& e) {
    EXPECT_EQ(e.file(), file.path());
    EXPECT_EQ(e.line(), line) << e.what();
    EXPECT_NE(std::string(e.what()).find(message), std::string::npos) << e.what();
  }
}

std::size_t line_of(const std::string& needle) {
  const std::string text = real_planner();
  const auto at = text.find(needle);
  EXPECT_NE(at, std::string::npos) << needle;
  return static_cast<std::size_t>(
             std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n')) +
         1;
}

TEST(PlanRules, MistakesNameTheLine) {
  const std::size_t stage = line_of("  degree_stage: bachelors");
  expect_error("  degree_stage: bachelors", "  degree_stage: bachelors\n  degre_stage: x", stage + 1,
               "unknown key 'degre_stage' in recommendation");
  const std::size_t school = line_of("    school: {from: start");
  expect_error("    school: {from: start,", "    school: {from: later,", school,
               "from must be start, degree or after_degree");
  const std::size_t combined = line_of("    working_masters:");
  expect_error("combines: [working, masters, phd]", "combines: [working]", combined,
               "combines needs a stage and at least one degree");
  const std::size_t masters = line_of("      reason: masters");
  expect_error("      reason: masters", "      reason: mastery", masters - 4,
               "rule reason 'mastery' is not worded");
  expect_error("      score: 2\n      reason: masters", "      score: two\n      reason: masters",
               masters - 1, "score must be a whole number");
  expect_error("    - route_experience: true\n", "    - route_experiance: true\n",
               line_of("    - route_experience"), "unknown key 'route_experiance' in rule");
}

}  // namespace
}  // namespace careerbot::dialog
