#pragma once
// The project's content (knowledge/ and intents/) loaded once per test binary, as
// `careerbot-cli --offline` loads it; the classifiers come from the tests' model cache.

#include <memory>
#include <stdexcept>
#include <string>

#include "dialog/source_content.hpp"

namespace careerbot::cli::testing {

inline std::shared_ptr<const dialog::Content> project_content() {
  static const auto content = [] {
    const std::string source = CAREERBOT_SOURCE_DIR;
    auto loaded = dialog::load_source_content({{source + "/knowledge/careers"}, source + "/intents"});
    if (!loaded.build.ok())
      throw std::runtime_error("knowledge build failed:\n" + loaded.build.errors.report());
    return loaded.content;
  }();
  return content;
}

}  // namespace careerbot::cli::testing
