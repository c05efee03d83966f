// The classifiers on sets written before tuning by people who never saw intents/ or the training
// examples (tests/eval/README.md). Issues 14 and 16 ask for held-out understanding of at least 90%
// in scope and 90% out of scope, and safeguarding recall of at least 97% with at most 5% of near
// misses flagged. Recall is there; the rest is not yet, so those gates are ratchets at the level
// first measured (2026-12-05: 77.1% / 87.2%, near misses 49 of 200): they catch any step back and
// are raised as the examples grow, up to the targets. A failure here is fixed by writing NEW
// training examples of the failing class, never by copying eval lines (a near duplicate fails the
// first test).
#include <fstream>
#include <iostream>

#include <nlohmann/json.hpp>

#include "content_fixture.hpp"
#include "dialog/evaluation.hpp"
#include "intent/example_corpus.hpp"

namespace careerbot::dialog {
namespace {

const std::string kIntentSet = "tests/eval/heldout-intents.jsonl";
const std::string kSafetySet = "tests/eval/heldout-safeguarding.jsonl";
// Ratchets (see above); the issues' targets are 0.90, 0.90 and 0.05.
constexpr double kMinInScope = 0.75, kMinOutOfScope = 0.85, kMaxNearMissesFlagged = 0.27;
constexpr double kMinRecall = 0.97;

TEST(HeldOut, IntentLinesAreNotCopiesOfTrainingExamples) {
  const auto content = testing::project_content();
  std::vector<std::string> training;
  for (const auto& e :
       intent::load_intent_examples(*content->intents, testing::source_path("intents/examples")))
    training.push_back(e.text);
  const auto cases = load_eval_file(testing::source_path(kIntentSet));
  for (const auto& [c, example] : near_duplicates(cases, training))
    ADD_FAILURE() << kIntentSet << ":" << c->line << " '" << c->text << "' nearly repeats '" << example
                  << "'";
}

TEST(HeldOut, UnderstandingDoesNotStepBack) {
  const auto cases = load_eval_file(testing::source_path(kIntentSet));
  ASSERT_GE(cases.size(), 400u);
  const EvalReport report = evaluate(*testing::project_content(), cases);
  std::cout << report.format();
  EXPECT_GE(report.in_scope_accuracy(), kMinInScope);
  EXPECT_GE(report.out_of_scope_recognised(), kMinOutOfScope);
}

TEST(HeldOut, SafeguardingCatchesDistressAndLeavesNearMisses) {
  const auto content = testing::project_content();
  std::ifstream in(testing::source_path(kSafetySet));
  ASSERT_TRUE(in);
  std::size_t concerns = 0, caught = 0, near_misses = 0, flagged = 0;
  std::string line;
  while (std::getline(in, line)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const auto j = nlohmann::json::parse(line);
    const std::string text = j.at("text").get<std::string>();
    const bool concern = j.at("concern").get<bool>();
    const auto found = content->safeguarding->check(content->matcher->normalizer().normalize(text).text);
    if (concern) {
      ++concerns;
      if (found)
        ++caught;
      else
        std::cout << "  MISSED [" << j.value("class", "") << "] " << text << "\n";
    } else {
      ++near_misses;
      if (found) {
        ++flagged;
        std::cout << "  FLAGGED " << text << (found->unsure ? " (gentle check" : " (flag") << ", p "
                  << found->probability << ")\n";
      }
    }
  }
  std::cout << "concern caught " << caught << "/" << concerns << ", near misses flagged " << flagged << "/"
            << near_misses << "\n";
  ASSERT_GE(concerns, 150u);
  ASSERT_GE(near_misses, 150u);
  EXPECT_GE(static_cast<double>(caught), kMinRecall * static_cast<double>(concerns));
  EXPECT_LE(static_cast<double>(flagged), kMaxNearMissesFlagged * static_cast<double>(near_misses));
}

}  // namespace
}  // namespace careerbot::dialog
