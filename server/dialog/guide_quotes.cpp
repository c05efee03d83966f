#include "dialog/guide_quotes.hpp"

#include <cctype>

namespace careerbot::dialog {
namespace {

bool alnum(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

// The length of the quote character at `i` (1 for ' and ", 3 for curly quotes), or 0.
std::size_t quote_at(std::string_view text, std::size_t i) {
  if (text[i] == '\'' || text[i] == '"') return 1;
  if (i + 2 < text.size() && text[i] == '\xE2' && text[i + 1] == '\x80' &&
      (text[i + 2] == '\x98' || text[i + 2] == '\x99' || text[i + 2] == '\x9C' || text[i + 2] == '\x9D'))
    return 3;
  return 0;
}

// A sentence with at most this many words besides a quote of the guide only points at it.
constexpr std::size_t kFewWordsBesideQuote = 5;

// Where the sentence around [from, to) starts and ends (after its '.', '!', '?' or line break; a dot
// between letters or digits, "B.Tech", ends none).
std::pair<std::size_t, std::size_t> sentence_around(std::string_view text, std::size_t from, std::size_t to) {
  const auto ends_sentence = [&](std::size_t i) {
    const char c = text[i];
    if (c == '.') return i + 1 >= text.size() || !alnum(text[i + 1]);
    return c == '!' || c == '?' || c == '\n';
  };
  std::size_t start = from;
  while (start > 0 && !ends_sentence(start - 1)) --start;
  std::size_t end = to;
  while (end < text.size() && !ends_sentence(end)) ++end;
  return {start, end < text.size() ? end + 1 : end};
}

std::size_t words_in(std::string_view text) {
  std::size_t words = 0;
  bool in_word = false;
  for (const char c : text) {
    if (alnum(c) && !in_word) ++words;
    in_word = alnum(c);
  }
  return words;
}

}  // namespace

GuideQuotes::GuideQuotes(const knowledge::KnowledgeBase& knowledge) {
  for (const auto& career : knowledge.careers())
    career.for_each_fact([&](const knowledge::Fact& fact) {
      std::string text = fold(fact.text);
      if (text.size() >= 2 && text != fold(fact.title)) statements_.insert(std::move(text));
    });
}

std::string GuideQuotes::fold(std::string_view text) {
  std::string folded;
  folded.reserve(text.size());
  for (const char c : text) {
    if (alnum(c)) {
      folded += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!folded.empty() && folded.back() != ' ') {
      folded += ' ';
    }
  }
  if (!folded.empty() && folded.back() == ' ') folded.pop_back();
  return folded;
}

std::string GuideQuotes::without_quotes(std::string_view text) const {
  std::string kept;
  std::size_t copied = 0;  // text before this is in `kept` (or was left out)
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t open = quote_at(text, i);
    if (open == 0 || (i > 0 && alnum(text[i - 1]))) {  // not an opening quote ("master's")
      i += open == 0 ? 1 : open;
      continue;
    }
    const std::size_t start = i + open;
    std::size_t end = start;
    std::size_t close = 0;
    for (; end < text.size(); ++end) {
      close = quote_at(text, end);
      if (close != 0 && end > start && (end + close >= text.size() || !alnum(text[end + close]))) break;
      close = 0;
    }
    if (close == 0) break;  // no closing quote: nothing more is quoted
    if (!statements_.contains(fold(text.substr(start, end - start)))) {
      i = start;
      continue;
    }
    // A sentence that only points at the quote ("You wrote 'Infosys, Bangalore'.", "'TCS, Mumbai' -
    // got it.") goes whole; from a question ("Is 'TCS, Mumbai' hiring freshers?") only the quote.
    std::size_t cut_from = i;
    std::size_t cut_to = end + close;
    const auto [sentence_start, sentence_end] = sentence_around(text, i, cut_to);
    const std::string_view sentence = text.substr(sentence_start, sentence_end - sentence_start);
    const bool asks = sentence.find('?') != std::string_view::npos;
    if (!asks && sentence_start >= copied &&
        words_in(sentence) - words_in(text.substr(start, end - start)) <= kFewWordsBesideQuote) {
      cut_from = sentence_start;
      cut_to = sentence_end;
    }
    kept.append(text.substr(copied, cut_from - copied));
    kept += ' ';
    copied = cut_to;
    i = copied;
  }
  if (copied == 0) return std::string(text);
  kept.append(text.substr(copied));
  std::size_t letters = 0;
  for (const char c : kept) letters += std::isalpha(static_cast<unsigned char>(c)) != 0 ? 1 : 0;
  return letters >= 2 ? kept : std::string(text);
}

}  // namespace careerbot::dialog
