#include "common/record_file.hpp"

#include <gtest/gtest.h>

using namespace careerbot;

namespace {

// The ContentError `text` raises.
ContentError error_of(const std::string& text) {
  try {
    (void)RecordDocument::parse(text, "bad.yaml");
  } catch (const ContentError& e) {
    return e;
  }
  ADD_FAILURE() << "no error for:\n" << text;
  return ContentError("", 0, "");
}

}  // namespace

TEST(RecordFile, ParsesScalarsMapsAndLists) {
  const auto doc = RecordDocument::parse(
      "# a comment\n"
      "slug: machine-learning-specialist\n"
      "overview:\n"
      "  - First paragraph, with a comma.\n"
      "  - Second # a comment now\n"
      "routes:\n"
      "  - name: Route 1\n"
      "    steps:\n"
      "      - text: 10+2\n"
      "      - text: Degree\n"
      "        duration: 3-4 years\n"
      "empty:\n",
      "career.yaml");
  const RecordNode& root = doc.root();
  EXPECT_EQ(root.get("slug"), "machine-learning-specialist");
  ASSERT_EQ(root.at("overview").items().size(), 2u);
  EXPECT_EQ(root.at("overview").items()[0].text(), "First paragraph, with a comma.");
  EXPECT_EQ(root.at("overview").items()[1].text(), "Second");
  const auto& steps = root.at("routes").items()[0].at("steps").items();
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(steps[1].get("duration"), "3-4 years");
  EXPECT_EQ(steps[1].line(), 10u);
  EXPECT_EQ(steps[1].column(), 9u);
  EXPECT_EQ(steps[1].at("duration").line(), 11u);
  EXPECT_EQ(steps[1].at("duration").column(), 19u);
  EXPECT_EQ(steps[1].key_node("duration")->column(), 9u);
  EXPECT_TRUE(root.at("empty").items().empty());
  EXPECT_EQ(root.at("empty").line(), 12u);  // an empty value sits at its key
  std::vector<std::string> keys;
  for (const auto& [key, node] : root.entries()) keys.push_back(key);
  EXPECT_EQ(keys, (std::vector<std::string>{"slug", "overview", "routes", "empty"}));
}

TEST(RecordFile, ListMayStartAtItsKeysIndentation) {
  const auto doc = RecordDocument::parse("tags:\n- a\n- b\nname: x\n", "f");
  EXPECT_EQ(doc.root().at("tags").items().size(), 2u);
  EXPECT_EQ(doc.root().get("name"), "x");
}

TEST(RecordFile, EveryScalarIsText) {
  const auto doc = RecordDocument::parse(
      "patterns:\n"
      "  - \"what: is\"\n"
      "  - '- dash'\n"
      "  - \\b(route|path)\\b\\s+[1-4]\n"
      "  - '\\bit''s\\b'\n"
      "  - \"say \\\"hi\\\"\"\n"
      "answers:\n"
      "  - yes\n"
      "  - no\n"
      "  - 1.50\n"
      "  - \"null\"\n"
      "  - 0x1F\n"
      "  -\n"
      "  - ~\n"
      "flow_slot: \"\"\n",
      "f");
  const auto& patterns = doc.root().at("patterns").items();
  EXPECT_EQ(patterns[0].text(), "what: is");
  EXPECT_EQ(patterns[1].text(), "- dash");
  EXPECT_EQ(patterns[2].text(), "\\b(route|path)\\b\\s+[1-4]");
  EXPECT_EQ(patterns[3].text(), "\\bit's\\b");
  EXPECT_EQ(patterns[4].text(), "say \"hi\"");
  const auto& answers = doc.root().at("answers").items();
  ASSERT_EQ(answers.size(), 7u);
  EXPECT_EQ(answers[0].text(), "yes");
  EXPECT_EQ(answers[1].text(), "no");
  EXPECT_EQ(answers[2].text(), "1.50");
  EXPECT_EQ(answers[3].text(), "null");
  EXPECT_EQ(answers[4].text(), "0x1F");
  EXPECT_TRUE(answers[5].is_empty());
  EXPECT_EQ(answers[5].line(), 13u);  // at its dash
  EXPECT_TRUE(answers[6].is_empty());
  EXPECT_TRUE(doc.root().at("flow_slot").is_scalar());
  EXPECT_EQ(doc.root().at("flow_slot").text(), "");
}

