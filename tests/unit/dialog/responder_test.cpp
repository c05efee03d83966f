// Conversations through the real responder and content: context, the guided planner with free-text
// answers, interruptions, re-prompts, cancelling, what-if questions, and honest fallbacks.
#include "dialog/responder.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "content_fixture.hpp"

namespace careerbot::dialog {
namespace {

class Conversation : public ::testing::Test {
 protected:
  Turn say(const std::string& text) { return respond(*testing::project_content(), state, text); }
  static bool has(const Turn& t, const std::string& phrase) {
    return t.reply.text.find(phrase) != std::string::npos;
  }
  SessionState state;
};

TEST_F(Conversation, PlannerStartsByQuotingTheRequirementThenAsksOnlyWhatItDoesNotKnow) {
  const Turn first = say("am I eligible?");
  EXPECT_EQ(first.reply.intent, "plan");
  EXPECT_TRUE(has(first, "10+2 with Science or relevant subjects")) << first.reply.text;
  EXPECT_EQ(state.flow.slot, "education");
  EXPECT_FALSE(first.reply.suggestions.empty());

  const Turn second = say("I'm in 12th with PCM");  // free text fills education and stream at once
  EXPECT_EQ(state.profile["education"], "class12");
  EXPECT_EQ(state.profile["stream"], "science");
  EXPECT_EQ(state.flow.slot, "masters_wish") << second.reply.text;
}

// advice has `plan_when_personal: asked`: saying who you are beside a request for tips gets the tips;
// asking about your own case (a parent about their son) gets the guided check.
TEST_F(Conversation, TipsWithOnesStageAreAdviceAskingAboutOnesOwnCaseIsThePlanner) {
  const Turn tips = say("i am in class 10, any tips to prepare for ml");
  EXPECT_EQ(tips.reply.intent, "advice") << tips.reply.text;
  EXPECT_FALSE(state.flow.active());
  state = SessionState{};
  const Turn own = say("my son is in class 12, what advice do you have for him");
  EXPECT_EQ(own.reply.intent, "plan") << own.reply.text;
}

TEST_F(Conversation, WhatTheStudentSaidEarlierIsNotAskedAgain) {
  say("I'm in final year B.Tech CS");
  const Turn t = say("which route should I take?");
  EXPECT_EQ(state.profile["education"], "bachelors_student");
  EXPECT_EQ(state.profile["degree_field"], "computer_science");
  EXPECT_EQ(state.flow.slot, "masters_wish") << t.reply.text;
}

TEST_F(Conversation, FullPlanWithTappedOptionsEndsInARecommendation) {
  say("help me plan my path");
  say("Finished 12th");
  say("Science with Maths (PCM)");
  say("Yes");
  say("No");
  const Turn last = say("No, in India");
  EXPECT_TRUE(state.flow.finished);
  EXPECT_TRUE(has(last, "Best fit: Route 2")) << last.reply.text;
  EXPECT_TRUE(has(last, "Your next step:")) << last.reply.text;
  EXPECT_EQ(state.last_route, "2");
}

TEST_F(Conversation, OffFlowQuestionIsAnsweredThenTheQuestionIsOfferedAgain) {
  say("am I eligible?");
  const Turn t = say("who hires in Bangalore?");
  EXPECT_TRUE(has(t, "Infosys")) << t.reply.text;
  EXPECT_TRUE(has(t, "Back to your plan:")) << t.reply.text;
  EXPECT_EQ(state.flow.slot, "education");
  say("In class 11 or 12");
  EXPECT_EQ(state.profile["education"], "class12");
}

TEST_F(Conversation, UnusableAnswersAreRepromptedThenSkippedNeverLooping) {
  say("am I eligible?");
  const Turn first = say("banana");
  EXPECT_TRUE(has(first, "Sorry, I couldn't use that answer")) << first.reply.text;
  EXPECT_EQ(state.flow.slot, "education");
  say("banana");
  const Turn third = say("banana");
  EXPECT_TRUE(has(third, "skip")) << third.reply.text;
  EXPECT_NE(state.flow.slot, "education");
  for (int i = 0; i < 30 && state.flow.active(); ++i) say("banana");
  EXPECT_FALSE(state.flow.active()) << "the flow must end";
}

TEST_F(Conversation, CancelAndStartOverWorkMidFlow) {
  say("am I eligible?");
  const Turn t = say("cancel");
  EXPECT_FALSE(state.flow.active());
  EXPECT_TRUE(has(t, "stopped the plan")) << t.reply.text;
  say("which route should I take?");
  EXPECT_TRUE(state.flow.active());
  say("start over");
  EXPECT_FALSE(state.flow.active());
}

TEST_F(Conversation, WhatIfReevaluatesTheSameRules) {
  say("am I eligible?");
  say("Finished 12th");
  say("Science with Maths (PCM)");
  say("No");
  say("No");
  say("No, in India");
  ASSERT_EQ(state.last_route, "1");
  const Turn t = say("what if I do a master's?");
  EXPECT_EQ(t.route, "what_if");
  EXPECT_TRUE(has(t, "With that change")) << t.reply.text;
  EXPECT_TRUE(has(t, "Best fit: Route 2")) << t.reply.text;
}

// Every what-if a plan offers is one the bot can act on, and it changes what the student said: after
// each, the profile differs and the offered what-ifs never ask for what the profile already holds.
TEST(WhatIfs, EveryOfferedWhatIfChangesTheProfile) {
  const auto content = testing::project_content();
  for (const char* answers : {"yes, yes, yes abroad", "no, no, no india only", "not sure, yes, no"}) {
    SessionState state;
    respond(*content, state, "i just finished 12th with pcm");
    std::string rest = answers;
    for (std::size_t comma; (comma = rest.find(", ")) != std::string::npos; rest = rest.substr(comma + 2))
      respond(*content, state, rest.substr(0, comma));
    const Turn plan = respond(*content, state, rest);
    ASSERT_TRUE(state.flow.finished) << answers << "\n" << plan.reply.text;
    for (const std::string& what_if : content->planner->what_ifs(state.profile)) {
      EXPECT_TRUE(std::find(plan.reply.suggestions.begin(), plan.reply.suggestions.end(), what_if) !=
                  plan.reply.suggestions.end())
          << what_if;
      SessionState after = state;
      const Turn t = respond(*content, after, what_if);
      EXPECT_EQ(t.route, "what_if") << answers << " / " << what_if;
      EXPECT_NE(after.profile, state.profile) << answers << " / " << what_if;
      EXPECT_EQ(std::find(t.reply.suggestions.begin(), t.reply.suggestions.end(), what_if),
                t.reply.suggestions.end())
          << "offered again after it was taken: " << what_if;
    }
  }
}

TEST(WhatIfs, AMastersHolderIsNotOfferedAMasters) {
  const auto content = testing::project_content();
  const auto offered = [&](std::map<std::string, std::string> profile) {
    const auto asks = content->planner->what_ifs(profile);
    return std::find(asks.begin(), asks.end(), "What if I do a master's?") != asks.end();
  };
  EXPECT_TRUE(offered({{"education", "bachelors"}, {"masters_wish", "no"}}));
  EXPECT_FALSE(offered({{"education", "bachelors"}, {"masters_wish", "yes"}}));
  EXPECT_FALSE(offered({{"education", "masters"}}));
  EXPECT_FALSE(offered({{"education", "phd"}}));
}

TEST_F(Conversation, ARouteIsWalkedThroughOneStepAtATime) {
  EXPECT_TRUE(has(say("what's the first step of route 1?"), "Step 1 of Route 1: 10+2 with Science"));
  const Turn second = say("then what?");
  EXPECT_TRUE(has(second, "Step 2 of Route 1: Bachelor")) << second.reply.text;
  EXPECT_TRUE(has(second, "(3-4 years)")) << second.reply.text;
  EXPECT_TRUE(has(say("how long is that?"), "Step 2 of Route 1 takes 3-4 years"));
  EXPECT_TRUE(has(say("and after that?"), "Step 3 of Route 1"));
  EXPECT_EQ(state.last_step, 3);
  EXPECT_EQ(SessionState::from_json(state.to_json()).last_step, 3);  // survives a restart
  const Turn last = say("then what");
  EXPECT_TRUE(has(last, "last step of Route 1")) << last.reply.text;
  EXPECT_EQ(state.last_step, 0);
  // Once the walk is over (or the talk moves on), "then what?" is not a step.
  say("which companies hire in India?");
  EXPECT_FALSE(has(say("then what?"), "Step ")) << "no walk in progress";
}

TEST_F(Conversation, TheFirstTwoListedRoutesAreComparedByTheGuidesDurations) {
  say("what are the different routes to become an ML specialist?");
  const Turn t = say("of the first two which is shorter?");
  EXPECT_TRUE(has(t, "Of Route 1 and Route 2, Route 1 takes less time")) << t.reply.text;
  EXPECT_TRUE(has(t, "whose length the guide does not give")) << t.reply.text;  // never a guessed length
  const Turn longer = say("and of the last two which takes more time?");
  // Both take about 5 to 8 years: neither is called the longer one.
  EXPECT_TRUE(has(longer, "Route 3 and Route 4 take about as long")) << longer.reply.text;
}

TEST_F(Conversation, CompareOneAndThreeComparesThoseListedRoutes) {
  say("what are the different routes to become an ML specialist?");
  const Turn t = say("compare 1 and 3");
  EXPECT_TRUE(has(t, "Of Route 1 and Route 3, Route 1 takes less time")) << t.reply.text;
  EXPECT_FALSE(has(t, "Route 2")) << t.reply.text;
  // Numbers past the end of the list compare nothing.
  say("what are the different routes to become an ML specialist?");
  EXPECT_FALSE(has(say("compare 1 and 9"), "Of Route 1 and"));
}

TEST_F(Conversation, TheMicrosoftOneIsTheListedItemNamedSo) {
  say("which certifications are useful?");
  const Turn t = say("and the microsoft one, what is it called exactly?");
  EXPECT_TRUE(has(t, "Microsoft Azure Machine Learning Engineer Associate")) << t.reply.text;
  EXPECT_FALSE(has(t, "Google Professional")) << t.reply.text;
}

TEST_F(Conversation, ShortFollowUpsCarryTheLastQuestionToANewPlace) {
  say("which companies in india hire for ML?");
  EXPECT_TRUE(has(say("any in the uk specifically"), "DeepMind"));
  say("which companies in india hire for ML?");
  const Turn abroad = say("aur India ke bahar?");
  EXPECT_TRUE(has(abroad, "Google")) << abroad.reply.text;
  EXPECT_FALSE(has(abroad, "Tech Mahindra")) << abroad.reply.text;
}

TEST_F(Conversation, ThatRouteAndTellMeMoreUseTheTopicInFocus) {
  say("tell me about route 2");
  const Turn t = say("how long does that route take?");
  EXPECT_TRUE(has(t, "Route 2 takes")) << t.reply.text;
  say("how are models deployed?");
  const Turn more = say("tell me more");
  EXPECT_TRUE(has(more, "Monitoring and Maintenance")) << more.reply.text;
}

TEST_F(Conversation, TellMeMoreAsTheFirstMessageAsksWhatAbout) {
  const Turn more = say("tell me more");
  EXPECT_EQ(more.reply.intent, "more");
  EXPECT_TRUE(has(more, "More about what?")) << more.reply.text;
  EXPECT_FALSE(has(more, "I'm not sure I can answer that")) << more.reply.text;
  EXPECT_FALSE(more.reply.suggestions.empty());
}

TEST_F(Conversation, ThatRightAfterARoutesAnswerMeansThatRoute) {
  say("tell me about the certification route");
  const Turn t = say("how long does that take");
  EXPECT_TRUE(has(t, "Route 3 takes")) << t.reply.text;
  EXPECT_FALSE(has(t, "Route 1")) << t.reply.text;
  // Once the talk has moved on, "that" is not the old route.
  say("which companies hire in India?");
  const Turn later = say("how long does that take");
  EXPECT_FALSE(has(later, "Route 3 takes")) << later.reply.text;
}

TEST_F(Conversation, ANamedStepGetsItsOwnDurationAndAFollowUpSwitchesStep) {
  const Turn bachelors = say("how many years is the bachelor's degree?");
  EXPECT_TRUE(has(bachelors, "3-4 years")) << bachelors.reply.text;
  EXPECT_FALSE(has(bachelors, "3-6 months")) << bachelors.reply.text;
  const Turn internships = say("and the internships?");
  EXPECT_TRUE(has(internships, "3-6 months")) << internships.reply.text;
  EXPECT_FALSE(has(internships, "3-4 years")) << internships.reply.text;
  const Turn all = say("how long does each step take?");
  EXPECT_TRUE(has(all, "3-4 years") && has(all, "3-6 months")) << all.reply.text;
}

TEST_F(Conversation, ANegationStaysWithItsOwnSubject) {
  // "no masters, want certs": no master's, but certifications yes; "in Pune no masters" is not a
  // master's degree held.
  say("3rd yr BCA student here in Pune. no masters, want certs, fastest path pls");
  EXPECT_EQ(state.profile["education"], "bachelors_student");
  EXPECT_EQ(state.profile["masters_wish"], "no");
  EXPECT_EQ(state.profile["certification_wish"], "yes");
  SessionState other;
  respond(*testing::project_content(), other, "12th PCM done. skipping masters, certifications yes");
  EXPECT_EQ(other.profile["education"], "class12");
  EXPECT_EQ(other.profile["masters_wish"], "no");
  EXPECT_EQ(other.profile["certification_wish"], "yes");
}

TEST_F(Conversation, AJobTitleAndItsYearsAreTheStudentsStage) {
  say("I'm a software tester, can I move into ML?");
  EXPECT_EQ(state.profile["education"], "working");
  const Turn t = say("B.Tech IT, 2 years of testing");
  EXPECT_EQ(state.profile["years_experience"], "2");
  EXPECT_EQ(state.profile["degree_field"], "information_technology");
  EXPECT_FALSE(has(t, "How many years of work experience")) << t.reply.text;
}

// A working student's master's is kept whichever comes first, and never asked about.
TEST_F(Conversation, AWorkingStudentsMastersIsKeptAndNotAskedAbout) {
  say("I have been a data analyst for 3 years, with an MSc in Statistics. Which route is quickest for me?");
  EXPECT_EQ(state.profile["education"], "working_masters");
  EXPECT_NE(state.flow.slot, "masters_wish");
  state = SessionState{};
  say("I completed my masters in data science, am I eligible?");
  EXPECT_EQ(state.profile["education"], "masters");
  const Turn later = say("also working as a developer for 2 years now");
  EXPECT_EQ(state.profile["education"], "working_masters") << later.reply.text;
  EXPECT_NE(state.flow.slot, "masters_wish") << later.reply.text;
  state = SessionState{};
  say("I haven't done a masters, I work as a tester for 2 years. Can I move into ML?");
  EXPECT_EQ(state.profile["education"], "working");
}

// "X means ...? yes, I'd take those": the question is answered and its yes counts; a plain question
// about the subject wishes nothing.
TEST_F(Conversation, AYesAfterAQuestionAnswersThePlannersQuestionToo) {
  say("final year btech cse, no masters for me, staying in india. which route?");
  ASSERT_EQ(state.flow.slot, "certification_wish");
  const Turn asked = say("are certifications expensive?");
  EXPECT_EQ(state.flow.slot, "certification_wish") << asked.reply.text;
  const Turn both = say("certifications are those online exams? ok yes I'd take those");
  EXPECT_EQ(state.profile["certification_wish"], "yes") << both.reply.text;
  EXPECT_FALSE(state.flow.active()) << both.reply.text;
}

// The guide's words quoted back are the bot's, not the question: "TCS, Mumbai" names no employer
// the student is asking about.
TEST_F(Conversation, TheGuidesWordsQuotedBackAreLeftOutOfTheQuestion) {
  say("who hires ML specialists in Bangalore?");
  const Turn t = say("you said 'Infosys, Bangalore'. What about Pune?");
  EXPECT_TRUE(has(t, "Tech Mahindra")) << t.reply.text;
  const Turn mumbai = say("\u2018Tech Mahindra, Pune\u2019 - noted. And Mumbai?");
  EXPECT_TRUE(has(mumbai, "Capgemini India")) << mumbai.reply.text;
  EXPECT_FALSE(has(mumbai, "Tech Mahindra")) << mumbai.reply.text;
  // A quote that is what the question is about stays: a title, not the guide's whole statement.
  const Turn title = say("what does 'Monitoring and Maintenance' involve?");
  EXPECT_TRUE(has(title, "data drift")) << title.reply.text;
}

TEST_F(Conversation, ElliptcalFollowUpSwitchesRegion) {
  say("which international companies hire?");
  const Turn t = say("and in India?");
  EXPECT_EQ(t.reply.intent, "employers_india") << t.reply.text;
  EXPECT_TRUE(has(t, "Infosys"));
}

TEST_F(Conversation, OtherCareersGetAnHonestFallbackWithoutOurFacts) {
  const Turn t = say("how do I become a pilot?");
  EXPECT_EQ(t.reply.intent, "fallback");
  EXPECT_FALSE(has(t, "Route 1")) << t.reply.text;
}

TEST_F(Conversation, SalaryIsNeverZeroAndNeverInvented) {
  const Turn t = say("what is the salary?");
  EXPECT_EQ(t.reply.intent, "salary");
  EXPECT_FALSE(has(t, "0.0")) << t.reply.text;
  EXPECT_TRUE(has(t, "does not give salary figures")) << t.reply.text;
}

TEST_F(Conversation, EveryReplyCitesItsSources) {
  const Turn t = say("which courses should I take?");
  ASSERT_FALSE(t.reply.sources.empty());
  EXPECT_NE(t.reply.sources.front().find("Machine Learning Specialist career guide"), std::string::npos);
}

TEST(SessionStateJson, RoundTripsAndSurvivesCorruption) {
  SessionState s;
  s.career = "machine-learning-specialist";
  s.profile["education"] = "class12";
  s.flow.name = "planner";
  s.flow.slot = "stream";
  s.add_turn({"hi", "hello", "greeting"}, 2);
  s.add_turn({"a", "b", "c"}, 2);
  s.add_turn({"d", "e", "f"}, 2);
  const SessionState back = SessionState::from_json(s.to_json());
  EXPECT_EQ(back.profile.at("education"), "class12");
  EXPECT_EQ(back.flow.slot, "stream");
  ASSERT_EQ(back.history.size(), 2u);
  EXPECT_EQ(back.history.front().user, "a");
  EXPECT_TRUE(SessionState::from_json("{not json").profile.empty());
  EXPECT_TRUE(SessionState::from_json("[1,2]").career.empty());
}

}  // namespace
}  // namespace careerbot::dialog
