#pragma once
// Matcher settings read from intents/settings.yaml (all optional; defaults below).
//
//   threshold: 0.5            lowest confidence that names an intent (else "fallback")
//   ambiguity_margin: 0.05    runner-up within this of the winner -> the result is ambiguous
//   pattern_weight: 2         raw score a matching pattern adds
//   saturation: 1.5           confidence = raw / (raw + saturation)
//   max_mem_mb: 64            memory budget of the pattern set's DFA (or max_mem: in bytes)
//   max_question_chars: 600   read by the dialog module (the matcher itself takes any length)
//   common_words:             list of common words never spelling-corrected (like words.yaml)
//   typo_min_length: 5        shortest word that spelling correction touches
//   typo_long_length: 8       from this length two edits are allowed instead of one
//
// Thread-safety: a plain value.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace careerbot {
class RecordNode;
}

namespace careerbot::intent {

struct Settings {
  double threshold = 0.5;
  double ambiguity_margin = 0.05;
  double pattern_weight = 2.0;
  double saturation = 1.5;
  std::int64_t max_mem_bytes = std::int64_t{64} << 20;
  std::size_t typo_min_length = 5;
  std::size_t typo_long_length = 8;
  std::vector<std::string> common_words;
  // Longer messages are not matched: a pasted essay gets the fallback (read by the dialog module).
  std::size_t max_question_chars = 600;

  // Reads a settings document; unknown keys and out-of-range values throw ContentError (file:line).
  static Settings from_record(const RecordNode& root);
};

}  // namespace careerbot::intent
