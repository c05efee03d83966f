#pragma once
// The one trim: whitespace off both ends of a text. Header values and settings trim spaces and
// tabs only (kBlanks); what a person types also loses line breaks (the default).

#include <string_view>

namespace careerbot {

inline constexpr std::string_view kBlanks = " \t";
inline constexpr std::string_view kWhitespace = " \t\r\n";

constexpr std::string_view trim(std::string_view text, std::string_view chars = kWhitespace) noexcept {
  const auto first = text.find_first_not_of(chars);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(chars) - first + 1);
}

}  // namespace careerbot
