// The shipped machine-learning-specialist career, built into a real database, holds everything
// the seed page says: checked against an independent transcription (seed_expectations.hpp).

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <gtest/gtest.h>

#include "knowledge/builder.hpp"
#include "knowledge/knowledge_base.hpp"
#include "seed_expectations.hpp"
#include "test_support.hpp"

namespace careerbot::knowledge {
namespace {

namespace seed = testing::seed;

class SeedCareer : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    db_path_ = *dir_ / "knowledge.db";
    BuildResult result = build_knowledge({testing::shipped_careers()}, db_path_);
    ASSERT_TRUE(result.ok()) << result.errors.report();
    kb_ = KnowledgeBase::open(db_path_);
  }
  static void TearDownTestSuite() {
    kb_.reset();
    delete dir_;
  }

  const Career& career() const {
    const Career* c = kb_->find("machine-learning-specialist");
    EXPECT_NE(c, nullptr);
    return *c;
  }

  static std::vector<std::string> texts(const std::vector<Fact>& facts) {
    std::vector<std::string> out;
    for (const auto& f : facts) out.push_back(f.text);
    return out;
  }

  static testing::TempDir* dir_;
  static std::string db_path_;
  static std::shared_ptr<const KnowledgeBase> kb_;
};

testing::TempDir* SeedCareer::dir_ = nullptr;
std::string SeedCareer::db_path_;
std::shared_ptr<const KnowledgeBase> SeedCareer::kb_;

TEST_F(SeedCareer, ResponsibilitiesEightAreasSixteenItems) {
  const auto& areas = career().responsibilities;
  ASSERT_EQ(areas.size(), 8u);
  std::vector<std::string> names, items;
  for (const auto& a : areas) {
    names.push_back(a.fact.title);
    EXPECT_EQ(a.items.size(), 2u) << a.fact.title;
    for (const auto& i : a.items) items.push_back(i.text);
  }
  EXPECT_EQ(names, seed::kAreas);
  EXPECT_EQ(items, seed::kResponsibilityItems);
  EXPECT_NE(career().find_fact("responsibility.machine-learning-model-development.2"), nullptr);
}

TEST_F(SeedCareer, FourRoutesNineteenStepsWithElevenKnownDurations) {
  const auto& routes = career().routes;
  ASSERT_EQ(routes.size(), 4u);
  const std::vector<std::vector<std::string>> steps{seed::kRoute1Steps, seed::kRoute2Steps,
                                                    seed::kRoute3Steps, seed::kRoute4Steps};
  std::size_t total = 0, known = 0, unknown = 0;
  for (std::size_t r = 0; r < 4; ++r) {
    EXPECT_EQ(routes[r].number, static_cast<int>(r + 1));
    EXPECT_EQ(routes[r].name, "Route " + std::to_string(r + 1));
    ASSERT_EQ(routes[r].steps.size(), steps[r].size());
    for (std::size_t s = 0; s < steps[r].size(); ++s) {
      const RouteStep& step = routes[r].steps[s];
      EXPECT_EQ(step.fact.text, steps[r][s]);
      EXPECT_EQ(step.duration.text, seed::kStepDurations[r][s]) << step.fact.key;
      EXPECT_EQ(step.duration.known(), !seed::kStepDurations[r][s].empty()) << step.fact.key;
      EXPECT_FALSE(step.stage.empty()) << step.fact.key;
      (step.duration.known() ? known : unknown)++;
      ++total;
    }
  }
  EXPECT_EQ(total, 19u);
  EXPECT_EQ(known, 11u);
  EXPECT_EQ(unknown, 8u);
  const Route* two = career().route(2);
  ASSERT_NE(two, nullptr);
  EXPECT_FALSE(two->steps[2].duration.min_months.has_value());  // the master's: never guessed
  EXPECT_EQ(two->steps[2].stage, "masters");
  EXPECT_EQ(career().route(1)->steps[1].duration.min_months, 36);
  EXPECT_EQ(career().route(1)->steps[1].duration.max_months, 48);
}

