// Every content file against its JSON Schema (intents/schemas/, knowledge/schemas/): the shipped
// content passes, a misspelt key is named with the keys that were meant, and careerbot-lint reports
// it as a real process.
#include "dialog/content_schemas.hpp"

#include <sys/wait.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <sstream>

#include <nlohmann/json.hpp>

#include "common/json_schema.hpp"

namespace careerbot::dialog {
namespace {

namespace fs = std::filesystem;

const fs::path kSource = CAREERBOT_SOURCE_DIR;

std::string read(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void write(const fs::path& file, const std::string& text) {
  std::ofstream(file, std::ios::binary) << text;
}

// A copy of the shipped intents/ and knowledge/ folders, removed at scope exit.
class ContentCopy {
 public:
  ContentCopy() {
    std::random_device rd;
    root_ = fs::temp_directory_path() / ("careerbot-schemas-" + std::to_string(rd()) + std::to_string(rd()));
    fs::create_directories(root_);
    fs::copy(kSource / "intents", intents(), fs::copy_options::recursive);
    fs::copy(kSource / "knowledge", knowledge(), fs::copy_options::recursive);
  }
  ~ContentCopy() {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
  ContentCopy(const ContentCopy&) = delete;
  ContentCopy& operator=(const ContentCopy&) = delete;

  fs::path intents() const { return root_ / "intents"; }
  fs::path knowledge() const { return root_ / "knowledge"; }
  fs::path root() const { return root_; }

  // Replaces the first `from` in `file` with `to`; returns the 1-based line it was on.
  std::size_t replace(const fs::path& file, const std::string& from, const std::string& to) const {
    std::string text = read(file);
    const std::size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
    write(file, text);
    return static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n')) + 1;
  }

  std::vector<std::string> problems() const {
    return check_content_schemas(intents().string(), knowledge().string());
  }

 private:
  fs::path root_;
};

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& line : lines) out += line + "\n";
  return out;
}

TEST(ContentSchemas, ShippedContentFollowsItsSchemas) {
  const auto problems =
      check_content_schemas((kSource / "intents").string(), (kSource / "knowledge").string());
  EXPECT_TRUE(problems.empty()) << joined(problems);
}

TEST(ContentSchemas, EverySchemaLoadsAndDescribesEveryProperty) {
  for (const ContentSchema& entry : content_schemas()) {
    const fs::path file = kSource / entry.root / entry.schema;
    EXPECT_NO_THROW((void)JsonSchema::load(file.string())) << file;
    // Editors show descriptions on completion: every property has one.
    const auto schema = nlohmann::json::parse(read(file));
    std::vector<std::string> missing;
    const std::function<void(const nlohmann::json&, const std::string&)> walk =
        [&](const nlohmann::json& node, const std::string& at) {
          if (!node.is_object()) return;
          if (const auto properties = node.find("properties"); properties != node.end())
            for (const auto& [name, property] : properties->items())
              if (!property.contains("description")) missing.push_back(at + "/properties/" + name);
          for (const auto& [key, child] : node.items()) {
            if (child.is_object()) walk(child, at + "/" + key);
            if (child.is_array())
              for (std::size_t i = 0; i < child.size(); ++i)
                walk(child[i], at + "/" + key + "/" + std::to_string(i));
          }
        };
    walk(schema, "");
    EXPECT_TRUE(missing.empty()) << file << ": no description at\n" << joined(missing);
    EXPECT_EQ(schema.value("$schema", ""), "https://json-schema.org/draft/2020-12/schema") << file;
  }
}

TEST(ContentSchemas, ModelinePointsFromTheFileToItsSchema) {
  EXPECT_EQ(schema_modeline("answers.yaml", "schemas/answers.schema.json"),
            "# yaml-language-server: $schema=schemas/answers.schema.json");
  EXPECT_EQ(schema_modeline("flows/planner.yaml", "schemas/flow.schema.json"),
            "# yaml-language-server: $schema=../schemas/flow.schema.json");
}

TEST(ContentSchemas, MisspeltIntentKeyNamesTheAllowedKeys) {
  const ContentCopy copy;
  const fs::path file = copy.intents() / "routes.intents.yaml";
  const std::size_t line = copy.replace(file, "    follow_up: study routes", "    folow_up: study routes");
  const auto problems = copy.problems();
  ASSERT_EQ(problems.size(), 1u) << joined(problems);
  EXPECT_EQ(
      problems[0],
      file.string() + ":" + std::to_string(line) +
          ":5: intents[0]: unknown key 'folow_up' (intent); expected one of: answer, description, "
          "examples, exclude, fallback, follow_up, general, handled_by, keywords, name, pattern_weight, "
          "patterns, plan_when_personal, ranked_list, requires, role, sets_route, suggestions, tell_more");
}

TEST(ContentSchemas, WrongValuesInOtherKindsOfFile) {
  const ContentCopy copy;
  const fs::path flow = copy.intents() / "flows/planner.yaml";
  const std::size_t reprompts = copy.replace(flow, "max_reprompts: 2", "max_reprompts: many");
  const fs::path overlay = copy.knowledge() / "careers/machine-learning-specialist.overlay.yaml";
  const std::size_t reviewed = copy.replace(overlay, "reviewed: 2026-11-25", "reviewed: last week");
  const fs::path answers = copy.intents() / "answers.yaml";
  const std::size_t condition = copy.replace(answers, "      - if: ", "      - iff: ");
  const auto problems = copy.problems();
  ASSERT_EQ(problems.size(), 4u) << joined(problems);
  const std::string at = answers.string() + ":" + std::to_string(condition) + ":9: ";
  EXPECT_EQ(problems[0].substr(0, at.size()), at);
  EXPECT_NE(problems[0].find("unknown key 'iff' (a conditional line); expected one of: if, text"),
            std::string::npos)
      << problems[0];
  EXPECT_EQ(problems[1].substr(0, at.size()), at);
  EXPECT_NE(problems[1].find("missing required key 'if' (a conditional line)"), std::string::npos)
      << problems[1];
  EXPECT_EQ(problems[2], flow.string() + ":" + std::to_string(reprompts) +
                             ":16: max_reprompts: expected a whole number, found a single value");
  EXPECT_EQ(problems[3],
            overlay.string() + ":" + std::to_string(reviewed) +
                ":11: reviewed: 'last week' does not match ^[0-9]{4}-[0-9]{2}-[0-9]{2}$ (A date, "
                "YYYY-MM-DD.)");
}

TEST(ContentSchemas, FilesWithoutASchemaOrItsModelineAreReported) {
  const ContentCopy copy;
  write(copy.intents() / "notes.yaml", "anything: goes\n");
  const fs::path lexicon = copy.intents() / "lexicon.yaml";
  copy.replace(lexicon, "# yaml-language-server: $schema=schemas/lexicon.schema.json\n", "");
  const auto problems = copy.problems();
  ASSERT_EQ(problems.size(), 2u) << joined(problems);
  EXPECT_EQ(problems[0],
            lexicon.string() +
                ":1: the first line must be '# yaml-language-server: $schema=schemas/lexicon.schema.json' "
                "(the schema, for editors)");
  EXPECT_NE(problems[1].find("notes.yaml:1: no schema for this file"), std::string::npos) << problems[1];
}

// careerbot-lint, run as a process on content with a misspelt key: exit 1, the schema's message.
TEST(ContentSchemas, LintCommandRejectsAnUnknownKey) {
  const ContentCopy copy;
  const fs::path file = copy.intents() / "smalltalk.intents.yaml";
  const std::size_t line = copy.replace(file, "    general: true", "    genral: true");
  const fs::path log = copy.root() / "lint.log";
  const std::string command = std::string(CAREERBOT_LINT_EXE) + " --rules-only --intents " +
                              copy.intents().string() + " --knowledge " + copy.knowledge().string() + " >" +
                              log.string() + " 2>&1";
  const int status = std::system(command.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 1);
  const std::string output = read(log);
  EXPECT_NE(output.find(file.string() + ":" + std::to_string(line) +
                        ":5: intents[0]: unknown key 'genral' (intent); expected one of: answer,"),
            std::string::npos)
      << output;
}

}  // namespace
}  // namespace careerbot::dialog
