#pragma once
// Content straight from the folders counsellors edit, with no prebuilt knowledge database: the careers
// are built into a scratch database in the temporary folder, everything is loaded, and the scratch file
// is removed (the open KnowledgeBase keeps its own handles). What careerbot-lint, `careerbot-kb
// coverage` and `careerbot-cli --offline` answer from, so all three see the content as the server would.
//
// Thread-safe: each call uses its own scratch file.

#include <memory>
#include <string>
#include <vector>

#include "dialog/classifiers.hpp"
#include "dialog/content.hpp"
#include "knowledge/builder.hpp"

namespace careerbot::dialog {

struct ContentSources {
  std::vector<std::string> career_dirs;  // folders of career files, e.g. knowledge/careers
  std::string intents_dir;               // intents/
  std::string model_cache_dir = default_model_cache_dir();
  bool classifiers = true;  // false: the rules alone decide (ContentPaths::classifiers)
};

struct SourceContent {
  knowledge::BuildResult build;  // the knowledge build; when it failed, `content` is null
  std::shared_ptr<const Content> content;
};

// Builds and loads. Knowledge errors come back in `build` (all of them, file:line); intents that do
// not load throw ContentError or std::runtime_error naming the file, as load_content does.
SourceContent load_source_content(const ContentSources& sources);

}  // namespace careerbot::dialog
