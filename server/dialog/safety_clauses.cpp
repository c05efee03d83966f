#include "dialog/safety_clauses.hpp"

#include <algorithm>
#include <array>

namespace careerbot::dialog {
namespace {

// Words that join two thoughts in one message, in English and Hinglish (after normalisation).
constexpr std::array<std::string_view, 19> kJoiningWords = {
    "also", "and",    "anyway", "anyways", "although", "because", "bcoz",   "btw",   "but", "coz",
    "cuz",  "kyunki", "lekin",  "magar",   "par",      "plus",    "though", "waise", "aur"};

bool joins(std::string_view word) {
  return std::find(kJoiningWords.begin(), kJoiningWords.end(), word) != kJoiningWords.end();
}

}  // namespace

void split_clauses(std::string_view normalized, std::vector<std::string_view>& out) {
  out.clear();
  if (normalized.empty()) return;
  const auto words_total =
      static_cast<std::size_t>(std::count(normalized.begin(), normalized.end(), ' ')) + 1;
  std::size_t clause_start = 0, clause_words = 0;  // the current clause: where it starts, its words so far
  std::size_t seen = 0;                            // words before the current one
  std::size_t pos = 0;
  while (pos < normalized.size() && out.size() + 1 < kMaxClauses) {
    std::size_t end = normalized.find(' ', pos);
    if (end == std::string_view::npos) end = normalized.size();
    const std::string_view word = normalized.substr(pos, end - pos);
    const std::size_t after = words_total - seen - 1;  // words after this one
    if (joins(word) && clause_words >= kMinClauseWords && after >= kMinClauseWords) {
      out.push_back(normalized.substr(clause_start, pos - 1 - clause_start));
      clause_start = end + 1;
      clause_words = 0;
    } else {
      ++clause_words;
    }
    ++seen;
    pos = end + 1;
  }
  if (out.empty()) return;
  if (clause_start < normalized.size()) out.push_back(normalized.substr(clause_start));
}

}  // namespace careerbot::dialog
