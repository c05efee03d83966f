#include "intent/matcher.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "intent/lint.hpp"
#include "temp_dir.hpp"

using namespace careerbot;
using namespace careerbot::intent;
using careerbot::intent::testing::TempDir;

namespace {

const std::string kMatcherBasic = std::string(CAREERBOT_INTENT_DATA) + "/basic";

std::vector<CareerName> careers() {
  return {{"machine-learning-specialist", {"Machine Learning Specialist", "ML engineer"}},
          {"data-scientist", {"Data Scientist"}}};
}

class MatcherTest : public ::testing::Test {
 protected:
  std::shared_ptr<const IntentSet> set_ = IntentSet::load_directory(kMatcherBasic);
  Matcher matcher_{set_, careers()};
};

}  // namespace

TEST_F(MatcherTest, ClassifiesWithPatternsAndKeywords) {
  const MatchResult r = matcher_.match("What is the salary of an ML engineer?");
  EXPECT_EQ(r.intent, "salary");
  // raw = pattern 2 + keyword "salary" 2 = 4; confidence = 4 / 5.5
  ASSERT_FALSE(r.top.empty());
  EXPECT_DOUBLE_EQ(r.top[0].raw, 4.0);
  EXPECT_DOUBLE_EQ(r.confidence, 4.0 / 5.5);
  EXPECT_EQ(r.top[0].patterns, (std::vector<std::string>{"\\bsalary\\b"}));
  EXPECT_EQ(r.entities.at("career"), "machine-learning-specialist");
}

TEST_F(MatcherTest, KeywordsCountOnceAndMatchInflections) {
  // "hiring" stems like "hire"; "salary salary" counts the keyword once.
  const MatchResult twice = matcher_.match("salary salary salary");
  EXPECT_DOUBLE_EQ(twice.top[0].raw, 4.0);
  const MatchResult r = matcher_.match("companies hiring in India");
  EXPECT_EQ(r.intent, "employers_india");
  EXPECT_DOUBLE_EQ(r.top[0].raw, 2.0 + 1.5 + 1.5 + 1.0);
}

TEST_F(MatcherTest, PhraseKeywordsAddToTheirWords) {
  const MatchResult r = matcher_.match("a machine learning certification");
  EXPECT_EQ(r.intent, "certifications");
  EXPECT_DOUBLE_EQ(r.top[0].raw, 3.0);  // "certification" 2 + "machine learning certification" 1
}

TEST_F(MatcherTest, BelowThresholdIsFallback) {
  const MatchResult r = matcher_.match("become");  // eligibility keyword 0.5 -> 0.25 confidence
  EXPECT_EQ(r.intent, "fallback");
  ASSERT_EQ(r.top.size(), 1u);
  EXPECT_EQ(r.top[0].intent, "eligibility");
  EXPECT_DOUBLE_EQ(r.confidence, 0.5 / 2.0);
}

TEST_F(MatcherTest, OneClearSentenceSpeaksForAnUnsureMessage) {
  // The whole message is excluded from employers_india by "abroad"; its question sentence alone is not.
  const MatchResult r = matcher_.match("I might go abroad later. Which companies hire in India?");
  EXPECT_EQ(r.intent, "employers_india");
  EXPECT_EQ(r.from_sentence, "Which companies hire in India?");
  EXPECT_EQ(matcher_.explain(r).at("from_sentence"), "Which companies hire in India?");
  // One sentence: the whole message decides.
  const MatchResult one = matcher_.match("I might go abroad later and which companies hire in India?");
  EXPECT_NE(one.intent, "employers_india");
  EXPECT_TRUE(one.from_sentence.empty());
  // A dot inside "3.5" or "B.Tech" ends no sentence.
  const MatchResult number = matcher_.match("abroad in 3.5 years, which companies hire in India?");
  EXPECT_NE(number.intent, "employers_india");
}

TEST_F(MatcherTest, ExcludeZeroesAnIntent) {
  EXPECT_EQ(matcher_.match("companies hiring in India").intent, "employers_india");
  const MatchResult r = matcher_.match("companies hiring in India or abroad");
  for (const Candidate& c : r.top) EXPECT_NE(c.intent, "employers_india");
}

