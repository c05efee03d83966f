#include "protocol/flat_json.hpp"

#include <string>

namespace careerbot::protocol {
namespace {

using nlohmann::json;

class FlatReader {
 public:
  explicit FlatReader(std::string_view input) : in_(input) {}

  std::optional<json> object() {
    skip_space();
    if (!take('{')) return std::nullopt;
    json out = json::object();
    skip_space();
    if (!take('}')) {
      for (;;) {
        std::string key;
        if (!string(key)) return std::nullopt;
        skip_space();
        if (!take(':')) return std::nullopt;
        skip_space();
        std::optional<json> value = scalar();
        if (!value) return std::nullopt;
        out[key] = std::move(*value);  // a repeated key keeps its last value, as in nlohmann
        skip_space();
        if (take('}')) break;
        if (!take(',')) return std::nullopt;
        skip_space();
      }
    }
    skip_space();
    if (pos_ != in_.size()) return std::nullopt;  // trailing bytes
    return out;
  }

 private:
  void skip_space() {
    while (pos_ < in_.size() &&
           (in_[pos_] == ' ' || in_[pos_] == '\n' || in_[pos_] == '\t' || in_[pos_] == '\r'))
      ++pos_;
  }

  bool take(char c) {
    if (pos_ >= in_.size() || in_[pos_] != c) return false;
    ++pos_;
    return true;
  }

  bool word(std::string_view w) {
    if (in_.substr(pos_, w.size()) != w) return false;
    pos_ += w.size();
    return true;
  }

  // A string of printable ASCII with the short escapes; anything else is left to nlohmann.
  bool string(std::string& out) {
    if (!take('"')) return false;
    std::size_t plain_from = pos_;
    while (pos_ < in_.size()) {
      const auto c = static_cast<unsigned char>(in_[pos_]);
      if (c == '"') {
        out.append(in_, plain_from, pos_ - plain_from);
        ++pos_;
        return true;
      }
      if (c < 0x20 || c >= 0x80) return false;  // controls are errors; UTF-8 is nlohmann's to check
      if (c != '\\') {
        ++pos_;
        continue;
      }
      out.append(in_, plain_from, pos_ - plain_from);
      if (pos_ + 1 >= in_.size()) return false;
      switch (in_[pos_ + 1]) {
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case '/':
          out += '/';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        default:
          return false;  // \u and bad escapes
      }
      pos_ += 2;
      plain_from = pos_;
    }
    return false;  // unterminated
  }

  // JSON's number grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
  bool number_text() {
    const auto digit = [&] { return pos_ < in_.size() && in_[pos_] >= '0' && in_[pos_] <= '9'; };
    const auto digits = [&] {
      if (!digit()) return false;
      while (digit()) ++pos_;
      return true;
    };
    take('-');
    if (take('0')) {
      if (digit()) return false;
    } else if (!digits()) {
      return false;
    }
    if (take('.') && !digits()) return false;
    if (pos_ < in_.size() && (in_[pos_] == 'e' || in_[pos_] == 'E')) {
      ++pos_;
      if (!take('+')) take('-');
      if (!digits()) return false;
    }
    return true;
  }

  std::optional<json> scalar() {
    if (pos_ >= in_.size()) return std::nullopt;
    switch (in_[pos_]) {
      case '"': {
        std::string s;
        if (!string(s)) return std::nullopt;
        return json(std::move(s));
      }
      case 't':
        if (word("true")) return json(true);
        return std::nullopt;
      case 'f':
        if (word("false")) return json(false);
        return std::nullopt;
      case 'n':
        if (word("null")) return json(nullptr);
        return std::nullopt;
      default: {
        // A number, read by nlohmann itself (integer, unsigned or float as it decides).
        const std::size_t start = pos_;
        if (!number_text()) return std::nullopt;
        json value = json::parse(in_.substr(start, pos_ - start), nullptr, /*allow_exceptions=*/false);
        if (value.is_discarded()) return std::nullopt;
        return value;
      }
    }
  }

  std::string_view in_;
  std::size_t pos_ = 0;
};

}  // namespace

std::optional<json> parse_flat_object(std::string_view input) {
  return FlatReader(input).object();
}

}  // namespace careerbot::protocol
