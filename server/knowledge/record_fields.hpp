#pragma once
// Field helpers shared by the page and overlay readers: every error names the full field path
// ("routes[2].steps[1].duration") and the file and line. Stateless; thread-safe.

#include <initializer_list>
#include <span>
#include <string>
#include <string_view>

#include "common/record_file.hpp"
#include "knowledge/error_list.hpp"

namespace careerbot::knowledge {

// "routes" and 0 -> "routes[1]".
std::string indexed(std::string_view path, std::size_t i);

// The scalar under `key`; throws ContentError with the full field path when it is absent or empty.
std::string required_text(const RecordNode& node, std::string_view key, const std::string& path);

// Adds an error for every key of `node` that is not in `known`.
void reject_unknown_fields(const RecordNode& node, std::span<const std::string_view> known,
                           const std::string& path, ErrorList& errors);
inline void reject_unknown_fields(const RecordNode& node, std::initializer_list<std::string_view> known,
                                  const std::string& path, ErrorList& errors) {
  reject_unknown_fields(node, std::span<const std::string_view>(known.begin(), known.size()), path, errors);
}

}  // namespace careerbot::knowledge
