#pragma once
// Parsing of the two quantities the guides give: step durations and salaries. Pure functions;
// thread-safe. Both throw std::invalid_argument with a reader-facing message on malformed text.

#include <optional>
#include <string_view>

#include "knowledge/model.hpp"

namespace careerbot::knowledge {

// "3-4 years", "3-6 months", "1 year", "6 months" (also "3 – 4 years") -> min/max months.
// Empty text -> an unknown Duration (the guide gives none; never guessed).
// Anything else ("three years", "3--4 yrs") throws.
Duration parse_duration(std::string_view text);

// "6.5LPA" / "6.5 LPA" -> 6.5. "0.0LPA" or empty -> nullopt: the site writes 0.0 when it has no
// figure, and a salary of zero is never stored. Anything else throws.
std::optional<double> parse_salary(std::string_view text);

}  // namespace careerbot::knowledge
