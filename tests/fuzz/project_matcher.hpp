#pragma once
// What the fuzz targets over the project's content share: a property check that libFuzzer reports,
// and the matcher the server builds (its normaliser, with the speller over the intents' vocabulary).

#include <cstdlib>
#include <memory>
#include <vector>

#include "intent/matcher.hpp"

namespace careerbot::fuzzing {

inline void require(bool condition) {
  if (!condition) std::abort();  // libFuzzer reports the input that broke a property
}

inline const intent::Matcher& project_matcher() {
  static const auto instance = std::make_unique<intent::Matcher>(
      intent::IntentSet::load_directory(CAREERBOT_SOURCE_DIR "/intents"), std::vector<intent::CareerName>{});
  return *instance;
}

}  // namespace careerbot::fuzzing
