#include "knowledge/record_fields.hpp"

#include <algorithm>

namespace careerbot::knowledge {

std::string indexed(std::string_view path, std::size_t i) {
  return std::string(path) + "[" + std::to_string(i + 1) + "]";
}

std::string required_text(const RecordNode& node, std::string_view key, const std::string& path) {
  const RecordNode* child = node.is_map() ? node.find(key) : nullptr;
  std::string field = path.empty() ? std::string(key) : path + "." + std::string(key);
  if (child == nullptr || child->is_empty()) node.fail("missing required field '" + field + "'");
  const std::string& value = child->text(field);
  if (value.empty()) child->fail("field '" + field + "' is empty");
  return value;
}

void reject_unknown_fields(const RecordNode& node, std::span<const std::string_view> known,
                           const std::string& path, ErrorList& errors) {
  if (!node.is_map()) return;
  for (const auto& [key, child] : node.entries()) {
    if (std::find(known.begin(), known.end(), key) == known.end())
      errors.add(
          node.key_node(key)->error("unknown field '" + (path.empty() ? key : path + "." + key) + "'"));
  }
}

}  // namespace careerbot::knowledge
