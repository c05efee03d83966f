// One table of guide sections (issue 20): every heading it holds is the seed page's, and no other
// C++ file under server/ writes one (the importer, the page reader and the citations all ask it).
#include "knowledge/guide_sections.hpp"

#include <filesystem>
#include <set>

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace careerbot::knowledge {
namespace {

namespace fs = std::filesystem;
using testing::read_file;
using testing::source_dir;

// Every heading and citation of the table, as written in C++ (a string literal opens with it).
std::set<std::string> table_headings() {
  std::set<std::string> out;
  for (const GuideSection& section : guide_sections()) {
    if (!section.heading.empty()) out.emplace(section.heading);
    if (!section.cites.empty()) out.emplace(section.cites);
  }
  return out;
}

TEST(GuideSections, EveryHeadingIsOnTheSeedPage) {
  const std::string seed = read_file(source_dir() / "tests/data/seeds/machine-learning-specialist.txt");
  ASSERT_GE(table_headings().size(), 11u);
  for (const GuideSection& section : guide_sections()) {
    if (!section.heading.empty()) {
      EXPECT_NE(seed.find(section.heading), std::string::npos) << section.heading;
    }
    // A block the page gives no heading (the career levels) cites a label of its own; a section
    // with a heading cites a heading of the page.
    if (!section.cites.empty() && !section.heading.empty()) {
      EXPECT_NE(seed.find(section.cites), std::string::npos) << section.cites;
    }
  }
}

TEST(GuideSections, NoOtherCppFileWritesAGuideHeading) {
  const auto headings = table_headings();
  std::size_t files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(source_dir() / "server")) {
    const std::string ext = entry.path().extension().string();
    if (ext != ".cpp" && ext != ".hpp") continue;
    ++files;
    if (entry.path().filename() == "guide_sections.cpp") continue;
    const std::string code = read_file(entry.path());
    for (const std::string& heading : headings)
      EXPECT_EQ(code.find("\"" + heading), std::string::npos)
          << entry.path().string() << " writes the guide heading \"" << heading
          << "\": ask knowledge/guide_sections.hpp instead";
  }
  EXPECT_GT(files, 100u);
}

TEST(GuideSections, HeadingsFindTheirSections) {
  ASSERT_NE(section_with_heading("Prominent Employers"), nullptr);
  EXPECT_EQ(section_with_heading("Prominent Employers")->key, "employers");
  // The advice heading names the career after a fixed prefix; its facts cite the sub-heading.
  ASSERT_NE(section_with_heading("Advice for Aspiring Data Analysts"), nullptr);
  EXPECT_EQ(section_with_heading("Advice for Aspiring Data Analysts")->key, "advice");
  EXPECT_EQ(section_heading("advice"), "Tips for Students & Parents");
  EXPECT_EQ(section_heading("destination"), section_heading("routes"));
  EXPECT_EQ(section_with_heading("Overview of salaries"), nullptr);
  EXPECT_TRUE(is_page_end_heading("Interested in this career?"));
  // Every key a page may hold is a section of the table, once.
  std::set<std::string_view> keys;
  for (const GuideSection& section : guide_sections())
    EXPECT_TRUE(keys.insert(section.key).second) << section.key;
  EXPECT_EQ(find_guide_section("salaries"), nullptr);
  EXPECT_EQ(section_heading("salaries"), "salaries");
}

}  // namespace
}  // namespace careerbot::knowledge