TEST(RecordFile, ErrorsNameFileLineColumnAndWhatWasExpected) {
  auto e = error_of("a: 1\nb:\n  c: 2\n   d: 3\n");
  EXPECT_EQ(e.file(), "bad.yaml");
  EXPECT_EQ(e.line(), 4u);
  EXPECT_GT(e.column(), 0u);
  EXPECT_TRUE(std::string(e.what()).starts_with("bad.yaml:4:" + std::to_string(e.column()) + ": "))
      << e.what();

  e = error_of("a: 1\nb: 2\na: 3\n");
  EXPECT_EQ(e.line(), 3u);
  EXPECT_EQ(e.column(), 1u);
  EXPECT_NE(e.detail().find("duplicate key 'a' (first at line 1)"), std::string::npos) << e.what();

  e = error_of("a:\n\t- x\n");
  EXPECT_EQ(e.line(), 2u);
  EXPECT_EQ(e.detail(), "indent with spaces, not tabs");

  e = error_of("text: Who hires: in Pune\n");
  EXPECT_EQ(e.line(), 1u);
  EXPECT_NE(e.detail().find("must be in quotes"), std::string::npos) << e.what();

  e = error_of("patterns:\n  - \"\\bx\\b\"\n");
  EXPECT_EQ(e.line(), 2u);
  EXPECT_NE(e.detail().find("'single quotes'"), std::string::npos) << e.what();

  e = error_of("patterns:\n  - \"\\d+\"\n");
  EXPECT_EQ(e.line(), 2u);
  EXPECT_NE(e.detail().find("'single quotes'"), std::string::npos) << e.what();

  e = error_of("a:\n  - x\n  b: y\n");
  EXPECT_EQ(e.line(), 3u);

  e = error_of("a: &one x\nb: *one\n");
  EXPECT_NE(e.detail().find("anchors"), std::string::npos) << e.what();
  e = error_of("a: !!str x\n");
  EXPECT_NE(e.detail().find("tags"), std::string::npos) << e.what();
  e = error_of("a: x\n---\nb: y\n");
  EXPECT_EQ(e.line(), 2u);
  EXPECT_NE(e.detail().find("one YAML document"), std::string::npos) << e.what();
  e = error_of("? [a, b]\n: c\n");
  EXPECT_NE(e.detail().find("expected a key"), std::string::npos) << e.what();
}

TEST(RecordFile, WrongShapeNamesWhatWasExpected) {
  const auto doc = RecordDocument::parse("name: x\nlist:\n  - a\n", "f.yaml");
  try {
    (void)doc.root().at("name").items("examples");
    FAIL();
  } catch (const ContentError& e) {
    EXPECT_STREQ(e.what(), "f.yaml:1:7: examples: expected a list of '- ' items, found a single value");
  }
  try {
    (void)doc.root().at("list").text("name");
    FAIL();
  } catch (const ContentError& e) {
    EXPECT_STREQ(e.what(), "f.yaml:3:3: name: expected a single value, found a list of '- ' items");
  }
}

TEST(RecordFile, RejectsInvalidUtf8WithItsLineAndColumn) {
  const ContentError e = error_of("a: ok\nb: \xFF\n");
  EXPECT_EQ(e.line(), 2u);
  EXPECT_EQ(e.column(), 4u);
}

TEST(RecordFile, ColumnsCountCharactersNotBytes) {
  const auto doc = RecordDocument::parse("name: ‘é’ Bachelor’s\nnext: x\n", "f");
  EXPECT_EQ(doc.root().at("name").column(), 7u);
  const ContentError e = error_of("name: ‘é’ x: y\n");
  EXPECT_EQ(e.line(), 1u);
  EXPECT_EQ(e.column(), 12u);
}

TEST(RecordFile, EmptyTextIsAnEmptyRoot) {
  const auto doc = RecordDocument::parse("# only a comment\n", "f");
  EXPECT_TRUE(doc.root().is_empty());
  EXPECT_TRUE(doc.root().entries().empty());
}

TEST(RecordFile, MissingFieldNamesTheField) {
  const auto doc = RecordDocument::parse("name: x\n", "f.yaml");
  try {
    (void)doc.root().at("slug");
    FAIL();
  } catch (const ContentError& e) {
    EXPECT_NE(std::string(e.what()).find("slug"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("f.yaml:1:1:"), std::string::npos) << e.what();
  }
}

TEST(RecordFile, YamlScalarReadsBackAsTheSameText) {
  const std::vector<std::string> texts{"plain words",
                                       "Meta (Facebook), USA",
                                       "what: is",
                                       "ends with:",
                                       "- dash",
                                       "-5 below",
                                       "# hash",
                                       "a # b",
                                       "a#b",
                                       "it's",
                                       "'quoted'",
                                       "\"double\"",
                                       "say \"hi\" and it's",
                                       "\\b(route|path)\\b",
                                       "[1-4] routes",
                                       "{name}",
                                       "yes",
                                       "null",
                                       "~",
                                       "0.0LPA",
                                       "  padded  ",
                                       "tab\there",
                                       "line\nbreak",
                                       "Bachelor’s degree",
                                       "line\xE2\x80\xA8separator",
                                       "...dots",
                                       "%percent",
                                       "@at",
                                       "`tick`",
                                       "* star",
                                       "& amp",
                                       "! bang",
                                       "| pipe",
                                       "> greater",
                                       "? question",
                                       ": colon"};
  for (const auto& text : texts) {
    const std::string line = "value: " + yaml_scalar(text) + "\n";
    try {
      const auto doc = RecordDocument::parse(line, "f");
      EXPECT_EQ(doc.root().at("value").text(), text) << line;
      const auto item = RecordDocument::parse("- " + yaml_scalar(text) + "\n", "f");
      EXPECT_EQ(item.root().items().at(0).text(), text) << line;
    } catch (const ContentError& e) {
      ADD_FAILURE() << line << e.what();
    }
  }
  EXPECT_EQ(yaml_scalar("plain words"), "plain words");
  EXPECT_EQ(yaml_scalar("\\bx\\b"), "\\bx\\b");
  EXPECT_EQ(yaml_scalar("what: is"), "'what: is'");
}
