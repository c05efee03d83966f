#include "common/utf8.hpp"

#include <cstdlib>
#include <memory>

#include <utf8proc.h>

namespace careerbot::utf8 {
namespace {

// Length of the sequence starting at text[i] if valid, else 0.
std::size_t sequence_length(std::string_view text, std::size_t i) noexcept {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) return 1;
  std::size_t len = 0;
  char32_t cp = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    len = 2;
    cp = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    len = 3;
    cp = lead & 0x0F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    len = 4;
    cp = lead & 0x07;
  } else {
    return 0;
  }
  if (i + len > text.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000)) return 0;  // overlong
  if (cp >= 0xD800 && cp <= 0xDFFF) return 0;                            // surrogate
  if (cp > 0x10FFFF) return 0;
  return len;
}

// The bytes of the UTF-8 sequence that starts with `lead` (1 for a stray continuation byte, so
// invalid input still advances).
std::size_t lead_length(unsigned char lead) noexcept {
  if (lead < 0xC0) return 1;
  if (lead < 0xE0) return 2;
  if (lead < 0xF0) return 3;
  return 4;
}

}  // namespace

std::optional<std::size_t> first_invalid(std::string_view text) noexcept {
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t len = sequence_length(text, i);
    if (len == 0) return i;
    i += len;
  }
  return std::nullopt;
}

std::size_t length(std::string_view text) noexcept {
  std::size_t count = 0;
  for (unsigned char c : text)
    if ((c & 0xC0) != 0x80) ++count;
  return count;
}

std::string_view prefix(std::string_view text, std::size_t max_chars) noexcept {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      if (chars == max_chars) return text.substr(0, i);
      ++chars;
    }
  }
  return text;
}

std::size_t utf16_length(std::string_view text) noexcept {
  std::size_t units = 0;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = lead_length(static_cast<unsigned char>(text[i]));
    units += length == 4 ? 2 : 1;
    i += length;
  }
  return units;
}

std::string fit_utf16(std::string_view text, std::size_t max_units) {
  // Keep one unit free for the "…" when the text must be cut.
  std::size_t units = 0;
  std::size_t cut = std::string_view::npos;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = lead_length(static_cast<unsigned char>(text[i]));
    const std::size_t width = length == 4 ? 2 : 1;
    if (cut == std::string_view::npos && units + width > max_units - 1) cut = i;
    units += width;
    if (units > max_units) break;
    i += length;
  }
  if (units <= max_units) return std::string(text);
  std::string out(text.substr(0, cut));
  while (!out.empty() && (out.back() == ' ' || out.back() == '\n' || out.back() == '\t')) out.pop_back();
  out += "…";
  return out;
}

std::optional<std::string> normalize(std::string_view text, Normalization how) {
  int options = UTF8PROC_COMPOSE;
  if (how.compatibility) options |= UTF8PROC_COMPAT;
  if (how.casefold) options |= UTF8PROC_CASEFOLD;
  if (how.drop_ignorable) options |= UTF8PROC_IGNORE;
  if (how.stable) options |= UTF8PROC_STABLE;
  utf8proc_uint8_t* mapped = nullptr;
  const utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                                          static_cast<utf8proc_ssize_t>(text.size()), &mapped,
                                          static_cast<utf8proc_option_t>(options));
  const std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owner(mapped, &std::free);
  if (n < 0) return std::nullopt;
  return std::string(reinterpret_cast<const char*>(mapped), static_cast<std::size_t>(n));
}

}  // namespace careerbot::utf8