TEST_F(SeedCareer, RoutePlannerRulesFromTheOverlay) {
  const Route* one = career().route(1);
  ASSERT_NE(one, nullptr);
  EXPECT_EQ(one->summary, "Bachelor's degree, internships, then an entry-level job");
  EXPECT_EQ(one->fits, (std::vector<std::string>{"no_masters", "internship"}));
  EXPECT_EQ(one->outcome, seed::kRoute1Steps.back());
  EXPECT_EQ(career().route(4)->fits.front(), "abroad");
  EXPECT_EQ(career().route(5), nullptr);
}

TEST_F(SeedCareer, AcademicPointsInternshipsCoursesAdvice) {
  ASSERT_EQ(career().academic_points.size(), 11u);
  std::vector<std::string> titles;
  for (const auto& f : career().academic_points) titles.push_back(f.title);
  EXPECT_EQ(titles, seed::kAcademicTitles);
  EXPECT_EQ(texts(career().academic_points), seed::kAcademicTexts);
  EXPECT_EQ(texts(career().internships), seed::kInternships);
  EXPECT_EQ(career().internships.size(), 10u);
  EXPECT_EQ(texts(career().courses), seed::kCourses);
  EXPECT_EQ(career().courses.size(), 10u);
  EXPECT_EQ(texts(career().advice), seed::kAdvice);
  EXPECT_EQ(career().advice.size(), 16u);
  EXPECT_NE(career().find_fact("academic.technical-foundation"), nullptr);
}

TEST_F(SeedCareer, TenEmployersInIndiaAndTenAbroadWithCities) {
  std::vector<seed::EmployerExpectation> india, abroad;
  for (const auto& e : career().employers)
    (e.region == "india" ? india : abroad).push_back({e.name, e.location});
  ASSERT_EQ(india.size(), seed::kEmployersIndia.size());
  ASSERT_EQ(abroad.size(), seed::kEmployersInternational.size());
  for (std::size_t i = 0; i < india.size(); ++i) {
    EXPECT_EQ(india[i].name, seed::kEmployersIndia[i].name);
    EXPECT_EQ(india[i].location, seed::kEmployersIndia[i].location);
  }
  for (std::size_t i = 0; i < abroad.size(); ++i) {
    EXPECT_EQ(abroad[i].name, seed::kEmployersInternational[i].name);
    EXPECT_EQ(abroad[i].location, seed::kEmployersInternational[i].location);
  }
  const Fact* meta = career().find_fact("employer.international.meta-facebook");
  ASSERT_NE(meta, nullptr);
  EXPECT_EQ(meta->text, "Meta (Facebook), USA");
  EXPECT_EQ(meta->source, "Machine Learning Specialist career guide, Prominent Employers");
}

TEST_F(SeedCareer, TrendsLevelsOverviewFinalMessageDestination) {
  ASSERT_EQ(career().trends.size(), 5u);
  for (std::size_t i = 0; i < 5; ++i)
    EXPECT_EQ(career().trends[i].title + ": " + career().trends[i].text, seed::kTrendLines[i]);

  ASSERT_EQ(career().levels.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    const CareerLevel& level = career().levels[i];
    EXPECT_EQ(level.title, seed::kLevelTitles[i]);
    EXPECT_FALSE(level.salary_lpa.has_value()) << "0.0LPA means unknown";
    EXPECT_FALSE(level.description.ends_with("...")) << "only whole sentences";
    EXPECT_TRUE(level.description.ends_with(".")) << level.description;
    EXPECT_EQ(level.fact.text, level.description);
  }
  EXPECT_EQ(
      career().levels[0].description,
      "Entry-level professionals assist in developing and testing ML models, working in firms like TCS or "
      "Infosys.");

  std::string overview;
  for (const auto& f : career().overview) overview += f.text + " ";
  ASSERT_EQ(career().overview.size(), 2u);
  for (const auto& paragraph : seed::kOverviewParagraphs) {
    std::size_t start = 0;
    while (start < paragraph.size()) {
      std::size_t end = paragraph.find(". ", start);
      end = end == std::string::npos ? paragraph.size() : end + 1;
      std::string sentence = paragraph.substr(start, end - start);
      EXPECT_NE(overview.find(sentence), std::string::npos) << sentence;
      start = end + 1;
    }
  }
  EXPECT_EQ(career().final_message.text, seed::kFinalMessage[0]);
  EXPECT_EQ(career().destination.text, seed::kDestination);
}

