// The planner's recommendation for every kind of student, checked against the seed's four routes.
#include "dialog/planner.hpp"

#include <gtest/gtest.h>

#include <ctime>

#include "content_fixture.hpp"

namespace careerbot::dialog {
namespace {

using Profile = std::map<std::string, std::string>;

class PlannerTest : public ::testing::Test {
 protected:
  Plan plan(const Profile& profile) {
    const auto content = testing::project_content();
    return make_plan(*content->planner, *content->answers, content->knowledge->careers().front(), profile);
  }
  static bool says(const Plan& p, const std::string& phrase) {
    return p.text.find(phrase) != std::string::npos;
  }
};

TEST_F(PlannerTest, ClassTenStudentIsToldToCompleteTwelfthWithScienceFirst) {
  const Plan p = plan({{"education", "school"}, {"stream", "science"}});
  EXPECT_TRUE(says(p, "complete 10+2 with Science")) << p.text;
  EXPECT_TRUE(says(p, "Your next step: 10+2 with Science or relevant subjects")) << p.text;
  // the step after the 10+2 they are in, with its length
  EXPECT_TRUE(says(p, "; after it: Bachelor")) << p.text;
  EXPECT_TRUE(says(p, "(3-4 years)")) << p.text;
  EXPECT_FALSE(says(p, "Science with Maths (PCM) starts")) << p.text;  // the stream is known
}

// Class 10 or below is not asked the stream: the plan says which one to choose.
TEST_F(PlannerTest, ClassTenStudentWithNoStreamIsToldWhichStreamToChoose) {
  const Plan p = plan({{"education", "school"}, {"masters_wish", "no"}, {"abroad", "no"}});
  EXPECT_TRUE(says(p, "complete 10+2 with Science")) << p.text;
  EXPECT_TRUE(says(p, "Science with Maths (PCM) starts the foundation in mathematics")) << p.text;
}

TEST_F(PlannerTest, TwelfthScienceWithNoWishesGetsTheShortestRoute) {
  const Plan p = plan({{"education", "class12"},
                       {"stream", "science"},
                       {"masters_wish", "unsure"},
                       {"certification_wish", "no"},
                       {"abroad", "no"}});
  EXPECT_EQ(p.best_route, 1) << p.text;
  EXPECT_TRUE(
      says(p, "You meet the first requirement on every route: 10+2 with Science or relevant subjects"));
  EXPECT_TRUE(says(p, "Your next step: Bachelor"));
  EXPECT_TRUE(says(p, "Computer Science, Information Technology, or Engineering"));
  EXPECT_TRUE(says(p, "about 4 to 6.5 years")) << p.text;
}

TEST_F(PlannerTest, ScienceWithoutMathsMeetsTheFirstStepAndIsToldTheFoundationNeedsMaths) {
  const Plan pcb = plan({{"education", "class12"},
                         {"stream", "science"},
                         {"maths", "no"},
                         {"masters_wish", "no"},
                         {"certification_wish", "no"},
                         {"abroad", "no"}});
  EXPECT_TRUE(says(pcb, "Science without Maths (PCB) still meets")) << pcb.text;
  EXPECT_TRUE(says(pcb, "statistics, or mathematics essential")) << pcb.text;
  // Past the degree the 10+2 subjects are history: nothing to plan for.
  const Plan graduate = plan({{"education", "bachelors"},
                              {"stream", "science"},
                              {"maths", "no"},
                              {"degree_field", "computer_science"},
                              {"masters_wish", "no"},
                              {"certification_wish", "no"},
                              {"abroad", "no"}});
  EXPECT_FALSE(says(graduate, "Science without Maths")) << graduate.text;
}

TEST_F(PlannerTest, CommerceAndArtsStudentsGetThePagesWordingAndACounsellor) {
  for (const char* stream : {"commerce", "arts"}) {
    const Plan p = plan({{"education", "class12"}, {"stream", stream}});
    EXPECT_TRUE(says(p, "\"10+2 with Science or relevant subjects\"")) << p.text;
    EXPECT_TRUE(says(p, "check with a counsellor")) << p.text;
    EXPECT_FALSE(says(p, "You meet the first requirement")) << p.text;
  }
}

TEST_F(PlannerTest, AGraduateFromCommerceOrArtsIsToldTheGuideDoesNotSayWhetherTheStreamCounts) {
  for (const char* stream : {"commerce", "arts"}) {
    const Plan p = plan({{"education", "bachelors"}, {"stream", stream}, {"degree_field", "other"}});
    EXPECT_TRUE(says(p, "\"10+2 with Science or relevant subjects\"")) << p.text;
    EXPECT_TRUE(says(p, "does not say whether")) << p.text;
    EXPECT_FALSE(says(p, "before you choose a degree")) << p.text;  // their 10+2 is behind them
  }
  // Science past 12th needs no such line.
  const Plan science = plan({{"education", "bachelors"}, {"stream", "science"}, {"degree_field", "other"}});
  EXPECT_FALSE(says(science, "does not say whether")) << science.text;
}

TEST_F(PlannerTest, SomeoneWorkingWithNoDegreeStartsFromTheDegree) {
  // A polytechnic diploma holder working as a tester: the bachelor's is still ahead of them.
  const Plan p = plan({{"education", "working"},
                       {"stream", "vocational"},
                       {"degree_field", "none"},
                       {"years_experience", "2"},
                       {"masters_wish", "no"},
                       {"certification_wish", "yes"},
                       {"abroad", "no"}});
  EXPECT_TRUE(says(p, "Your next step: Bachelor")) << p.text;
  EXPECT_TRUE(says(p, "does not say whether")) << p.text;  // a vocational 10+2 equivalent
  EXPECT_FALSE(says(p, "Your degree in")) << p.text;
}

TEST_F(PlannerTest, AMastersHolderIsToldTheirMastersCounts) {
  const Plan p = plan({{"education", "masters"},
                       {"stream", "science"},
                       {"degree_field", "computer_science"},
                       {"abroad", "no"}});
  EXPECT_EQ(p.best_route, 2) << p.text;
  EXPECT_TRUE(says(p, "because you already have a master's degree")) << p.text;
}

TEST_F(PlannerTest, WantingAMastersPicksRouteTwoAndNamesItsUnknownLength) {
  const Plan p =
      plan({{"education", "class12"}, {"stream", "science"}, {"masters_wish", "yes"}, {"abroad", "no"}});
  EXPECT_EQ(p.best_route, 2) << p.text;
  EXPECT_TRUE(says(p, "because you want a master's degree"));
  EXPECT_TRUE(says(p, "the master's degree, whose length the guide does not give")) << p.text;
}

TEST_F(PlannerTest, RulingOutAMastersExcludesRouteTwo) {
  const Plan p =
      plan({{"education", "class12"}, {"stream", "science"}, {"masters_wish", "no"}, {"abroad", "no"}});
  EXPECT_NE(p.best_route, 2);
  EXPECT_TRUE(p.routes.back().excluded);
  EXPECT_FALSE(says(p, "Also possible: Route 2")) << p.text;
}

TEST_F(PlannerTest, WantingCertificationsPicksRouteThree) {
  const Plan p = plan({{"education", "class12"},
                       {"stream", "science"},
                       {"masters_wish", "no"},
                       {"certification_wish", "yes"},
                       {"abroad", "no"}});
  EXPECT_EQ(p.best_route, 3) << p.text;
  EXPECT_TRUE(says(p, "about 5 to 8 years")) << p.text;
}

TEST_F(PlannerTest, WorkingAbroadPicksRouteFourAndOnlyThen) {
  EXPECT_EQ(plan({{"education", "class12"}, {"stream", "science"}, {"abroad", "yes"}}).best_route, 4);
  const Plan home = plan({{"education", "class12"}, {"stream", "science"}, {"abroad", "no"}});
  EXPECT_NE(home.best_route, 4);
  EXPECT_FALSE(says(home, "Route 4")) << home.text;
}

TEST_F(PlannerTest, GraduateInComputerScienceStartsAfterTheDegree) {
  const Plan p = plan({{"education", "bachelors"},
                       {"degree_field", "computer_science"},
                       {"masters_wish", "no"},
                       {"certification_wish", "no"},
                       {"abroad", "no"}});
  EXPECT_EQ(p.best_route, 1);
  EXPECT_TRUE(says(p, "Your degree in Computer Science is one the guide names for every route")) << p.text;
  EXPECT_TRUE(says(p, "Your next step: Gain practical experience through internships")) << p.text;
  EXPECT_TRUE(says(p, "about 1 to 2.5 years")) << p.text;  // 3-6 months + 1-2 years
}

TEST_F(PlannerTest, GraduateInAnotherFieldIsPointedToRoutesThatAcceptARelatedField) {
  const Plan p = plan({{"education", "bachelors"}, {"degree_field", "other"}});
  EXPECT_TRUE(says(p, "Route 2 and Route 3 accept a bachelor's in a related field")) << p.text;
  // one route "accepts"
  const Plan engineer = plan({{"education", "bachelors"}, {"degree_field", "engineering"}});
  EXPECT_TRUE(says(engineer, "Route 2 accepts a bachelor's in a related field")) << engineer.text;
}

TEST_F(PlannerTest, MastersHolderSkipsTheMastersStepOfRouteTwo) {
  const Plan p = plan({{"education", "masters"}, {"degree_field", "data_science"}, {"abroad", "no"}});
  EXPECT_EQ(p.best_route, 2) << p.text;
  EXPECT_TRUE(says(p, "Your next step: Work in data analysis or software development roles")) << p.text;
  EXPECT_FALSE(says(p, "whose length the guide does not give")) << p.text;
}

TEST_F(PlannerTest, WorkingProfessionalWithExperienceIsPointedToTheStepsThatRemain) {
  const Plan p = plan({{"education", "working"},
                       {"degree_field", "computer_science"},
                       {"years_experience", "2"},
                       {"masters_wish", "no"},
                       {"certification_wish", "yes"},
                       {"abroad", "no"}});
  EXPECT_EQ(p.best_route, 3) << p.text;
  EXPECT_TRUE(says(p, "Your work experience counts")) << p.text;
  EXPECT_TRUE(says(p, "Pursue professional certifications")) << p.text;
}

TEST_F(PlannerTest, AWorkingMastersHolderHasTheMastersStepDoneAndTheirExperienceCounted) {
  const Plan p = plan({{"education", "working_masters"},
                       {"degree_field", "data_science"},
                       {"years_experience", "2"},
                       {"abroad", "no"}});
  EXPECT_EQ(p.best_route, 2) << p.text;
  EXPECT_FALSE(says(p, "whose length the guide does not give")) << p.text;
  EXPECT_TRUE(says(p, "Your work experience counts")) << p.text;
}

TEST_F(PlannerTest, StudentInTheirDegreeFinishesItFirst) {
  const Plan p =
      plan({{"education", "bachelors_student"}, {"degree_field", "computer_science"}, {"abroad", "no"}});
  EXPECT_TRUE(says(p, "Finish your bachelor's first; then: Gain practical experience")) << p.text;
  EXPECT_TRUE(says(p, "Time after you finish your bachelor's")) << p.text;
}

TEST_F(PlannerTest, EveryRecommendationNamesARealRouteAndItsSources) {
  for (const char* education : {"school", "class12", "bachelors_student", "bachelors", "masters", "working"})
    for (const char* masters : {"yes", "no", "unsure"})
      for (const char* abroad : {"yes", "no"}) {
        const Plan p = plan({{"education", education}, {"masters_wish", masters}, {"abroad", abroad}});
        ASSERT_GE(p.best_route, 1);
        ASSERT_LE(p.best_route, 4);
        EXPECT_FALSE(p.sources.empty());
        EXPECT_FALSE(says(p, "{")) << "unfilled placeholder: " << p.text;
      }
}

// One message answers several yes/no questions, each from the phrase nearest its topic words.
TEST(FlowTopics, EachTopicTakesTheAnswerNearestItInItsOwnClauseFirst) {
  const auto& flow = *testing::project_content()->planner;
  using Answers = std::map<std::string, std::string>;
  EXPECT_EQ(flow.read_topics("no master's for me, certifications if possible, and I'm staying in India"),
            (Answers{{"certification_wish", "yes"}, {"masters_wish", "no"}}));
  EXPECT_EQ(flow.read_topics("masters yes certifications no"),
            (Answers{{"certification_wish", "no"}, {"masters_wish", "yes"}}));
  EXPECT_EQ(flow.read_topics("no masters certifications yes"),
            (Answers{{"certification_wish", "yes"}, {"masters_wish", "no"}}));
  // "want to" inside "dont want to" does not count.
  EXPECT_EQ(flow.read_topics("I dont want to do a masters but I do want certifications").at("masters_wish"),
            "no");
  // The clause decides before the neighbouring one does.
  EXPECT_EQ(flow.read_topics("I'd love to work abroad, maybe do a master's there"),
            (Answers{{"abroad", "yes"}, {"masters_wish", "unsure"}}));
  EXPECT_EQ(flow.read_topics("certifications, yes").at("certification_wish"), "yes");
  EXPECT_EQ(flow.read_topics("master's shayad, certifications haan"),
            (Answers{{"certification_wish", "yes"}, {"masters_wish", "unsure"}}));
  // A topic with no answer near it says nothing.
  EXPECT_TRUE(flow.read_topics("what is a masters degree?").empty());
  EXPECT_TRUE(flow.read_topics("how long does the certification route take").empty());
}

// An option's short form (`says:`) answers when it is a whole clause, typed alone or among others.
TEST(FlowInterpret, AnOptionsShortFormIsAnAnswerAsAWholeClause) {
  const auto content = testing::project_content();
  const FlowDef& flow = *content->planner;
  const FlowSlot* abroad = flow.find("abroad");
  ASSERT_NE(abroad, nullptr);
  EXPECT_EQ(flow.interpret(*abroad, "India.", content->matcher->match("India."), false), "no");
  const auto topics = flow.read_topics("nope no master's. certs maybe. India. fastest");
  ASSERT_TRUE(topics.contains("abroad"));
  EXPECT_EQ(topics.at("abroad"), "no");
  EXPECT_EQ(topics.at("masters_wish"), "no");
  // Not inside a longer clause: "india me kaun hire karta hai" names India without answering.
  EXPECT_FALSE(flow.read_topics("india me kaun hire karta hai").contains("abroad"));
}

// Asked about a master's: a question's yes/no words answer only when they open it or name the subject.
TEST(FlowInterpret, AQuestionsYesNoWordsAnswerOnlyWhenTheyOpenItOrNameTheSubject) {
  const auto content = testing::project_content();
  const FlowDef& flow = *content->planner;
  const FlowSlot* masters = flow.find("masters_wish");
  ASSERT_NE(masters, nullptr);
  const auto answer = [&](const std::string& text, bool asks) {
    return flow.interpret(*masters, text, content->matcher->match(text), asks);
  };
  EXPECT_EQ(answer("my parents want me to do btech first, is that ok?", true), std::nullopt);
  EXPECT_EQ(answer("my parents want me to do btech first, is that ok?", false), "yes");  // as a statement
  EXPECT_EQ(answer("yes, but how long is it?", true), "yes");
  EXPECT_EQ(answer("would a masters help? i want one", true), "yes");
  EXPECT_EQ(answer("nope, why do you ask?", true), "no");
  // "also" says yes ("certifications also") but opens this question: no answer.
  EXPECT_EQ(answer("also, is there any association I could join?", true), std::nullopt);
}

// Asked about a master's, a doubt said of another fact ("abroad? not sure") answers nothing, not even
// through the "Not sure" option's words; said of nothing else, it is the answer.
TEST(FlowInterpret, ADoubtAboutAnotherFactIsNoAnswer) {
  const auto content = testing::project_content();
  const FlowDef& flow = *content->planner;
  const FlowSlot* masters = flow.find("masters_wish");
  ASSERT_NE(masters, nullptr);
  const auto answer = [&](const std::string& text) {
    return flow.interpret(*masters, text, content->matcher->match(text), false);
  };
  EXPECT_EQ(answer("abroad? not sure honestly"), std::nullopt);
  EXPECT_EQ(answer("not sure honestly"), "unsure");
  EXPECT_EQ(answer("dunno"), "unsure");
  EXPECT_EQ(answer("already did MCA, no more degrees"), "no");
}

// A lone letter answers the waiting yes/no question, and only that one: "n" names no topic.
TEST(FlowInterpret, ALoneLetterAnswersOnlyTheWaitingQuestion) {
  const auto content = testing::project_content();
  const FlowDef& flow = *content->planner;
  const FlowSlot* masters = flow.find("masters_wish");
  const FlowSlot* stream = flow.find("stream");
  ASSERT_NE(masters, nullptr);
  ASSERT_NE(stream, nullptr);
  const auto answer = [&](const FlowSlot& slot, const std::string& text) {
    return flow.interpret(slot, text, content->matcher->match(text), false);
  };
  EXPECT_EQ(answer(*masters, "n"), "no");
  EXPECT_EQ(answer(*masters, "Y"), "yes");
  EXPECT_EQ(answer(*stream, "n"), std::nullopt);  // no yes or no option
  EXPECT_TRUE(flow.read_topics("n").empty());
}

// Every question has a second wording for a second answer in a row that could not be used.
TEST(FlowDefinition, EveryQuestionCanBeAskedAnotherWay) {
  const auto content = testing::project_content();
  EXPECT_FALSE(content->planner->text("reprompt_again").empty());
  for (const FlowSlot& slot : content->planner->slots()) {
    EXPECT_FALSE(slot.rephrase.empty()) << slot.slot;
    EXPECT_NE(slot.rephrase, slot.question) << slot.slot;
  }
}

// The planner's reading of `text` as the answer to the question about `slot`.
std::optional<std::string> answer_to(const std::string& slot, const std::string& text) {
  const auto content = testing::project_content();
  const FlowSlot* asked = content->planner->find(slot);
  if (asked == nullptr) {
    ADD_FAILURE() << "no slot " << slot;
    return std::nullopt;
  }
  return content->planner->interpret(*asked, text, content->matcher->match(text), false);
}

// An option named after a negation rules it out: no answer, and the planner knows it is one.
TEST(FlowInterpret, AnOptionNamedAfterANegationIsNoAnswer) {
  EXPECT_EQ(answer_to("education", "not working yet"), std::nullopt);
  EXPECT_EQ(answer_to("education", "i haven't started working"), std::nullopt);
  EXPECT_EQ(answer_to("education", "working now, not studying"), "working");  // the negation is after it
  const auto content = testing::project_content();
  const FlowSlot* education = content->planner->find("education");
  ASSERT_NE(education, nullptr);
  EXPECT_TRUE(content->planner->negates_option(*education, "not working yet"));
  EXPECT_TRUE(content->planner->negates_option(*education, "no, not working"));
  EXPECT_FALSE(content->planner->negates_option(*education, "working"));
  EXPECT_FALSE(content->planner->negates_option(*education, "hmm the blue one"));
}

// A yes or no that opens the answer answers, even beside other facts (years, a city); not when it
// comes later in such a message, and not beside another wish ("no, india only": which one is "no"?).
TEST(FlowInterpret, AnOpeningNoAnswersBesideOtherFactsButNotBesideAnotherWish) {
  EXPECT_EQ(answer_to("masters_wish", "nah, can't leave my job of 3 yrs, loans to pay"), "no");
  EXPECT_EQ(answer_to("masters_wish", "i have 3 yrs in sales, not sure"),
            std::nullopt);  // the doubt comes later
  EXPECT_EQ(answer_to("masters_wish", "no, india only"), std::nullopt);
}

// "commerce" asked for a degree is a degree in something else, and asked for the stream the stream; read
// from a message about something else, it is never a degree (`says_when_asked`, not `says`).
TEST(FlowInterpret, AnAnswerOnlyForItsOwnQuestionIsNotReadFromOtherMessages) {
  EXPECT_EQ(answer_to("degree_field", "commerce"), "other");
  EXPECT_EQ(answer_to("degree_field", "12th only"), "none");
  EXPECT_EQ(answer_to("stream", "commerce"), "commerce");
  EXPECT_EQ(answer_to("stream", "still thinking"), "unsure");
  const FlowDef& flow = *testing::project_content()->planner;
  EXPECT_FALSE(flow.read_topics("commerce").contains("degree_field"));
  EXPECT_FALSE(flow.read_topics("not sure").contains("stream"));
  EXPECT_EQ(flow.read_topics("canada").at("abroad"), "yes");  // `says`: read from any message
}

// Years said the ways people say them: number words before a word for years, or alone; months as
// whole years; a calendar year as the years since; never a number word that is no count ("four" is no
// calendar year, "do" alone is Hindi "two" only before "saal").
TEST(FlowInterpret, YearsOfExperienceSaidInWordsMonthsOrSinceAYear) {
  const auto answer = [](const std::string& text) { return answer_to("years_experience", text); };
  EXPECT_EQ(answer("two yrs"), "2");
  EXPECT_EQ(answer("four"), "4");
  EXPECT_EQ(answer("teen saal"), "3");
  EXPECT_EQ(answer("do saal"), "2");
  EXPECT_EQ(answer("about a year"), "1");
  EXPECT_EQ(answer("8 months"), "0");
  EXPECT_EQ(answer("18 months"), "1");
  EXPECT_EQ(answer("just started"), "0");
  EXPECT_EQ(answer("3 years in testing"), "3");
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  EXPECT_EQ(answer("since 2020"), std::to_string(utc.tm_year + 1900 - 2020));
  EXPECT_EQ(answer("since 1800"), std::nullopt);
}

}  // namespace
}  // namespace careerbot::dialog