TEST_F(MatcherTest, RequiresGatesOnEntities) {
  const MatchResult without = matcher_.match("companies that hire");
  for (const Candidate& c : without.top) EXPECT_NE(c.intent, "employers_city");
  const MatchResult with = matcher_.match("companies that hire in Bengaluru");
  EXPECT_EQ(with.intent, "employers_city");
  EXPECT_EQ(with.entities.at("city"), "bangalore");
}

TEST_F(MatcherTest, AmbiguousWhenRunnerUpIsWithinMargin) {
  // employers_india: pattern 2 + companies 1.5 + hire 1.5 + india 1 = 6 -> 0.800;
  // employers_city (Mumbai present): pattern 2 + companies 1.5 + hire 1.5 = 5 -> 0.769.
  const MatchResult r = matcher_.match("companies that hire in Mumbai India");
  ASSERT_GE(r.top.size(), 2u);
  EXPECT_EQ(r.intent, "employers_india");
  EXPECT_EQ(r.top[1].intent, "employers_city");
  EXPECT_TRUE(r.ambiguous);
  const MatchResult clear = matcher_.match("What is the salary?");
  EXPECT_FALSE(clear.ambiguous);
}

TEST_F(MatcherTest, ExtractsEntitiesWithCaptures) {
  const MatchResult r = matcher_.match("I have 3 years of work experience after 12th, tell me about route 2");
  EXPECT_EQ(r.entities.at("years_experience"), "3");
  EXPECT_EQ(r.entities.at("education"), "class12");
  EXPECT_EQ(r.entities.at("route"), "2");
  EXPECT_EQ(r.intent, "route_detail");
  EXPECT_EQ(matcher_.match("I am in class 10").entities.at("education"), "class10");
  EXPECT_EQ(matcher_.match("Data scientists earn how much?").entities.at("career"), "data-scientist");
  EXPECT_TRUE(matcher_.match("hello").entities.empty());
}

// The planner checks a yes or no read across a sentence end against each sentence read alone.
TEST_F(MatcherTest, SentenceEntitiesReadEachSentenceAlone) {
  const auto sentences = matcher_.sentence_entities("I am in class 10. Tell me about route 2");
  ASSERT_EQ(sentences.size(), 2u);
  EXPECT_EQ(sentences[0].words, 5u);
  EXPECT_FALSE(sentences[0].asks);
  EXPECT_TRUE(matcher_.sentence_entities("Route 2? I am in class 10").front().asks);
  EXPECT_EQ(sentences[0].entities.at("education"), "class10");
  EXPECT_FALSE(sentences[0].entities.contains("route"));
  EXPECT_EQ(sentences[1].entities.at("route"), "2");
  // The whole message joins "2 years" to the next sentence's "job"; neither sentence says it alone.
  const std::string joined = "I studied for 2 years. Now I want a job";
  EXPECT_EQ(matcher_.match(joined).entities.at("years_experience"), "2");
  for (const auto& sentence : matcher_.sentence_entities(joined))
    EXPECT_FALSE(sentence.entities.contains("years_experience"));
  // Entities alone, without scoring an intent, are the ones match() finds.
  for (const std::string text : {"I have 3 years of work experience after 12th, tell me about route 2",
                                 "I am in class 10 in bangalore", "hello"})
    EXPECT_EQ(matcher_.entities_of(text), matcher_.match(text).entities) << text;
  // One sentence (a dot inside "3.5" or "B.Tech" ends none): nothing to check against.
  EXPECT_TRUE(matcher_.sentence_entities("tell me about route 2").empty());
  EXPECT_TRUE(matcher_.sentence_entities("I have 3.5 years of work experience").empty());
}

TEST_F(MatcherTest, CorrectsTyposBeforeMatching) {
  const MatchResult r = matcher_.match("What is the salery of a machne lerning specialist?");
  EXPECT_EQ(r.intent, "salary");
  EXPECT_EQ(r.normalized, "what is the salary of a machine learning specialist");
  EXPECT_EQ(r.corrections.size(), 3u);
  EXPECT_EQ(r.entities.at("career"), "machine-learning-specialist");
  EXPECT_EQ(matcher_.match("Am I elligible?").intent, "eligibility");
  EXPECT_EQ(matcher_.match("any intrnship?").intent, "internships");
  EXPECT_EQ(matcher_.match("which certifcation").intent, "certifications");
  // Real words and short words stay.
  EXPECT_TRUE(matcher_.match("what are the fees in this field").corrections.empty());
}

