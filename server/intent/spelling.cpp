#include "intent/spelling.hpp"

#include <algorithm>

#include "intent/stemmer.hpp"

namespace careerbot::intent {
namespace {

bool is_plain_word(std::string_view w) {
  if (w.empty()) return false;
  for (char c : w)
    if (c < 'a' || c > 'z') return false;
  return true;
}

// Words this short are never a correction target: too many neighbours.
constexpr std::size_t kShortestTarget = 3;

bool is_vowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

// The first letter, then the others without vowels: "masters" -> "mstrs", "abroad" -> "abrd".
std::string skeleton(std::string_view word) {
  std::string out;
  for (std::size_t i = 0; i < word.size(); ++i)
    if (i == 0 || !is_vowel(word[i])) out.push_back(word[i]);
  return out;
}

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t max) {
  const std::size_t n = a.size(), m = b.size();
  if ((n > m ? n - m : m - n) > max) return max + 1;
  // Three rolling rows; words are short, so small vectors are fine.
  thread_local std::vector<std::size_t> prev2, prev, cur;
  prev2.assign(m + 1, 0);
  prev.resize(m + 1);
  cur.resize(m + 1);
  for (std::size_t j = 0; j <= m; ++j) prev[j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    cur[0] = i;
    std::size_t row_min = cur[0];
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      std::size_t d = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d = std::min(d, prev2[j - 2] + 1);
      cur[j] = d;
      row_min = std::min(row_min, d);
    }
    if (row_min > max) return max + 1;
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return std::min(prev[m], max + 1);
}

SpellingCorrector::SpellingCorrector(const std::vector<std::string>& vocabulary, Options options,
                                     const std::vector<std::string>& known_words)
    : options_(options) {
  for (const std::string& word : known_words) known_words_.insert(word);
  for (const std::string& word : vocabulary) {
    if (word.empty() || ids_.contains(word)) continue;
    const auto id = static_cast<std::uint32_t>(words_.size());
    ids_.emplace(word, id);
    words_.push_back(word);
    word_stems_.push_back(stem(word));
    stems_.insert(word_stems_.back());
    if (!is_plain_word(word) || word.size() < kShortestTarget) continue;
    if (std::string bare = skeleton(word); bare.size() >= kShortestTarget && bare.size() < word.size())
      skeletons_[bare].push_back(id);
    // Two deletions only matter for words a long typo can reach.
    const int depth = word.size() + 2 >= options_.long_length ? 2 : 1;
    std::string key = word;
    deletes_[key].push_back(id);
    index_deletes(key, id, depth, 0);
  }
  for (auto& [key, ids] : deletes_) {
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  }
}

void SpellingCorrector::index_deletes(std::string& word, std::uint32_t id, int depth, std::size_t from) {
  if (depth == 0) return;
  for (std::size_t i = from; i < word.size(); ++i) {
    std::string shorter = word.substr(0, i) + word.substr(i + 1);
    deletes_[shorter].push_back(id);
    index_deletes(shorter, id, depth - 1, i);
  }
}

bool SpellingCorrector::known(std::string_view word) const {
  return ids_.contains(word) || known_words_.contains(word) || stems_.contains(stem(word));
}

std::optional<std::string_view> SpellingCorrector::correct(std::string_view word) const {
  // Only word-sized tokens: the candidate keys grow with the square of the length, so a pasted
  // 4,000-letter "word" must not be corrected (it is no typo anyway).
  constexpr std::size_t kLongestCorrected = 30;
  if (word.size() > kLongestCorrected || !is_plain_word(word) || known(word)) return std::nullopt;
  if (word.size() < options_.min_length) return correct_unmatched(word);
  const std::size_t max = word.size() >= options_.long_length ? 2 : 1;

  // Every string within `max` deletions of the word; the index holds the same for vocabulary words,
  // so any word within edit distance `max` shares at least one key.
  thread_local std::vector<std::string> keys;
  keys.clear();
  keys.emplace_back(word);
  for (std::size_t level = 0, begin = 0; level < max; ++level) {
    const std::size_t end = keys.size();
    for (std::size_t k = begin; k < end; ++k)
      for (std::size_t i = 0; i < keys[k].size(); ++i)
        keys.push_back(keys[k].substr(0, i) + keys[k].substr(i + 1));
    begin = end;
  }

  std::size_t best_distance = max + 1;
  std::vector<std::uint32_t> best;
  for (const std::string& key : keys) {
    const auto it = deletes_.find(key);
    if (it == deletes_.end()) continue;
    for (std::uint32_t id : it->second) {
      if (std::find(best.begin(), best.end(), id) != best.end()) continue;
      const std::size_t d = edit_distance(word, words_[id], max);
      if (d > max || d > best_distance) continue;
      if (d < best_distance) {
        best_distance = d;
        best.clear();
      }
      best.push_back(id);
    }
  }
  if (best.empty()) return correct_unmatched(word);
  // Candidates that are forms of one word (certification / certifications) are not a real tie.
  for (std::uint32_t id : best)
    if (word_stems_[id] != word_stems_[best.front()]) return std::nullopt;
  const auto chosen = *std::min_element(best.begin(), best.end(), [&](std::uint32_t a, std::uint32_t b) {
    return words_[a].size() != words_[b].size() ? words_[a].size() < words_[b].size() : words_[a] < words_[b];
  });
  return std::string_view(words_[chosen]);
}

std::optional<std::string_view> SpellingCorrector::correct_unmatched(std::string_view word) const {
  if (auto swapped = correct_transposition(word)) return swapped;
  return correct_skeleton(word);
}

std::optional<std::string_view> SpellingCorrector::correct_transposition(std::string_view word) const {
  if (word.size() < 3) return std::nullopt;
  // A short word becomes only a dictionary word: the vocabulary holds romanised Hindi and other
  // languages, whose short words swap into each other (Bengali "amar", "my", is no "maar").
  const bool vocabulary_targets = word.size() >= options_.min_length;
  std::optional<std::string_view> found;
  std::string swapped(word);
  for (std::size_t i = 0; i + 1 < swapped.size(); ++i) {
    if (swapped[i] == swapped[i + 1]) continue;
    std::swap(swapped[i], swapped[i + 1]);
    std::optional<std::string_view> hit;
    if (const auto id = ids_.find(swapped); vocabulary_targets && id != ids_.end())
      hit = std::string_view(words_[id->second]);
    else if (const auto known = known_words_.find(swapped); known != known_words_.end())
      hit = std::string_view(*known);
    std::swap(swapped[i], swapped[i + 1]);
    if (!hit) continue;
    if (found && *found != *hit) return std::nullopt;  // two words: no guess
    found = hit;
  }
  return found;
}

std::optional<std::string_view> SpellingCorrector::correct_skeleton(std::string_view word) const {
  // Only a word that is its own skeleton (no vowel after the first letter) was typed without vowels.
  if (word.size() < kShortestTarget || std::any_of(word.begin() + 1, word.end(), is_vowel))
    return std::nullopt;
  const auto it = skeletons_.find(word);
  if (it == skeletons_.end()) return std::nullopt;
  const std::vector<std::uint32_t>& ids = it->second;
  for (std::uint32_t id : ids)
    if (word_stems_[id] != word_stems_[ids.front()]) return std::nullopt;  // two words: no guess
  const auto chosen = *std::min_element(ids.begin(), ids.end(), [&](std::uint32_t a, std::uint32_t b) {
    return words_[a].size() != words_[b].size() ? words_[a].size() < words_[b].size() : words_[a] < words_[b];
  });
  return std::string_view(words_[chosen]);
}

}  // namespace careerbot::intent
