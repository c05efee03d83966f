#pragma once
// UTF-8 helpers: validation, cutting text on character boundaries (never on bytes), and Unicode
// normalisation and case folding (utf8proc): the one home for them.

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

// Length of valid UTF-8 `text` in UTF-16 code units, the way messaging platforms (Telegram, WhatsApp)
// count a message's characters: a character beyond U+FFFF (4-byte UTF-8, e.g. an emoji) counts twice.
std::size_t utf16_length(std::string_view text) noexcept;

// `text` (valid UTF-8) whole when it holds at most `max_units` UTF-16 code units; otherwise cut on a
// character boundary, trailing whitespace dropped, ending in "…", and at most `max_units` long.
// `max_units` must be at least 1.
std::string fit_utf16(std::string_view text, std::size_t max_units);

// How normalize() treats text: canonical composition (NFC) always; compatibility forms too (NFKC:
// "ﬁ" -> "fi", full-width letters), case folding, dropping default-ignorable characters (soft
// hyphens, zero-width joiners), and Unicode versioning stability.
struct Normalization {
  bool compatibility = false;
  bool casefold = false;
  bool drop_ignorable = false;
  bool stable = true;
};

// `text` normalised as `how` says, or nullopt when it is not valid UTF-8.
std::optional<std::string> normalize(std::string_view text, Normalization how);

}  // namespace careerbot::utf8
