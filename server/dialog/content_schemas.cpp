#include "dialog/content_schemas.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>

#include "common/json_schema.hpp"
#include "common/record_file.hpp"

namespace careerbot::dialog {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kModelinePrefix = "# yaml-language-server: $schema=";

// "*.intents.yaml" against "routes.intents.yaml"; '*' stands for any run of characters but '/'.
bool matches(std::string_view pattern, std::string_view path) {
  const std::size_t star = pattern.find('*');
  if (star == std::string_view::npos) return pattern == path;
  const std::string_view head = pattern.substr(0, star), tail = pattern.substr(star + 1);
  if (path.size() < head.size() + tail.size() || !path.starts_with(head) || !path.ends_with(tail))
    return false;
  return path.substr(head.size(), path.size() - head.size() - tail.size()).find('/') ==
         std::string_view::npos;
}

std::string first_line(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::string line;
  std::getline(in, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

std::vector<std::string> yaml_files(const fs::path& root) {
  std::vector<std::string> files;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(root, ec); it != fs::recursive_directory_iterator(); ++it)
    if (it->is_regular_file() && it->path().extension() == ".yaml")
      files.push_back(fs::relative(it->path(), root).generic_string());
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

const std::vector<ContentSchema>& content_schemas() {
  static const std::vector<ContentSchema> table{
      {"intents", "settings.yaml", "schemas/settings.schema.json"},
      {"intents", "lexicon.yaml", "schemas/lexicon.schema.json"},
      {"intents", "entities.yaml", "schemas/entities.schema.json"},
      {"intents", "words.yaml", "schemas/words.schema.json"},
      {"intents", "answers.yaml", "schemas/answers.schema.json"},
      {"intents", "safeguarding.yaml", "schemas/safeguarding.schema.json"},
      {"intents", "safeguarding.examples.yaml", "schemas/safeguarding-examples.schema.json"},
      {"intents", "*.intents.yaml", "schemas/intents.schema.json"},
      {"intents", "flows/*.yaml", "schemas/flow.schema.json"},
      {"intents", "examples/*.yaml", "schemas/examples.schema.json"},
      {"knowledge", "careers/*.page.yaml", "schemas/page.schema.json"},
      {"knowledge", "careers/*.overlay.yaml", "schemas/overlay.schema.json"},
  };
  return table;
}

std::string schema_modeline(std::string_view relative_path, std::string_view schema) {
  std::string up;
  for (const char c : relative_path)
    if (c == '/') up += "../";
  return std::string(kModelinePrefix) + up + std::string(schema);
}

std::vector<std::string> check_content_schemas(const std::string& intents_dir,
                                               const std::string& knowledge_dir) {
  std::vector<std::string> problems;
  std::map<std::string, std::unique_ptr<JsonSchema>> loaded;  // by schema path
  const std::map<std::string_view, std::string> roots{{"intents", intents_dir}, {"knowledge", knowledge_dir}};
  for (const auto& entry : roots) {
    // Named copies, not structured bindings: clang 14 cannot capture a binding in the lambda below.
    const std::string_view root_name = entry.first;
    const std::string& root = entry.second;
    for (const std::string& relative : yaml_files(root)) {
      const std::string path = (fs::path(root) / relative).string();
      const auto rule = std::find_if(
          content_schemas().begin(), content_schemas().end(),
          [&](const ContentSchema& s) { return s.root == root_name && matches(s.pattern, relative); });
      if (rule == content_schemas().end()) {
        problems.push_back(path + ":1: no schema for this file: content files are named as in " + root +
                           "/README.md");
        continue;
      }
      const std::string schema_path = (fs::path(root) / rule->schema).string();
      try {
        auto& schema = loaded[schema_path];
        if (!schema) schema = std::make_unique<JsonSchema>(JsonSchema::load(schema_path));
        if (const std::string modeline = schema_modeline(relative, rule->schema);
            first_line(path) != modeline)
          problems.push_back(path + ":1: the first line must be '" + modeline +
                             "' (the schema, for editors)");
        const RecordDocument doc = RecordDocument::load(path);
        for (const ContentError& error : schema->validate(doc.root())) problems.push_back(error.what());
      } catch (const ContentError& e) {
        problems.push_back(e.what());
      }
    }
  }
  return problems;
}

}  // namespace careerbot::dialog
