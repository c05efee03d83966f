#pragma once
// Text helpers shared by the importer, the source loader and the reader. Pure functions on valid
// UTF-8; thread-safe.

#include <string>
#include <string_view>

namespace careerbot::knowledge::text {

// Fact-id slug: lower-case ASCII letters and digits, every other run of bytes becomes one '-',
// no leading or trailing '-'. "Meta (Facebook)" -> "meta-facebook".
std::string slug(std::string_view text);

// Collapses runs of whitespace (including no-break spaces) to one space, trims both ends, and drops
// a space the page puts before punctuation ("Engineering ." -> "Engineering."). Never changes words.
std::string clean(std::string_view text);

// True when the text has no letter and no digit (emoji, bullets, symbols): page decoration.
bool is_symbols_only(std::string_view text);

// The text after any leading symbols and spaces: "🇮🇳 India" -> "India".
std::string_view strip_leading_symbols(std::string_view text);

// Case-folded, whitespace-collapsed form used to compare names and aliases.
std::string fold(std::string_view text);

// True when every byte is an ASCII digit (and there is at least one).
bool is_number(std::string_view text);

}  // namespace careerbot::knowledge::text