TEST_F(MatcherTest, CaseSensitiveLexiconReachesPatterns) {
  EXPECT_EQ(matcher_.match("Is IT a good field?").intent, "it_field");
  EXPECT_EQ(matcher_.match("is it a good field?").intent, "fallback");
}

TEST_F(MatcherTest, EmptyEmojiAndGibberishFallBack) {
  for (const char* text :
       {"", "   ", "\xF0\x9F\x98\x80\xF0\x9F\x98\x80", "xyzzy plugh", "!!!???", "qwrtpsdfghjklzxcvbnm"}) {
    const MatchResult r = matcher_.match(text);
    EXPECT_EQ(r.intent, "fallback") << text;
    EXPECT_FALSE(r.ambiguous);
  }
}

TEST_F(MatcherTest, LongInputIsHandled) {
  std::string text;
  while (text.size() < 5000) text += "blah words about nothing \xF0\x9F\x98\x80 ";
  text += "what is the salary";
  const MatchResult r = matcher_.match(text);
  EXPECT_EQ(r.intent, "salary");
  EXPECT_GT(r.tokens.size(), 500u);
}

TEST_F(MatcherTest, DeterministicAcrossCallsAndThreads) {
  const std::vector<std::string> questions = {"What is the salary?", "companies that hire in Mumbai India",
                                              "Can I become an ML specialist after 12th?", "hello", "xyzzy"};
  std::vector<nlohmann::json> expected;
  for (const auto& q : questions) expected.push_back(Matcher::explain(matcher_.match(q)));
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int round = 0; round < 200; ++round)
        for (std::size_t i = 0; i < questions.size(); ++i)
          if (Matcher::explain(matcher_.match(questions[i])) != expected[i])
            ++mismatches[static_cast<std::size_t>(t)];
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(mismatches, (std::vector<int>{0, 0, 0, 0}));
}

TEST_F(MatcherTest, TwoMatchersOnOneThreadDoNotShareScores) {
  Matcher other(set_, {});
  const MatchResult a = matcher_.match("salary");
  const MatchResult b = other.match("thanks");
  const MatchResult c = matcher_.match("salary");
  EXPECT_EQ(Matcher::explain(a), Matcher::explain(c));
  EXPECT_EQ(b.intent, "thanks");
}

TEST_F(MatcherTest, ExplainShape) {
  const nlohmann::json j = Matcher::explain(matcher_.match("Whats the salery in Bangalore?"));
  EXPECT_EQ(j.at("intent"), "salary");
  EXPECT_TRUE(j.at("confidence").is_number());
  EXPECT_EQ(j.at("ambiguous"), false);
  EXPECT_EQ(j.at("normalized"), "whats the salary in bangalore");
  EXPECT_EQ(j.at("tokens").size(), 5u);
  EXPECT_EQ(j.at("corrections")[0].at("from"), "salery");
  EXPECT_EQ(j.at("corrections")[0].at("to"), "salary");
  EXPECT_EQ(j.at("entities").at("city"), "bangalore");
  const auto& top = j.at("top")[0];
  EXPECT_EQ(top.at("intent"), "salary");
  EXPECT_DOUBLE_EQ(top.at("raw").get<double>(), 4.0);
  EXPECT_EQ(top.at("patterns")[0], "\\bsalary\\b");
  EXPECT_EQ(top.at("keywords")[0].at("keyword"), "salary");
  EXPECT_EQ(top.at("keywords")[0].at("weight"), 2.0);
}

TEST_F(MatcherTest, LintPassesOnTheFixture) {
  const auto errors = lint(*set_, matcher_);
  for (const auto& e : errors) ADD_FAILURE() << e.to_string();
}

TEST(Lint, ReportsExamplesThatMisclassify) {
  TempDir dir;
  dir.write("a.intents.yaml",
            "intents:\n  - name: salary\n    keywords:\n      - salary 2\n    examples:\n      - what is the "
            "salary\n"
            "  - name: fees\n    keywords:\n      - fees 2\n    examples:\n      - how much is the salary\n");
  auto set = IntentSet::load_directory(dir.path());
  Matcher m(set, {});
  const auto errors = lint(*set, m);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].file, dir.file("a.intents.yaml"));
  EXPECT_EQ(errors[0].line, 11u);
  EXPECT_NE(errors[0].message.find("classifies as 'salary'"), std::string::npos) << errors[0].message;
}
