#pragma once
// Writing compact JSON text straight into a string, for the hot paths (a reply frame per message, a
// session state per save) where building an nlohmann::json tree first would copy every string and
// then escape it through a per-byte UTF-8 decoder.
//
// The output is byte for byte what nlohmann::json::dump(-1, ' ', false, error_handler_t::replace)
// writes for the same values, so callers can switch without changing a frame: object keys must be
// written in sorted order (nlohmann's objects are std::maps), numbers other than integers go through
// nlohmann, and text that is not valid UTF-8 is handed to nlohmann whole (it replaces the bad bytes
// with U+FFFD exactly as dump() would). Pure functions, thread-safe.

#include <bit>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/utf8.hpp"

namespace careerbot::json_writer {

// Appends any nlohmann value (numbers, ids, the rare explain account).
inline void append_value(std::string& out, const nlohmann::json& value) {
  out += value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

namespace detail {

static_assert(std::endian::native == std::endian::little,
              "bytes_to_escape() marks the first byte of the text in the low byte");

// The bytes of `word` (8 bytes of text, the first in the low byte) that must be escaped in a JSON
// string: a control character (below 0x20), '"' or '\\', each marked by its high bit. The word tricks
// "has a zero byte" and "has a byte below n" can also mark a byte above a marked one, never below it,
// so the lowest mark is exactly the first byte to escape. Reply texts are kilobytes of plain prose:
// looking at 8 bytes at once costs a fraction of looking at them one by one.
inline std::uint64_t bytes_to_escape(std::uint64_t word) noexcept {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHighs = 0x8080808080808080ULL;
  const auto zero_bytes = [](std::uint64_t v) { return (v - kOnes) & ~v & kHighs; };
  const std::uint64_t below_space = (word - kOnes * 0x20) & ~word & kHighs;
  return below_space | zero_bytes(word ^ (kOnes * '"')) | zero_bytes(word ^ (kOnes * '\\'));
}

inline bool must_escape(unsigned char c) noexcept {
  return c < 0x20 || c == '"' || c == '\\';
}

}  // namespace detail

// Appends `text` as a JSON string literal, quotes included. Only text with bytes above 0x7F is
// checked for valid UTF-8 (after the fact: most text is plain ASCII and needs no second pass).
inline void append_string(std::string& out, std::string_view text) {
  const std::size_t start = out.size();
  out.reserve(start + text.size() + 2);
  out += '"';
  std::size_t plain_from = 0;
  std::uint64_t high_bits = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    // Find the next byte to escape: 8 bytes at a time, then the last few one by one.
    if (text.size() - i >= 8) {
      std::uint64_t word;
      std::memcpy(&word, text.data() + i, sizeof word);
      high_bits |= word;
      const std::uint64_t marks = detail::bytes_to_escape(word);
      if (marks == 0) {
        i += 8;
        continue;
      }
      i += static_cast<std::size_t>(std::countr_zero(marks)) / 8;
    } else {
      high_bits |= static_cast<unsigned char>(text[i]);
      if (!detail::must_escape(static_cast<unsigned char>(text[i]))) {
        ++i;
        continue;
      }
    }
    const auto c = static_cast<unsigned char>(text[i]);
    out.append(text, plain_from, i - plain_from);
    plain_from = ++i;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default: {
        char escaped[8];
        std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
        out += escaped;
      }
    }
  }
  out.append(text, plain_from, text.size() - plain_from);
  out += '"';
  if ((high_bits & 0x8080808080808080ULL) != 0 && !utf8::is_valid(text)) {
    out.resize(start);  // rare: let nlohmann replace the bad bytes exactly as dump() would
    append_value(out, nlohmann::json(std::string(text)));
  }
}

inline void append_integer(std::string& out, std::int64_t value) {
  out += std::to_string(value);
}

inline void append_bool(std::string& out, bool value) {
  out += value ? "true" : "false";
}

// Appends a JSON array of strings.
template <typename Strings>
void append_string_array(std::string& out, const Strings& strings) {
  out += '[';
  bool first = true;
  for (const auto& s : strings) {
    if (!first) out += ',';
    first = false;
    append_string(out, s);
  }
  out += ']';
}

// Writes one JSON object member by member, commas included. Members must be written in sorted key
// order (see above); close() writes the closing brace.
class Object {
 public:
  explicit Object(std::string& out) : out_(out) { out_ += '{'; }
  Object(const Object&) = delete;
  Object& operator=(const Object&) = delete;

  // Starts a member and returns the string its value is to be appended to.
  std::string& member(std::string_view key) {
    if (!first_) out_ += ',';
    first_ = false;
    append_string(out_, key);
    out_ += ':';
    return out_;
  }
  void string(std::string_view key, std::string_view value) { append_string(member(key), value); }
  void integer(std::string_view key, std::int64_t value) { append_integer(member(key), value); }
  void boolean(std::string_view key, bool value) { append_bool(member(key), value); }
  void value(std::string_view key, const nlohmann::json& value) { append_value(member(key), value); }
  template <typename Strings>
  void strings(std::string_view key, const Strings& values) {
    append_string_array(member(key), values);
  }
  void close() { out_ += '}'; }

 private:
  std::string& out_;
  bool first_ = true;
};

}  // namespace careerbot::json_writer
