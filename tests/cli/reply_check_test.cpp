#include "cli/reply_check.hpp"

#include <gtest/gtest.h>

namespace careerbot::cli {
namespace {

using nlohmann::json;

ExpectedText at(std::string text, std::size_t line = 1) {
  return ExpectedText{std::move(text), line};
}

json reply(std::string text) {
  return json{{"type", "reply"},
              {"text", std::move(text)},
              {"intent", "plan"},
              {"confidence", 0.8},
              {"career", "machine-learning-specialist"},
              {"suggestions", json::array({"In class 11 or 12", "Working"})},
              {"sources", json::array()},
              {"explain", {{"flow", {{"name", "planner"}, {"slot", "education"}, {"finished", false}}}}}};
}

TEST(FoldForComparison, IgnoresCaseCurlyQuotesAndWhitespaceRuns) {
  EXPECT_EQ(fold_for_comparison("  Bachelor\u2019s\n\n  DEGREE\t in  CS "), "bachelor's degree in cs");
  EXPECT_EQ(fold_for_comparison("\u201CQuoted\u201D"), "\"quoted\"");
}

TEST(CheckReply, PassesWhenEverythingHolds) {
  Expectation e;
  e.intent = at("plan");
  e.contains = {at("every route starts with 10+2 WITH science"), at("Bachelor's degree")};
  e.not_contains = {at("0.0")};
  e.any_of = {at("Route 9"), at("route 1")};
  e.suggestions_include = {at("working")};
  e.flow_slot = at("education");
  e.career = at("machine-learning-specialist");
  EXPECT_TRUE(
      check_reply(e, reply("Every route starts with 10+2 with\nScience. Route 1: Bachelor\u2019s degree"))
          .empty());
}

TEST(CheckReply, ReportsEachDifferenceWithItsLine) {
  Expectation e;
  e.intent = at("overview", 3);
  e.contains = {at("Tech Mahindra", 5)};
  e.not_contains = {at("0.0 LPA", 7)};
  e.any_of = {at("Route 3", 9), at("Route 4", 10)};
  e.suggestions_include = {at("In class", 12)};  // a part of a suggestion is not the suggestion
  e.flow_slot = at("", 13);
  e.career = at("none", 14);
  const auto mismatches = check_reply(e, reply("Salary 0.0 lpa in Route 1"));
  ASSERT_EQ(mismatches.size(), 7u);
  EXPECT_EQ(mismatches[0].line, 3u);
  EXPECT_EQ(mismatches[0].message, "intent: expected \"overview\", got \"plan\"");
  EXPECT_EQ(mismatches[1].message, "missing text \"Tech Mahindra\"");
  EXPECT_EQ(mismatches[2].message, "unwanted text \"0.0 LPA\"");
  EXPECT_EQ(mismatches[3].line, 9u);
  EXPECT_EQ(mismatches[4].line, 12u);
  EXPECT_EQ(mismatches[5].message, "flow_slot: expected \"\", got \"education\"");
  EXPECT_EQ(mismatches[6].message, "career: expected \"none\", got \"machine-learning-specialist\"");
}

TEST(CheckReply, FinishedOrMissingFlowMeansNoSlot) {
  Expectation e;
  e.flow_slot = at("");
  auto finished = reply("x");
  finished["explain"]["flow"]["finished"] = true;
  EXPECT_TRUE(check_reply(e, finished).empty());
  auto no_flow = reply("x");
  no_flow["explain"]["flow"] = nullptr;
  EXPECT_TRUE(check_reply(e, no_flow).empty());
  e.flow_slot = at("stream");
  EXPECT_EQ(check_reply(e, no_flow).size(), 1u);
}

TEST(CheckReply, FlowSlotCannotPassWithoutAnExplanation) {
  Expectation e;
  e.flow_slot = at("", 4);
  auto r = reply("x");
  r.erase("explain");
  const auto mismatches = check_reply(e, r);
  ASSERT_EQ(mismatches.size(), 1u);
  EXPECT_EQ(mismatches[0].line, 4u);
  EXPECT_NE(mismatches[0].message.find("no \"explain\""), std::string::npos);
}

TEST(CheckReply, AnsweredIntentComesFromTheExplanation) {
  Expectation e;
  e.intent = at("fallback");
  e.answered_intent = at("gap_fees", 6);
  auto r = reply("The guide does not give fees");
  r["intent"] = "fallback";
  r["explain"]["decision"] = {{"answered_intent", "gap_fees"}, {"reply_intent", "fallback"}};
  EXPECT_TRUE(check_reply(e, r).empty());
  r["explain"]["decision"]["answered_intent"] = "gap_colleges";
  const auto mismatches = check_reply(e, r);
  ASSERT_EQ(mismatches.size(), 1u);
  EXPECT_EQ(mismatches[0].message, "answered_intent: expected \"gap_fees\", got \"gap_colleges\"");
  r.erase("explain");
  EXPECT_EQ(check_reply(e, r).size(), 1u);
}

TEST(CheckReply, MatchedIntentIsTheTopCandidate) {
  Expectation e;
  e.matched_intent = at("more");
  auto r = reply("x");
  r["explain"]["top"] = json::array({{{"intent", "more"}, {"confidence", 0.7}}, {{"intent", "overview"}}});
  EXPECT_TRUE(check_reply(e, r).empty());
  r["explain"]["top"] = json::array();
  EXPECT_EQ(check_reply(e, r).at(0).message, "matched_intent: expected \"more\", got \"\"");
}

TEST(CheckReply, NullCareerReadsAsNone) {
  Expectation e;
  e.career = at("none");
  auto r = reply("x");
  r["career"] = nullptr;
  EXPECT_TRUE(check_reply(e, r).empty());
}

TEST(CheckReply, AnErrorFrameFailsEvenWithoutExpectations) {
  const auto mismatches =
      check_reply(Expectation{}, json{{"type", "error"}, {"code", "rate_limited"}, {"message", "slow down"}});
  ASSERT_EQ(mismatches.size(), 1u);
  EXPECT_NE(mismatches[0].message.find("rate_limited"), std::string::npos);
}

}  // namespace
}  // namespace careerbot::cli