TEST_F(SeedCareer, CertificationsAreTheTaggedFacts) {
  std::vector<std::string> keys;
  for (const auto& f : career().certifications) keys.push_back(f.key);
  // The overlay tags the certificate course and the two named certifications, and Route 3's step.
  EXPECT_EQ(keys, (std::vector<std::string>{"route.3.step.3", "course.1", "course.6", "course.10"}));
  EXPECT_TRUE(career().find_fact("course.6")->has_tag("certification"));
}

TEST_F(SeedCareer, AliasesReviewDatesAndCitations) {
  EXPECT_EQ(kb_->find_by_name("ml ENGINEER"), &career());
  EXPECT_EQ(kb_->find_by_name("Machine Learning Specialist"), &career());
  EXPECT_EQ(kb_->find_by_name("data scientist"), nullptr);
  const Fact* step = career().find_fact("route.1.step.2");
  ASSERT_NE(step, nullptr);
  EXPECT_EQ(step->reviewed, "2026-11-25");
  EXPECT_EQ(step->source, "Machine Learning Specialist career guide, Study Route & Eligibility Criteria");
  EXPECT_EQ(kb_->fact_count(), 126u);
}

// Every item of the page is a row in the database itself, not only in the loaded model.
TEST_F(SeedCareer, EveryItemTextIsInTheDatabase) {
  SQLite::Database db(db_path_, SQLite::OPEN_READONLY);
  SQLite::Statement find(db, "SELECT count(*) FROM facts WHERE text = ?");
  auto expect_row = [&](const std::string& text) {
    find.bind(1, text);
    ASSERT_TRUE(find.executeStep());
    EXPECT_EQ(find.getColumn(0).getInt(), text.starts_with("10+2") ? 4 : 1) << text;
    find.reset();
  };
  for (const auto* list : {&seed::kAreas, &seed::kResponsibilityItems, &seed::kAcademicTexts,
                           &seed::kInternships, &seed::kCourses, &seed::kAdvice, &seed::kFinalMessage})
    for (const auto& text : *list) expect_row(text);
  for (const auto* list :
       {&seed::kRoute1Steps, &seed::kRoute2Steps, &seed::kRoute3Steps, &seed::kRoute4Steps})
    for (const auto& text : *list) expect_row(text);
  for (const auto& e : seed::kEmployersIndia) expect_row(e.name + ", " + e.location);
  for (const auto& e : seed::kEmployersInternational) expect_row(e.name + ", " + e.location);

  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM route_steps").getInt(), 19);
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM route_steps WHERE min_months IS NULL").getInt(), 8);
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM career_levels WHERE salary_lpa IS NULL").getInt(), 3);
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM employers WHERE region = 'india'").getInt(), 10);
  EXPECT_EQ(db.execAndGet("SELECT value FROM meta WHERE key = 'content_hash'").getString(),
            kb_->content_hash());
}

TEST_F(SeedCareer, SearchFindsKaggleInInternshipsAndAdvice) {
  auto hits = kb_->search("Kaggle", 10);
  std::vector<std::string> keys;
  for (const auto& h : hits) keys.push_back(h.fact.key);
  EXPECT_EQ(hits.size(), 2u);
  EXPECT_NE(std::find(keys.begin(), keys.end(), "internship.5"), keys.end());
  EXPECT_NE(std::find(keys.begin(), keys.end(), "advice.5"), keys.end());
  for (const auto& h : hits) {
    EXPECT_EQ(h.career_slug, "machine-learning-specialist");
    EXPECT_GT(h.score, 0);
  }
}

}  // namespace
}  // namespace careerbot::knowledge
