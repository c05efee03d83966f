#pragma once
// The clauses of a normalised message, for the safety classifier. A fastText model averages every
// word of a message, so one distressed clause inside a long career question ("which course is best
// for ml, also i feel empty all the time") is diluted by the question around it. Scoring each clause
// as well, and keeping the highest concern, lets that clause speak for itself (issue 16).
//
// Normalised text has no punctuation left, so clauses are split at joining words ("but", "and",
// "also", "lekin", "aur", ...) that have at least kMinClauseWords words on each side; at most
// kMaxClauses clauses (the last one keeps the rest). Views into `normalized`, no allocation once
// `out` has grown: this runs on every message.

#include <cstddef>
#include <string_view>
#include <vector>

namespace careerbot::dialog {

inline constexpr std::size_t kMinClauseWords = 3;
inline constexpr std::size_t kMaxClauses = 4;

// Fills `out` (cleared first) with the clauses of `normalized` (words joined by single spaces), the
// joining words left out. A message with no split point gives no clauses: the whole message is
// scored anyway.
void split_clauses(std::string_view normalized, std::vector<std::string_view>& out);

}  // namespace careerbot::dialog
