#pragma once
// Which JSON Schema each content file follows (intents/schemas/, knowledge/schemas/), and the lint's
// check of every content file against its schema. The loaders stay strict on their own; the schemas
// add what a loader cannot say in one place (every allowed key, with a description, for editors'
// completion) and catch a misspelt optional key such as `folow_up:` with the keys that were meant.
//
// Each content file names its schema in its first line, for editors (yaml-language-server):
//   # yaml-language-server: $schema=schemas/intents.schema.json
// and the check requires that line to name the schema of this table.
//
// Thread-safety: pure functions of the files they read.

#include <string>
#include <string_view>
#include <vector>

namespace careerbot::dialog {

struct ContentSchema {
  std::string_view root;     // "intents" or "knowledge": which content folder
  std::string_view pattern;  // a path under it: "answers.yaml", "*.intents.yaml", "flows/*.yaml"
  std::string_view schema;   // the schema file under the root: "schemas/answers.schema.json"
};

// The table: every kind of content file and its schema.
const std::vector<ContentSchema>& content_schemas();

// The modeline a content file at `relative_path` (under its root) carries for `schema`:
// "# yaml-language-server: $schema=../schemas/flow.schema.json" for "flows/planner.yaml".
std::string schema_modeline(std::string_view relative_path, std::string_view schema);

// Checks every .yaml file under the two folders (but conversation tests and eval sets, which live
// elsewhere): it has a schema in the table, names it in its modeline, and is valid against it.
// Returns "file:line:column: problem" strings; empty when all is well.
std::vector<std::string> check_content_schemas(const std::string& intents_dir,
                                               const std::string& knowledge_dir);

}  // namespace careerbot::dialog
