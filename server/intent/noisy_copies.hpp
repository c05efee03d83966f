#pragma once
// Noisy copies of training examples: the intent classifier learns typos and chat habits from every
// example, not only from the few written that way (docs/classifier.md, "Noisy copies"). Each copy
// changes one or two things the way students type: a dropped, doubled or swapped letter, an SMS
// spelling ("wat", "u", "pls"), a dropped small word ("what are the skills" -> "what skills"), a
// filler ("bro", "yaar", "pls"), or punctuation run together ("ok,what next?" / no '?').
//
// Deterministic: a copy depends only on the text, the copy's number and the seed (its own generator,
// no std::*_distribution, whose results differ between standard libraries), so adding one example
// never changes another's copies and the same examples always give the same model bytes.
//
// Thread-safety: plain functions and values.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace careerbot::intent {

struct NoiseOptions {
  // Noisy copies per example; 0 trains on the examples alone. 0 by default: one or two copies moved
  // cross-validation by less than the spread between folds (docs/classifier.md, 2026-12-06 intents6).
  int copies = 0;
  std::uint64_t seed = 1;

  // A stable description, part of a model's cache key.
  std::string describe() const;
};

// Up to `options.copies` noisy variants of `text`, as written (before normalisation), none equal to
// `text` or to each other. Fewer when the text offers nothing to change (an emoji).
std::vector<std::string> noisy_copies(std::string_view text, const NoiseOptions& options);

}  // namespace careerbot::intent
