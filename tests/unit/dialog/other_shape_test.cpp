// A second career page of another shape (issue 20): tests/data/other-shape/ holds a made-up career
// whose page lacks most of the guide site's sections and has one they do not (scholarships, declared
// in its overlay). Built together with the real guide, with the project's intents plus one intent
// and one answer for the new section (content only, no C++), both careers answer.
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "content_fixture.hpp"
#include "dialog/responder.hpp"
#include "knowledge/builder.hpp"

namespace careerbot::dialog {
namespace {

namespace fs = std::filesystem;

constexpr const char* kScholarshipIntent = R"(intents:
  - name: scholarships
    description: Scholarships and grants a career's guide names
    pattern_weight: 8  # above gap_fees, which answers "the guide names no fees" for scholarships too
    patterns:
      - \b(scholarships?|grants?|fee waivers?)\b
    keywords:
      - scholarship 3
)";

constexpr const char* kScholarshipAnswer = R"(  - name: scholarships
    lines:
      - if: "found:scholarships"
        text: "Scholarships and grants the guide names for a {career}:"
      - if: "found:scholarships"
        text: "{list:scholarships}"
      - if: "!found:scholarships"
        text: "The guide for {career} names no scholarships."
)";

// The two-career knowledge base and the content around it, built once for the file.
struct TwoCareers {
  fs::path root = fs::temp_directory_path() / ("careerbot-other-shape-" + std::to_string(::getpid()));
  knowledge::BuildResult build;
  std::shared_ptr<const Content> content;

  TwoCareers() {
    fs::remove_all(root);
    fs::create_directories(root);
    fs::copy(testing::source_path("intents"), root / "intents", fs::copy_options::recursive);
    std::ofstream(root / "intents" / "scholarships.intents.yaml") << kScholarshipIntent;
    std::ofstream(root / "intents" / "answers.yaml", std::ios::app) << kScholarshipAnswer;
    const std::string db = (root / "knowledge.db").string();
    build = knowledge::build_knowledge(
        {testing::source_path("knowledge/careers"), testing::source_path("tests/data/other-shape")}, db);
    if (!build.ok()) return;
    ContentPaths paths{db, (root / "intents").string()};
    paths.classifiers = false;  // the rules decide: no model is trained for this content
    content = load_content(paths);
  }
  ~TwoCareers() { fs::remove_all(root); }
};

const TwoCareers& two_careers() {
  static const TwoCareers shared;
  return shared;
}

const knowledge::Career& career(const std::string& slug) {
  const auto* found = two_careers().content->knowledge->find(slug);
  if (found == nullptr) throw std::runtime_error("no career " + slug);
  return *found;
}

Turn ask(const std::string& text) {
  SessionState state;  // a fresh conversation: the career is the one the question names
  return respond(*two_careers().content, state, text, {});
}

bool says(const Turn& turn, const std::string& phrase) {
  return turn.reply.text.find(phrase) != std::string::npos;
}

TEST(OtherShape, BothPagesBuildIntoOneKnowledgeBase) {
  ASSERT_TRUE(two_careers().build.ok()) << two_careers().build.errors.report();
  ASSERT_NE(two_careers().content, nullptr);
  EXPECT_EQ(two_careers().content->knowledge->careers().size(), 2u);
  const auto& photographer = career("wildlife-photographer");
  const knowledge::ExtraSection* scholarships = photographer.extra_section("scholarships");
  ASSERT_NE(scholarships, nullptr);
  ASSERT_EQ(scholarships->facts.size(), 2u);
  EXPECT_EQ(scholarships->facts[0].key, "scholarship.1");
  EXPECT_EQ(scholarships->facts[0].source, "Test guide to Wildlife Photography, Scholarships & Grants");
  EXPECT_EQ(photographer.courses.size(), 2u);
  // The sections the page lacks are empty, not errors.
  EXPECT_TRUE(photographer.responsibilities.empty());
  EXPECT_TRUE(photographer.employers.empty());
  EXPECT_TRUE(photographer.trends.empty());
  EXPECT_TRUE(photographer.levels.empty());
  EXPECT_TRUE(career("machine-learning-specialist").extra_sections.empty());
}

TEST(OtherShape, ASectionBothPagesHaveIsAnsweredForEach) {
  const Turn photographer = ask("what courses should a wildlife photographer take?");
  EXPECT_TRUE(says(photographer, "Certificate course in Field Biology")) << photographer.reply.text;
  EXPECT_FALSE(says(photographer, "Certificate in Machine Learning")) << photographer.reply.text;
  const Turn specialist = ask("what courses should a machine learning specialist take?");
  EXPECT_TRUE(says(specialist, "Certificate in Machine Learning")) << specialist.reply.text;
  EXPECT_FALSE(says(specialist, "Field Biology")) << specialist.reply.text;
}

TEST(OtherShape, TheSectionOnlyTheNewPageHasIsAnsweredFromIt) {
  const Turn photographer = ask("are there scholarships for a wildlife photographer?");
  EXPECT_EQ(photographer.reply.intent, "scholarships");
  EXPECT_TRUE(says(photographer, "Hornbill Lens Trust")) << photographer.reply.text;
  EXPECT_TRUE(says(photographer, "forest-fringe villages")) << photographer.reply.text;
  ASSERT_FALSE(photographer.reply.sources.empty());
  EXPECT_EQ(photographer.reply.sources.front(), "Test guide to Wildlife Photography, Scholarships & Grants");
  const Turn specialist = ask("are there scholarships for a machine learning specialist?");
  EXPECT_EQ(specialist.reply.intent, "scholarships");
  EXPECT_TRUE(says(specialist, "names no scholarships")) << specialist.reply.text;
  EXPECT_FALSE(says(specialist, "Hornbill")) << specialist.reply.text;
}

}  // namespace
}  // namespace careerbot::dialog
