#include "intent/stemmer.hpp"

#include <libstemmer.h>

#include <memory>
#include <stdexcept>

namespace careerbot::intent {
namespace {

struct StemmerDeleter {
  void operator()(sb_stemmer* s) const noexcept { sb_stemmer_delete(s); }
};

sb_stemmer* thread_stemmer() {
  thread_local std::unique_ptr<sb_stemmer, StemmerDeleter> stemmer(sb_stemmer_new("english", "UTF_8"));
  if (!stemmer) throw std::runtime_error("libstemmer: cannot create the English stemmer");
  return stemmer.get();
}

// Snowball is written for words: leave tokens holding digits or symbols alone ("class12", "c++").
bool is_word(std::string_view token) {
  for (unsigned char c : token)
    if (c < 0x80 && !(c >= 'a' && c <= 'z')) return false;
  return true;
}

}  // namespace

std::string stem(std::string_view token) {
  if (token.empty() || !is_word(token)) return std::string(token);
  sb_stemmer* stemmer = thread_stemmer();
  const sb_symbol* out = sb_stemmer_stem(stemmer, reinterpret_cast<const sb_symbol*>(token.data()),
                                         static_cast<int>(token.size()));
  if (out == nullptr) return std::string(token);  // out of memory inside the stemmer: keep the word
  return std::string(reinterpret_cast<const char*>(out),
                     static_cast<std::size_t>(sb_stemmer_length(stemmer)));
}

}  // namespace careerbot::intent
