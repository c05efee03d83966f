#pragma once
// Builds the project's real content (knowledge/ and intents/) into a temporary knowledge database
// once per test binary and loads it, so dialog tests run against exactly what the server serves.

#include <memory>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

#include "dialog/source_content.hpp"

namespace careerbot::testing {

inline std::string source_path(const std::string& relative) {
  return std::string(CAREERBOT_SOURCE_DIR) + "/" + relative;
}

inline std::shared_ptr<const dialog::Content> load_project_content(bool classifiers) {
  dialog::ContentSources sources{{source_path("knowledge/careers")}, source_path("intents")};
  sources.classifiers = classifiers;
  auto loaded = dialog::load_source_content(sources);
  if (!loaded.build.ok())
    throw std::runtime_error("knowledge build failed:\n" + loaded.build.errors.report());
  return loaded.content;
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
