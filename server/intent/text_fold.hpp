#pragma once
// First step of normalisation: Unicode clean-up and splitting a message into tokens.
//
// The text is brought to NFKC, default-ignorable characters (zero-width joiners, soft hyphens) are
// dropped and accents on Latin letters are removed ("café" -> "cafe"; other scripts keep their marks,
// which carry vowels in Devanagari). Tokens are runs of letters and digits; everything else separates
// tokens except where it is part of the token:
//   '.' between two letters/digits        b.tech, ph.d, 3.5
//   '+' after a letter/digit, before a digit or at the token's end    10+2, c++
//   '#' at the end of a letter run        c#
//   apostrophes inside a word are dropped, joining it: master's -> masters, don’t -> dont
// Curly quotes count as quotes (separators) or apostrophes like straight ones.
//
// Thread-safety: free functions without shared state.

#include <string>
#include <string_view>
#include <vector>

namespace careerbot::intent {

struct RawToken {
  std::string cased;   // as written (after NFKC and accent removal), for case-sensitive lexicon forms
  std::string folded;  // case-folded: what everything else works on
};

// Splits valid UTF-8 `text` into `out` (cleared first). Linear in the text's length.
void split_tokens(std::string_view text, std::vector<RawToken>& out);

// Unicode case folding of one token (ASCII fast path).
std::string fold_case(std::string_view token);

}  // namespace careerbot::intent
