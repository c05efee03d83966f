// The safety classifier's training corpus on the project's content: no line the reviewed patterns flag
// is taught as "no concern", whichever file it comes from.
#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "common/record_file.hpp"
#include "content_fixture.hpp"
#include "dialog/classifiers.hpp"
#include "intent/example_corpus.hpp"

namespace careerbot::dialog {
namespace {

// The corpus as attach_classifiers builds it, from the rules-only content (no model attached).
std::vector<intent::LabeledText> corpus_with(const std::vector<intent::Example>& intent_examples) {
  const auto content = testing::project_rules_content();
  const auto doc = RecordDocument::load(testing::source_path("intents/safeguarding.examples.yaml"));
  return safety_training_examples(*content->safeguarding, doc, intent_examples,
                                  content->matcher->normalizer());
}

bool has_none(const std::vector<intent::LabeledText>& corpus, const std::string& normalized) {
  return std::any_of(corpus.begin(), corpus.end(), [&](const intent::LabeledText& e) {
    return e.label == kNoConcernLabel && e.text == normalized;
  });
}

TEST(SafetyCorpus, AnIntentExampleThePatternsFlagIsNotTaughtAsNoConcern) {
  const auto content = testing::project_rules_content();
  const auto& normalizer = content->matcher->normalizer();
  const std::vector<intent::Example> examples = {
      {std::string(intent::kOutOfScopeLabel), "I feel so hopeless about everything", "test", 1},
      {std::string(intent::kOutOfScopeLabel), "what is the capital of France", "test", 2},
  };
  const auto corpus = corpus_with(examples);
  EXPECT_FALSE(has_none(corpus, normalizer.normalize(examples[0].text).text));
  EXPECT_TRUE(has_none(corpus, normalizer.normalize(examples[1].text).text));
}

// "thinking about it" answers "would you like a master's?": the planner's answers are no concern.
TEST(SafetyCorpus, ThePlannersAnswersAreTaughtAsNoConcern) {
  const auto content = testing::project_rules_content();
  const auto& normalizer = content->matcher->normalizer();
  const auto doc = RecordDocument::load(testing::source_path("intents/safeguarding.examples.yaml"));
  const auto answers = content->planner->answer_texts();
  ASSERT_NE(std::find(answers.begin(), answers.end(), "thinking about it"), answers.end());
  ASSERT_NE(std::find(answers.begin(), answers.end(), "Not decided yet"), answers.end());  // a quick reply
  const auto corpus = safety_training_examples(*content->safeguarding, doc, {}, normalizer, answers);
  EXPECT_TRUE(has_none(corpus, normalizer.normalize("thinking about it").text));
  EXPECT_TRUE(has_none(corpus, normalizer.normalize("Not decided yet").text));
}

TEST(SafetyCorpus, NoNoConcernLineOfTheProjectIsFlaggedByThePatterns) {
  const auto content = testing::project_rules_content();
  const auto corpus =
      corpus_with(intent::load_intent_examples(*content->intents, testing::source_path("intents/examples")));
  ASSERT_GT(corpus.size(), 1000U);
  for (const auto& e : corpus) {
    if (e.label != kNoConcernLabel) continue;
    EXPECT_FALSE(content->safeguarding->check(e.text).has_value())
        << "'" << e.text << "' is a near miss the patterns flag";
  }
}

}  // namespace
}  // namespace careerbot::dialog
