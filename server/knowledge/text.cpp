#include "knowledge/text.hpp"

#include <utf8proc.h>

#include <cstdlib>
#include <optional>

#include "common/utf8.hpp"

namespace careerbot::knowledge::text {
namespace {

// Decodes the code point at `pos`; returns its byte length (1 for invalid bytes, read as U+FFFD).
std::size_t decode(std::string_view s, std::size_t pos, utf8proc_int32_t& cp) {
  auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data() + pos),
                            static_cast<utf8proc_ssize_t>(s.size() - pos), &cp);
  if (n <= 0) {
    cp = 0xFFFD;
    return 1;
  }
  return static_cast<std::size_t>(n);
}

bool is_letter_or_digit(utf8proc_int32_t cp) {
  switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
      return true;
    default:
      return false;
  }
}

bool is_space(utf8proc_int32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n' || cp == 0xA0 ||
         utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS;
}

bool is_closing_punctuation(char c) {
  return c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?';
}

}  // namespace

std::string slug(std::string_view text) {
  std::string out;
  bool pending_dash = false;
  for (char c : text) {
    char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    if ((lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9')) {
      if (pending_dash && !out.empty()) out += '-';
      pending_dash = false;
      out += lower;
    } else {
      pending_dash = true;
    }
  }
  return out;
}

std::string clean(std::string_view s) {
  std::string out;
  bool pending_space = false;
  for (std::size_t pos = 0; pos < s.size();) {
    utf8proc_int32_t cp;
    std::size_t n = decode(s, pos, cp);
    if (is_space(cp)) {
      pending_space = !out.empty();
    } else {
      // A space before closing punctuation that ends a word is the page's typo, not wording.
      bool punctuation_ends_word =
          n == 1 && is_closing_punctuation(s[pos]) && (pos + 1 == s.size() || s[pos + 1] == ' ');
      if (pending_space && !punctuation_ends_word) out += ' ';
      pending_space = false;
      out.append(s.substr(pos, n));
    }
    pos += n;
  }
  return out;
}

bool is_symbols_only(std::string_view s) {
  for (std::size_t pos = 0; pos < s.size();) {
    utf8proc_int32_t cp;
    pos += decode(s, pos, cp);
    if (is_letter_or_digit(cp)) return false;
  }
  return true;
}

std::string_view strip_leading_symbols(std::string_view s) {
  std::size_t pos = 0;
  while (pos < s.size()) {
    utf8proc_int32_t cp;
    std::size_t n = decode(s, pos, cp);
    if (is_letter_or_digit(cp)) break;
    pos += n;
  }
  return s.substr(pos);
}

std::string fold(std::string_view s) {
  std::string cleaned = clean(s);
  std::optional<std::string> folded = utf8::normalize(cleaned, {.casefold = true});
  return folded ? std::move(*folded) : cleaned;
}

bool is_number(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace careerbot::knowledge::text
