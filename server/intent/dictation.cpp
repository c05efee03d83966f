#include "intent/dictation.hpp"

#include <array>
#include <cctype>

namespace careerbot::intent {
namespace {

struct SpokenMark {
  std::string_view words;  // lower case, one space between words
  char mark;
};

constexpr std::array<SpokenMark, 7> kSpokenMarks{{{"full stop", '.'},
                                                  {"comma", ','},
                                                  {"question mark", '?'},
                                                  {"exclamation mark", '!'},
                                                  {"exclamation point", '!'},
                                                  {"new line", '\n'},
                                                  {"next line", '\n'}}};

bool is_word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '\'';
}

// The length of the spoken mark `words` at `at` in `text` (any case, any run of spaces between its
// words), or 0 when it is not there as whole words.
std::size_t spoken_at(std::string_view text, std::size_t at, std::string_view words) {
  std::size_t i = at;
  for (std::size_t w = 0; w < words.size(); ++w) {
    if (words[w] == ' ') {
      if (i >= text.size() || text[i] != ' ') return 0;
      while (i < text.size() && text[i] == ' ') ++i;
      continue;
    }
    if (i >= text.size() || std::tolower(static_cast<unsigned char>(text[i])) != words[w]) return 0;
    ++i;
  }
  if (i < text.size() && is_word_char(text[i])) return 0;
  return i - at;
}

}  // namespace

std::optional<std::string> with_spoken_punctuation(std::string_view text) {
  std::optional<std::string> out;
  std::size_t copied = 0;  // text before this is in `out` already
  for (std::size_t i = 1; i < text.size(); ++i) {
    // A mark follows a word: a space, with a word character before it.
    if (text[i - 1] != ' ' || i < 2 || !is_word_char(text[i - 2])) continue;
    for (const SpokenMark& spoken : kSpokenMarks) {
      const std::size_t length = spoken_at(text, i, spoken.words);
      if (length == 0) continue;
      if (!out) out.emplace();
      out->append(text.substr(copied, i - 1 - copied));  // without the space before the mark
      out->push_back(spoken.mark);
      copied = i + length;
      i = copied;
      break;
    }
  }
  if (out) out->append(text.substr(copied));
  return out;
}

}  // namespace careerbot::intent
