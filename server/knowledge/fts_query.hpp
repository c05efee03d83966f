#pragma once
// Turns a student's free text into a safe FTS5 MATCH expression. Pure; thread-safe.

#include <string>
#include <string_view>

namespace careerbot::knowledge {

// Splits `text` into words (letters and digits; everything else separates), quotes every word and
// joins them with OR, so quotes, '*', '-', NEAR, AND, NOT, ':' or '^' in the text are only ever
// searched for as words, never read as FTS5 syntax. Returns "" when the text has no word.
std::string fts_match_expression(std::string_view text);

}  // namespace careerbot::knowledge
