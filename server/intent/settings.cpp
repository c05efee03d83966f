#include "intent/settings.hpp"

#include <charconv>
#include <cmath>

#include "common/record_file.hpp"

namespace careerbot::intent {
namespace {

double number(const RecordNode& node, const std::string& key, double min, double max) {
  const std::string& text = node.text(key);
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value))
    node.fail("'" + key + "' must be a number, not '" + text + "'");
  if (value < min || value > max)
    node.fail("'" + key + "' must be between " + std::to_string(min) + " and " + std::to_string(max));
  return value;
}

}  // namespace

Settings Settings::from_record(const RecordNode& root) {
  Settings s;
  for (const auto& [key, node] : root.entries("settings")) {
    if (key == "threshold") {
      s.threshold = number(node, key, 0.0, 1.0);
    } else if (key == "ambiguity_margin") {
      s.ambiguity_margin = number(node, key, 0.0, 1.0);
    } else if (key == "pattern_weight") {
      s.pattern_weight = number(node, key, 0.0, 100.0);
    } else if (key == "saturation") {
      s.saturation = number(node, key, 0.001, 1000.0);
    } else if (key == "max_mem_mb") {
      s.max_mem_bytes = static_cast<std::int64_t>(number(node, key, 1, 4096)) << 20;
    } else if (key == "max_mem") {
      s.max_mem_bytes = static_cast<std::int64_t>(number(node, key, 1 << 20, 4294967296.0));
    } else if (key == "common_words") {
      for (const RecordNode& w : node.items(key)) s.common_words.push_back(w.text("word"));
    } else if (key == "typo_min_length") {
      s.typo_min_length = static_cast<std::size_t>(number(node, key, 3, 100));
    } else if (key == "max_question_chars") {
      s.max_question_chars = static_cast<std::size_t>(number(node, key, 20, 100000));
    } else if (key == "typo_long_length") {
      s.typo_long_length = static_cast<std::size_t>(number(node, key, 3, 100));
    } else {
      root.key_node(key)->fail("unknown setting '" + key + "'");
    }
  }
  if (s.typo_long_length < s.typo_min_length) root.fail("typo_long_length must not be below typo_min_length");
  return s;
}

}  // namespace careerbot::intent
