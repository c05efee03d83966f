#pragma once
// Finds which of a fixed list of phrases comes first in a message, by the message's words: the
// phrases are indexed by their first word once, at load, so a turn looks up each of its few words
// instead of searching the text for every phrase (the planner's yes/no answers: ~100 phrases).
//
// Phrases and texts are padded word lists, " word word " (fold_words, then a space at both ends), so
// a phrase matches whole words only. The result is the one a search for every phrase gives: the
// phrase that starts first in the text, and of those that start at one place the earliest listed.
//
// Thread-safety: immutable after construction.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "intent/string_hash.hpp"

namespace careerbot::dialog {

class PhraseIndex {
 public:
  PhraseIndex() = default;
  // `phrases[i]` is " words " (a space at both ends, at least two characters); the order decides ties.
  explicit PhraseIndex(std::vector<std::string> phrases);

  struct Found {
    std::uint32_t phrase;  // index into the list
    std::size_t at;        // where it starts in the text
  };

  // The phrase that starts first in `padded` (" words ") among those for which `wanted(i)` (or
  // `wanted(i, at)`, when the filter also needs the place) holds; nullopt when none is found.
  template <typename Wanted>
  std::optional<Found> first(std::string_view padded, Wanted&& wanted) const {
    for (std::size_t at = 0; at + 1 < padded.size(); at = padded.find(' ', at + 1)) {
      const std::size_t word_end = padded.find(' ', at + 1);  // npos: the text's last word, no space after
      const auto it = by_first_word_.find(padded.substr(at + 1, word_end - (at + 1)));
      if (it == by_first_word_.end()) continue;
      for (const std::uint32_t i : it->second)
        if (padded.substr(at).starts_with(phrases_[i]) && accepts(wanted, i, at)) return Found{i, at};
    }
    return std::nullopt;
  }

  const std::vector<std::string>& phrases() const noexcept { return phrases_; }

 private:
  template <typename Wanted>
  static bool accepts(Wanted& wanted, std::uint32_t i, std::size_t at) {
    if constexpr (std::is_invocable_r_v<bool, Wanted&, std::uint32_t, std::size_t>)
      return wanted(i, at);
    else
      return wanted(i);
  }

  std::vector<std::string> phrases_;
  intent::StringMap<std::vector<std::uint32_t>> by_first_word_;  // indices, in list order
};

}  // namespace careerbot::dialog
