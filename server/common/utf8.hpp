#pragma once
// UTF-8 helpers: validation and cutting text on character boundaries (never on bytes).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace careerbot::utf8 {

// The byte offset of the first invalid UTF-8 sequence (overlong forms, surrogates and code points
// above U+10FFFF count as invalid), or nullopt when `text` is valid.
std::optional<std::size_t> first_invalid(std::string_view text) noexcept;

inline bool is_valid(std::string_view text) noexcept {
  return !first_invalid(text).has_value();
}

// Number of code points in valid UTF-8 text.
std::size_t length(std::string_view text) noexcept;

// The longest prefix of valid UTF-8 `text` holding at most `max_chars` code points.
std::string_view prefix(std::string_view text, std::size_t max_chars) noexcept;

}  // namespace careerbot::utf8
