#include "intent/noisy_copies.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace careerbot::intent {
namespace {

// splitmix64: tiny, fast and the same on every platform.
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // 0 .. n-1; n > 0. The modulo bias is irrelevant at these sizes.
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }

 private:
  std::uint64_t state_;
};

std::uint64_t fnv1a(std::string_view text) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const unsigned char c : text) h = (h ^ c) * 0x100000001b3ULL;
  return h;
}

// Words as students shorten them in chat. Only spellings that keep the meaning: "to" -> "2" would
// read as route 2.
constexpr std::array<std::pair<std::string_view, std::string_view>, 24> kSmsSpellings{{
    {"what", "wat"},   {"you", "u"},       {"your", "ur"},        {"are", "r"},      {"please", "pls"},
    {"thank", "thnk"}, {"because", "coz"}, {"okay", "ok"},        {"people", "ppl"}, {"should", "shud"},
    {"would", "wud"},  {"about", "abt"},   {"really", "rly"},     {"which", "wich"}, {"good", "gud"},
    {"know", "knw"},   {"before", "b4"},   {"something", "smth"}, {"tell", "tel"},   {"need", "nd"},
    {"with", "wid"},   {"there", "der"},   {"they", "dey"},       {"and", "n"},
}};

// Small words chat drops ("what skills needed", "is it hard job").
constexpr std::array<std::string_view, 9> kDroppable{"the", "a",    "an", "is", "are",
                                                     "do",  "does", "of", "for"};

// Fillers added at the start or the end: English and Hinglish chat habits that say nothing of the topic.
constexpr std::array<std::string_view, 12> kFillers{"pls", "bro", "yaar", "kya",   "hai", "sir",
                                                    "plz", "btw", "hey",  "ok so", "hmm", "bhai"};

struct Word {
  std::string lead, core, tail;  // punctuation around the letters: "(skills?)" -> "(", "skills", "?)"
};

std::vector<Word> split(std::string_view text) {
  std::vector<Word> words;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    const std::size_t start = i;
    while (i < text.size() && text[i] != ' ') ++i;
    if (start == i) break;
    const std::string_view token = text.substr(start, i - start);
    const auto letter = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
    const auto first = std::find_if(token.begin(), token.end(), letter);
    const auto last = std::find_if(token.rbegin(), token.rend(), letter).base();
    if (first >= last) {
      words.push_back({std::string(token), "", ""});
    } else {
      words.push_back(
          {std::string(token.begin(), first), std::string(first, last), std::string(last, token.end())});
    }
  }
  return words;
}

std::string join(const std::vector<Word>& words) {
  std::string out;
  for (const Word& w : words) {
    if (w.lead.empty() && w.core.empty() && w.tail.empty()) continue;
    if (!out.empty()) out += ' ';
    out += w.lead + w.core + w.tail;
  }
  return out;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool plain_word(const std::string& core) {
  return !core.empty() && std::all_of(core.begin(), core.end(), [](char c) {
    return std::isalpha(static_cast<unsigned char>(c)) != 0;
  });
}

// One letter dropped, doubled or swapped with its neighbour, never the first (students rarely miss it).
bool typo(std::vector<Word>& words, Random& random) {
  std::vector<std::size_t> candidates;
  for (std::size_t i = 0; i < words.size(); ++i)
    if (plain_word(words[i].core) && words[i].core.size() >= 4) candidates.push_back(i);
  if (candidates.empty()) return false;
  std::string& w = words[candidates[random.below(candidates.size())]].core;
  const std::size_t at = 1 + random.below(w.size() - 2);  // 1 .. size-2: never the first or the last
  switch (random.below(3)) {
    case 0:
      w.erase(at, 1);
      break;
    case 1:
      w.insert(at, 1, w[at]);
      break;
    default:
      std::swap(w[at], w[at + 1]);
      break;
  }
  return true;
}

bool sms(std::vector<Word>& words, Random& random) {
  std::vector<std::pair<std::size_t, std::string_view>> candidates;
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string word = lower(words[i].core);
    for (const auto& [from, to] : kSmsSpellings)
      if (word == from) candidates.emplace_back(i, to);
  }
  if (candidates.empty()) return false;
  const auto& [index, spelling] = candidates[random.below(candidates.size())];
  words[index].core = std::string(spelling);
  return true;
}

bool drop_small_word(std::vector<Word>& words, Random& random) {
  if (words.size() < 4) return false;  // "is it hard" needs every word
  std::vector<std::size_t> candidates;
  for (std::size_t i = 0; i < words.size(); ++i)
    if (std::find(kDroppable.begin(), kDroppable.end(), lower(words[i].core)) != kDroppable.end() &&
        words[i].lead.empty() && words[i].tail.empty())
      candidates.push_back(i);
  if (candidates.empty()) return false;
  words.erase(words.begin() + static_cast<std::ptrdiff_t>(candidates[random.below(candidates.size())]));
  return true;
}

bool filler(std::vector<Word>& words, Random& random) {
  const Word word{"", std::string(kFillers[random.below(kFillers.size())]), ""};
  if (random.below(2) == 0) {
    words.insert(words.begin(), word);
  } else {
    words.push_back(word);
  }
  return true;
}

// The text with punctuation run together ("hi,what next"), or the question mark left off or doubled.
std::string punctuation(std::string text, Random& random) {
  std::vector<std::size_t> spaces;
  for (std::size_t i = 1; i < text.size(); ++i)
    if (text[i] == ' ' &&
        (text[i - 1] == ',' || text[i - 1] == '.' || text[i - 1] == '?' || text[i - 1] == '!'))
      spaces.push_back(i);
  if (!spaces.empty() && random.below(2) == 0) {
    for (auto it = spaces.rbegin(); it != spaces.rend(); ++it) text.erase(*it, 1);
  } else if (!text.empty() && text.back() == '?') {
    text.pop_back();
  } else {
    text += "??";
  }
  return text;
}

std::string one_copy(std::string_view text, Random& random) {
  std::vector<Word> words = split(text);
  constexpr std::size_t kKinds = 5;
  const std::size_t changes = 1 + random.below(2);
  std::size_t done = 0;
  bool punctuate = false;
  for (std::size_t tries = 0; done < changes && tries < 8; ++tries) {
    switch (random.below(kKinds)) {
      case 0:
        done += typo(words, random);
        break;
      case 1:
        done += sms(words, random);
        break;
      case 2:
        done += drop_small_word(words, random);
        break;
      case 3:
        done += filler(words, random);
        break;
      default:
        if (!punctuate) ++done;
        punctuate = true;
        break;
    }
  }
  std::string out = join(words);
  return punctuate ? punctuation(std::move(out), random) : out;
}

}  // namespace

std::string NoiseOptions::describe() const {
  return "noisy_copies " + std::to_string(copies) + " noise_seed " + std::to_string(seed);
}

std::vector<std::string> noisy_copies(std::string_view text, const NoiseOptions& options) {
  std::vector<std::string> out;
  if (options.copies <= 0) return out;
  const std::string original = join(split(text));
  Random random(fnv1a(text) ^ (options.seed * 0x9e3779b97f4a7c15ULL));
  // A few tries per copy: a change can undo itself or repeat an earlier copy.
  for (int tries = 0; tries < 4 * options.copies && static_cast<int>(out.size()) < options.copies; ++tries) {
    std::string copy = one_copy(text, random);
    if (copy.empty() || copy == text || copy == original) continue;
    if (std::find(out.begin(), out.end(), copy) != out.end()) continue;
    out.push_back(std::move(copy));
  }
  return out;
}

}  // namespace careerbot::intent
