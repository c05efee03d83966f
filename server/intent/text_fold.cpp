#include "intent/text_fold.hpp"

#include <utf8proc.h>

#include <cstdlib>
#include <memory>

#include "common/utf8.hpp"

namespace careerbot::intent {
namespace {

enum class CharClass : unsigned char { word, apostrophe, dot, plus, hash, separator };

struct Decoded {
  utf8proc_int32_t cp;
  CharClass cls;
};

bool is_ascii(std::string_view text) {
  for (unsigned char c : text)
    if (c >= 0x80) return false;
  return true;
}

CharClass classify(utf8proc_int32_t cp) {
  if (cp < 0x80) {
    const char c = static_cast<char>(cp);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return CharClass::word;
    if (c == '\'' || c == '`') return CharClass::apostrophe;
    if (c == '.') return CharClass::dot;
    if (c == '+') return CharClass::plus;
    if (c == '#') return CharClass::hash;
    return CharClass::separator;
  }
  // Curly single quotes and the modifier apostrophe are used as apostrophes.
  if (cp == 0x2018 || cp == 0x2019 || cp == 0x02BC || cp == 0x2032) return CharClass::apostrophe;
  switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
      return CharClass::word;
    default:
      return CharClass::separator;  // punctuation, symbols, emoji, spaces
  }
}

// Latin letters with accents lose them; other scripts are left alone.
utf8proc_int32_t strip_latin_accent(utf8proc_int32_t cp) {
  const bool latin = (cp >= 0xC0 && cp <= 0x24F) || (cp >= 0x1E00 && cp <= 0x1EFF);
  if (!latin) return cp;
  utf8proc_int32_t parts[4];
  int boundclass = 0;
  const utf8proc_ssize_t n = utf8proc_decompose_char(cp, parts, 4, UTF8PROC_DECOMPOSE, &boundclass);
  if (n >= 1 && parts[0] < 0x80) return parts[0];
  return cp;
}

void append_utf8(std::string& out, utf8proc_int32_t cp) {
  utf8proc_uint8_t buf[4];
  const utf8proc_ssize_t n = utf8proc_encode_char(cp, buf);
  out.append(reinterpret_cast<const char*>(buf), static_cast<std::size_t>(n));
}

// NFKC without case folding; default ignorables dropped. Returns the input when utf8proc refuses it.
void nfkc(std::string_view text, std::string& out) {
  if (auto mapped = utf8::normalize(text, {.compatibility = true, .drop_ignorable = true}))
    out = std::move(*mapped);
  else
    out.assign(text);
}

void decode(std::string_view text, std::vector<Decoded>& out) {
  out.clear();
  if (is_ascii(text)) {
    for (char c : text) out.push_back({static_cast<utf8proc_int32_t>(c), classify(c)});
    return;
  }
  thread_local std::string composed;
  nfkc(text, composed);
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(composed.data());
  utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(composed.size());
  while (left > 0) {
    utf8proc_int32_t cp = 0;
    const utf8proc_ssize_t len = utf8proc_iterate(p, left, &cp);
    if (len <= 0) break;  // cannot happen on valid UTF-8; stop rather than loop
    p += len;
    left -= len;
    cp = strip_latin_accent(cp);
    out.push_back({cp, classify(cp)});
  }
}

}  // namespace

std::string fold_case(std::string_view token) {
  if (is_ascii(token)) {
    std::string out(token);
    for (char& c : out)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
  }
  return utf8::normalize(token, {.compatibility = true, .casefold = true}).value_or(std::string(token));
}

void split_tokens(std::string_view text, std::vector<RawToken>& out) {
  out.clear();
  thread_local std::vector<Decoded> chars;
  decode(text, chars);

  std::string current;
  bool last_is_word = false;  // the last character appended to `current` is a letter or digit
  const auto flush = [&] {
    if (!current.empty()) {
      out.push_back({current, fold_case(current)});
      current.clear();
    }
    last_is_word = false;
  };
  const auto cls_at = [&](std::size_t i) { return i < chars.size() ? chars[i].cls : CharClass::separator; };

  for (std::size_t i = 0; i < chars.size(); ++i) {
    const Decoded& ch = chars[i];
    switch (ch.cls) {
      case CharClass::word:
        append_utf8(current, ch.cp);
        last_is_word = true;
        break;
      case CharClass::apostrophe:
        // master's -> masters; a quote around a word separates.
        if (!(last_is_word && cls_at(i + 1) == CharClass::word)) flush();
        break;
      case CharClass::dot:
        if (last_is_word && cls_at(i + 1) == CharClass::word) {
          current.push_back('.');
          last_is_word = false;
        } else {
          flush();
        }
        break;
      case CharClass::plus: {
        std::size_t end = i;
        while (cls_at(end) == CharClass::plus) ++end;
        const bool digit_after = end < chars.size() && chars[end].cp >= '0' && chars[end].cp <= '9';
        if (last_is_word && (digit_after || cls_at(end) != CharClass::word)) {
          current.append(end - i, '+');  // 10+2, c++
          last_is_word = false;
          if (!digit_after) flush();
          i = end - 1;
        } else {
          flush();
        }
        break;
      }
      case CharClass::hash:
        if (last_is_word && cls_at(i + 1) != CharClass::word) {
          current.push_back('#');  // c#
        }
        flush();
        break;
      case CharClass::separator:
        flush();
        break;
    }
  }
  flush();
}

}  // namespace careerbot::intent
