// Builder validation and atomic replacement, on real files in a temporary directory.

#include "knowledge/builder.hpp"

#include <gtest/gtest.h>

#include "knowledge/knowledge_base.hpp"
#include "test_support.hpp"

namespace careerbot::knowledge {
namespace {

using testing::read_file;
using testing::TempDir;
using testing::write_file;

const std::string kSlug = "test-career-alpha";

std::string alpha_page() {
  return read_file(testing::test_careers() + "/" + kSlug + ".page.yaml");
}
std::string alpha_overlay() {
  return read_file(testing::test_careers() + "/" + kSlug + ".overlay.yaml");
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

// 1-based line of the first occurrence of `needle`.
std::size_t line_of(const std::string& text, const std::string& needle) {
  std::size_t at = text.find(needle);
  EXPECT_NE(at, std::string::npos) << needle;
  return static_cast<std::size_t>(
             std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n')) +
         1;
}

class BuilderErrors : public ::testing::Test {
 protected:
  // Writes the alpha career (possibly altered) into the source directory and checks it.
  BuildResult check(const std::string& page, const std::string& overlay) {
    write_file(dir_ / (kSlug + ".page.yaml"), page);
    write_file(dir_ / (kSlug + ".overlay.yaml"), overlay);
    return check_knowledge({dir_.path().string()});
  }

  // Asserts exactly one error, naming the file, the line and the field.
  void expect_error(const BuildResult& result, const std::string& file_suffix, std::size_t line,
                    const std::string& field) {
    ASSERT_EQ(result.errors.size(), 1u) << result.errors.report();
    const ContentError& e = result.errors.all().front();
    EXPECT_TRUE(e.file().ends_with(file_suffix)) << e.what();
    EXPECT_EQ(e.line(), line) << e.what();
    EXPECT_NE(e.detail().find(field), std::string::npos) << e.what();
  }

  TempDir dir_;
};

TEST_F(BuilderErrors, TheTestCareersAreValid) {
  BuildResult result = check(alpha_page(), alpha_overlay());
  EXPECT_TRUE(result.ok()) << result.errors.report();
  EXPECT_EQ(result.career_count, 1u);
}

TEST_F(BuilderErrors, MissingRequiredField) {
  std::string page = replaced(alpha_page(), "destination: Test Career Alpha - Professional\n", "");
  expect_error(check(page, alpha_overlay()), ".page.yaml", line_of(page, "slug:"), "'destination'");
}

TEST_F(BuilderErrors, RouteWithoutSteps) {
  std::string page =
      replaced(alpha_page(),
               "  - name: Route 1\n    steps:\n      - text: 10+2 in any stream.\n"
               "      - text: Diploma in Widget Studies.\n        duration: 1 year\n"
               "      - text: Apprenticeship in a widget workshop.\n        duration: 6 months\n",
               "  - name: Route 1\n");
  std::string overlay = replaced(
      alpha_overlay(), "    steps:\n      - class12\n      - certification\n      - internship\n", "");
  expect_error(check(page, overlay), ".page.yaml", line_of(page, "- name: Route 1"), "routes[1]");
}

TEST_F(BuilderErrors, MalformedDuration) {
  for (const std::string bad : {"three years", "3--4 yrs"}) {
    std::string page = replaced(alpha_page(), "duration: 6 months", "duration: " + bad);
    BuildResult result = check(page, alpha_overlay());
    expect_error(result, ".page.yaml", line_of(page, bad), "routes[1].steps[3].duration");
    EXPECT_NE(result.errors.report().find(bad), std::string::npos);
  }
}

TEST_F(BuilderErrors, MalformedSalary) {
  std::string page = replaced(alpha_page(), "salary: 4.5LPA", "salary: lots");
  expect_error(check(page, alpha_overlay()), ".page.yaml", line_of(page, "salary: lots"),
               "career_levels[1].salary");
}

TEST_F(BuilderErrors, UnknownFactIdInTheOverlay) {
  std::string overlay = replaced(alpha_overlay(), "fact: course.1", "fact: course.7");
  expect_error(check(alpha_page(), overlay), ".overlay.yaml", line_of(overlay, "course.7"), "facts[1].fact");
}

TEST_F(BuilderErrors, CorrectionWithoutAReason) {
  std::string overlay = alpha_overlay() +
                        "corrections:\n  - fact: level.junior-alpha\n    field: description\n"
                        "    text: Juniors calibrate widgets.\n";
  expect_error(check(alpha_page(), overlay), ".overlay.yaml", line_of(overlay, "- fact: level.junior-alpha"),
               "corrections[1].reason");
}

TEST_F(BuilderErrors, CorrectionOfAFieldTheFactLacks) {
  std::string overlay =
      alpha_overlay() +
      "corrections:\n  - fact: course.1\n    field: salary\n    text: 5LPA\n    reason: test\n";
  expect_error(check(alpha_page(), overlay), ".overlay.yaml", line_of(overlay, "- fact: course.1\n    field"),
               "corrections[1]");
}

TEST_F(BuilderErrors, BadDates) {
  std::string overlay = replaced(alpha_overlay(), "reviewed: 2026-01-15", "reviewed: 2026-02-30");
  expect_error(check(alpha_page(), overlay), ".overlay.yaml", line_of(overlay, "2026-02-30"), "reviewed");
  overlay = replaced(alpha_overlay(), "reviewed: 2026-02-01", "reviewed: 1 Feb 2026");
  expect_error(check(alpha_page(), overlay), ".overlay.yaml", line_of(overlay, "1 Feb 2026"),
               "facts[1].reviewed");
}

TEST_F(BuilderErrors, InvalidUtf8) {
  std::string page = replaced(alpha_page(), "Calibrate imaginary", "Calibrate \xC3\x28imaginary");
  expect_error(check(page, alpha_overlay()), ".page.yaml", line_of(page, "Calibrate"), "UTF-8");
}

TEST_F(BuilderErrors, UnknownStageAndStageCountMismatch) {
  std::string overlay = replaced(alpha_overlay(), "      - internship\n", "      - apprenticeship\n");
  expect_error(check(alpha_page(), overlay), ".overlay.yaml", line_of(overlay, "- apprenticeship"),
               "routes[1].steps[3]");
  overlay = replaced(alpha_overlay(), "      - internship\n", "");
  expect_error(check(alpha_page(), overlay), ".overlay.yaml", line_of(overlay, "- class12"),
               "routes[1].steps");
}

TEST_F(BuilderErrors, SlugMismatchAndMissingOverlay) {
  std::string overlay = replaced(alpha_overlay(), "slug: test-career-alpha", "slug: test-career-gamma");
  expect_error(check(alpha_page(), overlay), ".overlay.yaml", line_of(overlay, "slug:"), "slug");

  write_file(dir_ / "lonely.page.yaml", replaced(alpha_page(), "slug: test-career-alpha", "slug: lonely"));
  BuildResult result = check(alpha_page(), alpha_overlay());
  expect_error(result, "lonely.page.yaml", 0, "missing overlay");
}

TEST_F(BuilderErrors, DuplicateSlugsAcrossSourceDirectories) {
  TempDir other;
  write_file(other / (kSlug + ".page.yaml"), alpha_page());
  write_file(other / (kSlug + ".overlay.yaml"), alpha_overlay());
  write_file(dir_ / (kSlug + ".page.yaml"), alpha_page());
  write_file(dir_ / (kSlug + ".overlay.yaml"), alpha_overlay());
  BuildResult result = check_knowledge({dir_.path().string(), other.path().string()});
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.errors.report().find("duplicate slug 'test-career-alpha'"), std::string::npos)
      << result.errors.report();
}

TEST_F(BuilderErrors, DuplicateFactIdsAndUnknownFields) {
  std::string page = replaced(alpha_page(), "advice:\n", "advice:\n  - Practise zephyrometry every day.\n");
  page = replaced(page, "courses:", "colour: blue\ncourses:");
  BuildResult result = check(page, alpha_overlay());
  std::string report = result.errors.report();
  EXPECT_EQ(result.errors.size(), 1u) << report;  // the same text twice is two facts (advice.1, advice.2)
  EXPECT_NE(report.find("unknown field 'colour'"), std::string::npos) << report;

  page = replaced(alpha_page(), "  - name: Alpha Widgets, Ltd\n      location: Pune\n",
                  "  - name: Alpha Widgets, Ltd\n      location: Pune\n    - name: Alpha Widgets Ltd\n");
  result = check(page, alpha_overlay());
  expect_error(result, ".page.yaml", line_of(page, "- name: Alpha Widgets Ltd"),
               "employer.india.alpha-widgets-ltd");
}

TEST_F(BuilderErrors, EveryErrorIsReportedAtOnce) {
  std::string page = replaced(alpha_page(), "duration: 6 months", "duration: three years");
  page = replaced(page, "salary: 4.5LPA", "salary: lots");
  std::string overlay = replaced(alpha_overlay(), "reviewed: 2026-01-15", "reviewed: yesterday");
  overlay = replaced(overlay, "fact: course.1", "fact: course.9");
  BuildResult result = check(page, overlay);
  EXPECT_EQ(result.errors.size(), 4u) << result.errors.report();
}

class AtomicBuild : public ::testing::Test {
 protected:
  TempDir sources_, out_dir_;
  std::string db_ = out_dir_ / "knowledge.db";
};

TEST_F(AtomicBuild, FailedBuildLeavesThePreviousDatabaseByteIdentical) {
  BuildResult first = build_knowledge({testing::shipped_careers()}, db_);
  ASSERT_TRUE(first.ok()) << first.errors.report();
  std::string before = read_file(db_);

  write_file(sources_ / (kSlug + ".page.yaml"),
             replaced(alpha_page(), "duration: 6 months", "duration: 3--4 yrs"));
  write_file(sources_ / (kSlug + ".overlay.yaml"), alpha_overlay());
  BuildResult failed = build_knowledge({testing::shipped_careers(), sources_.path().string()}, db_);
  EXPECT_FALSE(failed.ok());
  EXPECT_EQ(read_file(db_), before);
  // No temporary file is left beside the target.
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(out_dir_.path())) ++files;
  EXPECT_EQ(files, 1u);
}

TEST_F(AtomicBuild, UnwritableTargetIsReportedAndNothingIsReplaced) {
  std::string blocker = out_dir_ / "not-a-dir";
  write_file(blocker, "x");
  BuildResult result = build_knowledge({testing::shipped_careers()}, blocker + "/knowledge.db");
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.errors.report().find("cannot build the database"), std::string::npos);
  EXPECT_EQ(read_file(blocker), "x");
}

TEST_F(AtomicBuild, RebuildReplacesTheFileWhileAnOpenSnapshotKeepsWorking) {
  ASSERT_TRUE(build_knowledge({testing::shipped_careers()}, db_).ok());
  auto old_kb = KnowledgeBase::open(db_);
  ASSERT_EQ(old_kb->careers().size(), 1u);

  BuildResult second = build_knowledge({testing::shipped_careers(), testing::test_careers()}, db_);
  ASSERT_TRUE(second.ok()) << second.errors.report();
  EXPECT_NE(second.content_hash, old_kb->content_hash());
  auto new_kb = KnowledgeBase::open(db_);
  EXPECT_EQ(new_kb->careers().size(), 3u);
  EXPECT_EQ(new_kb->content_hash(), second.content_hash);
  // The old snapshot still answers from the file it opened.
  EXPECT_EQ(old_kb->careers().size(), 1u);
  EXPECT_EQ(old_kb->search("zephyrometer", 5).size(), 0u);
  EXPECT_EQ(old_kb->search("Kaggle", 5).size(), 2u);
}

TEST_F(AtomicBuild, OpeningAMissingOrForeignFileThrows) {
  EXPECT_THROW(KnowledgeBase::open(out_dir_ / "missing.db"), std::runtime_error);
  std::string foreign = out_dir_ / "foreign.db";
  write_file(foreign, "not a database");
  EXPECT_THROW(KnowledgeBase::open(foreign), std::runtime_error);
}

}  // namespace
}  // namespace careerbot::knowledge
