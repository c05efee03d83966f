// KnowledgeBase over several careers: the shipped one plus the two made-up test careers.

#include "knowledge/knowledge_base.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

#include "knowledge/builder.hpp"
#include "test_support.hpp"

namespace careerbot::knowledge {
namespace {

class SeveralCareers : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    std::string db = *dir_ / "knowledge.db";
    BuildResult result = build_knowledge({testing::shipped_careers(), testing::test_careers()}, db);
    ASSERT_TRUE(result.ok()) << result.errors.report();
    EXPECT_EQ(result.career_count, 3u);
    kb_ = KnowledgeBase::open(db, 2);
  }
  static void TearDownTestSuite() {
    kb_.reset();
    delete dir_;
  }
  static testing::TempDir* dir_;
  static std::shared_ptr<const KnowledgeBase> kb_;
};

testing::TempDir* SeveralCareers::dir_ = nullptr;
std::shared_ptr<const KnowledgeBase> SeveralCareers::kb_;

TEST_F(SeveralCareers, CareersSortedBySlugAndFoundBySlug) {
  std::vector<std::string> slugs;
  for (const auto& c : kb_->careers()) slugs.push_back(c.slug);
  EXPECT_EQ(slugs, (std::vector<std::string>{"machine-learning-specialist", "test-career-alpha",
                                             "test-career-beta"}));
  ASSERT_NE(kb_->find("test-career-beta"), nullptr);
  EXPECT_EQ(kb_->find("test-career-beta")->name, "Test Career Beta");
  EXPECT_EQ(kb_->find("test-career"), nullptr);
  EXPECT_EQ(kb_->find(""), nullptr);
}

TEST_F(SeveralCareers, FoundByNameOrAliasCaseInsensitively) {
  EXPECT_EQ(kb_->find_by_name("Widget  Calibrator"), kb_->find("test-career-alpha"));
  EXPECT_EQ(kb_->find_by_name("BETA SPECIALIST"), kb_->find("test-career-beta"));
  EXPECT_EQ(kb_->find_by_name("test career alpha"), kb_->find("test-career-alpha"));
  EXPECT_EQ(kb_->find_by_name("ML specialist"), kb_->find("machine-learning-specialist"));
  EXPECT_EQ(kb_->find_by_name("specialist"), nullptr);
}

TEST_F(SeveralCareers, CareersMentionedInAMessage) {
  auto found = kb_->mentioned_in("How do I become an ML engineer or a widget calibrator?");
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0]->slug, "machine-learning-specialist");
  EXPECT_EQ(found[1]->slug, "test-career-alpha");
  EXPECT_TRUE(kb_->mentioned_in("I like HTML engineering").empty());  // "ML engineer" only as whole words
}

TEST_F(SeveralCareers, SearchAcrossCareersAndRestrictedToOne) {
  auto all = kb_->search("zephyrometer", 10);
  std::set<std::string> careers;
  for (const auto& h : all) careers.insert(h.career_slug);
  EXPECT_EQ(careers, (std::set<std::string>{"test-career-alpha", "test-career-beta"}));

  auto beta = kb_->search("zephyrometer", 10, "test-career-beta");
  ASSERT_EQ(beta.size(), 1u);
  EXPECT_EQ(beta[0].career_slug, "test-career-beta");
  EXPECT_EQ(beta[0].fact.key, "overview.1");

  EXPECT_TRUE(kb_->search("Kaggle", 10, "test-career-alpha").empty());
  EXPECT_TRUE(kb_->search("Kaggle", 10, "no-such-career").empty());
  EXPECT_EQ(kb_->search("Kaggle", 1).size(), 1u);
}

TEST_F(SeveralCareers, SearchRanksTheBestMatchFirst) {
  auto hits = kb_->search("Kaggle competitions hackathons", 5, "machine-learning-specialist");
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0].fact.key, "internship.5");
  for (std::size_t i = 1; i < hits.size(); ++i) EXPECT_GE(hits[i - 1].score, hits[i].score);
}

TEST_F(SeveralCareers, FtsSyntaxInTheQueryNeverThrows) {
  for (const char* q :
       {"\"", "*", "NEAR", "AND", "OR", "NOT", "kaggle AND", "\"kaggle", "col:kaggle", "^kaggle",
        "NEAR(kaggle hackathons, 2)", "(((", "-", "", "   ", "\xF0\x9F\x8E\x93", "kag*", "a\"b\"c"}) {
    EXPECT_NO_THROW(kb_->search(q, 5)) << q;
  }
  // AND is just another word (it occurs in many facts); Kaggle's two facts still rank first.
  auto hits = kb_->search("kaggle AND", 5);
  ASSERT_GE(hits.size(), 2u);
  std::set<std::string> top{hits[0].fact.key, hits[1].fact.key};
  EXPECT_EQ(top, (std::set<std::string>{"internship.5", "advice.5"}));
  EXPECT_EQ(kb_->search("\"kaggle", 5).size(), 2u);
}

TEST_F(SeveralCareers, SalaryAndCertificationsOfAMadeUpCareer) {
  const Career* alpha = kb_->find("test-career-alpha");
  ASSERT_NE(alpha, nullptr);
  ASSERT_EQ(alpha->levels.size(), 1u);
  EXPECT_DOUBLE_EQ(alpha->levels[0].salary_lpa.value_or(0), 4.5);
  ASSERT_EQ(alpha->certifications.size(), 1u);
  EXPECT_EQ(alpha->certifications[0].reviewed, "2026-02-01");
  EXPECT_EQ(alpha->find_fact("advice.1")->reviewed, "2026-01-15");
  EXPECT_EQ(alpha->employers[0].name, "Alpha Widgets, Ltd");
  EXPECT_EQ(alpha->route(1)->steps[1].duration.min_months, 12);
  EXPECT_EQ(alpha->route(1)->steps[2].duration.max_months, 6);
  const Career* beta = kb_->find("test-career-beta");
  EXPECT_TRUE(beta->levels.empty());
  EXPECT_EQ(beta->route(2)->steps[1].stage, "");  // no planner rules in its overlay
  EXPECT_EQ(beta->final_message.text, "Test Career Beta exists only for tests.");
}

TEST_F(SeveralCareers, ConcurrentSearchesShareThePool) {
  // More threads than tokenizers made up front: a search finding none free makes another.
  std::atomic<int> kaggle_hits{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) kaggle_hits += static_cast<int>(kb_->search("Kaggle", 10).size());
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(kaggle_hits.load(), 6 * 50 * 2);
}

}  // namespace
}  // namespace careerbot::knowledge
