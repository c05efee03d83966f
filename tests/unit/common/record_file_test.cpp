#include "common/record_file.hpp"

#include <gtest/gtest.h>

using namespace careerbot;

TEST(RecordFile, ParsesScalarsMapsAndLists) {
  const auto doc = RecordDocument::parse(
      "# a comment\n"
      "slug: machine-learning-specialist\n"
      "overview:\n"
      "  - First paragraph: with a colon.\n"
      "  - Second # not a comment\n"
      "routes:\n"
      "  - name: Route 1\n"
      "    steps:\n"
      "      - text: 10+2\n"
      "      - text: Degree\n"
      "        duration: 3-4 years\n"
      "empty:\n",
      "career.txt");
  const RecordNode& root = doc.root();
  EXPECT_EQ(root.get("slug"), "machine-learning-specialist");
  ASSERT_EQ(root.at("overview").items().size(), 2u);
  EXPECT_EQ(root.at("overview").items()[0].text(), "First paragraph: with a colon.");
  EXPECT_EQ(root.at("overview").items()[1].text(), "Second # not a comment");
  const auto& steps = root.at("routes").items()[0].at("steps").items();
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(steps[1].get("duration"), "3-4 years");
  EXPECT_EQ(steps[1].line(), 10u);
  EXPECT_TRUE(root.at("empty").items().empty());
}

TEST(RecordFile, ListMayStartAtItsKeysIndentation) {
  const auto doc = RecordDocument::parse("tags:\n- a\n- b\nname: x\n", "f");
  EXPECT_EQ(doc.root().at("tags").items().size(), 2u);
  EXPECT_EQ(doc.root().get("name"), "x");
}

TEST(RecordFile, QuotedValuesAreKeptVerbatim) {
  const auto doc = RecordDocument::parse("patterns:\n  - \"what: is\"\n  - \"- dash\"\n", "f");
  EXPECT_EQ(doc.root().at("patterns").items()[0].text(), "what: is");
  EXPECT_EQ(doc.root().at("patterns").items()[1].text(), "- dash");
}

TEST(RecordFile, ErrorsNameFileAndLine) {
  try {
    (void)RecordDocument::parse("a: 1\nb:\n  c: 2\n   d: 3\n", "bad.txt");
    FAIL() << "expected an error";
  } catch (const ContentError& e) {
    EXPECT_EQ(e.file(), "bad.txt");
    EXPECT_EQ(e.line(), 4u);
  }
  EXPECT_THROW((void)RecordDocument::parse("a: 1\na: 2\n", "f"), ContentError);
  EXPECT_THROW((void)RecordDocument::parse("a:\n\t- x\n", "f"), ContentError);
  EXPECT_THROW((void)RecordDocument::parse("Not A Key\n", "f"), ContentError);
  EXPECT_THROW((void)RecordDocument::parse("a:\n  - x\n  b: y\n", "f"), ContentError);
}

TEST(RecordFile, RejectsInvalidUtf8WithItsLine) {
  try {
    (void)RecordDocument::parse("a: ok\nb: \xFF\n", "f");
    FAIL();
  } catch (const ContentError& e) {
    EXPECT_EQ(e.line(), 2u);
  }
}

TEST(RecordFile, MissingFieldNamesTheField) {
  const auto doc = RecordDocument::parse("name: x\n", "f.txt");
  try {
    (void)doc.root().at("slug");
    FAIL();
  } catch (const ContentError& e) {
    EXPECT_NE(std::string(e.what()).find("slug"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("f.txt:1"), std::string::npos);
  }
}
