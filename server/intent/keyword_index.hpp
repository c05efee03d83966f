#pragma once
// Keyword postings: from a keyword's stems (one word, or a phrase of up to a few words) to the
// intents that list it with their weights. A message is scanned once, looking up each word and each
// run of words up to the longest keyword phrase, so the cost depends on the message's length and
// not on how many intents exist.
//
// Thread-safety: immutable after construction; scan() may run on many threads at once.

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace careerbot::intent {

class IntentSet;
class Normalizer;

class KeywordIndex {
 public:
  struct KeywordInfo {
    std::uint32_t intent;  // index in IntentSet::intents()
    std::string phrase;    // as the counsellor wrote it (without the weight)
    double weight;
  };

  // Keywords are normalised by `normalizer` (lexicon and stems, no spelling correction).
  KeywordIndex(const IntentSet& set, const Normalizer& normalizer);

  // Appends to `out` the id of every keyword found in `stems` (a keyword found twice appears twice).
  void scan(const std::vector<std::string>& stems, std::vector<std::uint32_t>& out) const;

  const KeywordInfo& keyword(std::uint32_t id) const { return keywords_[id]; }
  std::size_t size() const noexcept { return keywords_.size(); }

 private:
  struct Entry {
    std::vector<std::string> stems;
    std::vector<std::uint32_t> keywords;
  };

  std::vector<KeywordInfo> keywords_;
  std::vector<Entry> entries_;
  std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> by_hash_;  // phrase hash -> entries
  std::size_t longest_ = 0;                                                // words in the longest phrase
};

}  // namespace careerbot::intent
