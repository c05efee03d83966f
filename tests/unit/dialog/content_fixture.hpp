#pragma once
// Builds the project's real content (knowledge/ and intents/) into a temporary knowledge database
// once per test binary and loads it, so dialog tests run against exactly what the server serves.

#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "dialog/content.hpp"
#include "knowledge/builder.hpp"

namespace careerbot::testing {

inline std::string source_path(const std::string& relative) {
  return std::string(CAREERBOT_SOURCE_DIR) + "/" + relative;
}

inline std::shared_ptr<const dialog::Content> load_project_content(bool classifiers) {
  const auto db =
      std::filesystem::temp_directory_path() /
      ("careerbot-dialog-test-" + std::to_string(::getpid()) + (classifiers ? "" : "-rules") + ".db");
  const auto build = knowledge::build_knowledge({source_path("knowledge/careers")}, db.string());
  if (!build.ok()) throw std::runtime_error("knowledge build failed:\n" + build.errors.report());
  dialog::ContentPaths paths{db.string(), source_path("intents")};
  paths.classifiers = classifiers;
  auto loaded = dialog::load_content(paths);
  std::filesystem::remove(db);  // the open KnowledgeBase keeps its own handles
  return loaded;
}

// The shared, immutable content of the project, as the server loads it. Built on first use.
inline std::shared_ptr<const dialog::Content> project_content() {
  static const auto content = load_project_content(true);
  return content;
}

// The same content with the rules alone deciding (no trained model): what the content files say,
// independent of how the classifiers were trained.
inline std::shared_ptr<const dialog::Content> project_rules_content() {
  static const auto content = load_project_content(false);
  return content;
}

}  // namespace careerbot::testing
