#include "knowledge/fts_query.hpp"

#include <utf8proc.h>

namespace careerbot::knowledge {
namespace {

bool is_word_char(utf8proc_int32_t cp) {
  auto category = utf8proc_category(cp);
  return (category >= UTF8PROC_CATEGORY_LU && category <= UTF8PROC_CATEGORY_LO) ||
         (category >= UTF8PROC_CATEGORY_MN && category <= UTF8PROC_CATEGORY_ME) ||
         (category >= UTF8PROC_CATEGORY_ND && category <= UTF8PROC_CATEGORY_NO);
}

}  // namespace

std::string fts_match_expression(std::string_view text) {
  std::string out, word;
  // A bounded number of words keeps a pasted essay from becoming a huge query.
  constexpr int kMaxWords = 32;
  int words = 0;
  auto flush = [&] {
    if (word.empty()) return;
    if (words < kMaxWords) {
      if (!out.empty()) out += " OR ";
      out += '"' + word + '"';  // words hold no '"': it is not a word character
      ++words;
    }
    word.clear();
  };
  for (std::size_t pos = 0; pos < text.size();) {
    utf8proc_int32_t cp = -1;
    auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + pos),
                              static_cast<utf8proc_ssize_t>(text.size() - pos), &cp);
    std::size_t len = n > 0 ? static_cast<std::size_t>(n) : 1;
    if (n > 0 && is_word_char(cp))
      word.append(text.substr(pos, len));
    else
      flush();
    pos += len;
  }
  flush();
  return out;
}

}  // namespace careerbot::knowledge
