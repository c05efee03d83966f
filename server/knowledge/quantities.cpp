#include "knowledge/quantities.hpp"

#include <charconv>
#include <stdexcept>
#include <string>

namespace careerbot::knowledge {
namespace {

// A tiny cursor over the text; the grammars are too small to need a regex.
struct Cursor {
  std::string_view s;
  std::size_t pos = 0;

  bool done() const { return pos == s.size(); }
  void skip_spaces() {
    while (pos < s.size() && s[pos] == ' ') ++pos;
  }
  std::optional<int> integer() {
    int value = 0;
    auto [end, ec] = std::from_chars(s.data() + pos, s.data() + s.size(), value);
    if (ec != std::errc() || value < 0) return std::nullopt;
    pos = static_cast<std::size_t>(end - s.data());
    return value;
  }
  bool consume(std::string_view token) {
    if (s.substr(pos).starts_with(token)) {
      pos += token.size();
      return true;
    }
    return false;
  }
};

[[noreturn]] void malformed_duration(std::string_view text) {
  throw std::invalid_argument("malformed duration '" + std::string(text) +
                              "' (write e.g. '3-4 years', '3-6 months', '1 year')");
}

}  // namespace

Duration parse_duration(std::string_view text) {
  Duration d;
  if (text.empty()) return d;
  d.text = std::string(text);
  Cursor c{text};
  auto low = c.integer();
  if (!low) malformed_duration(text);
  auto high = low;
  std::size_t after_low = c.pos;
  c.skip_spaces();
  if (c.consume("-") || c.consume("\xE2\x80\x93")) {  // hyphen or en dash
    c.skip_spaces();
    high = c.integer();
    if (!high || *high < *low) malformed_duration(text);
  } else {
    c.pos = after_low;
  }
  if (!c.consume(" ")) malformed_duration(text);
  c.skip_spaces();
  int factor = 0;
  if (c.consume("years") || c.consume("year"))
    factor = 12;
  else if (c.consume("months") || c.consume("month"))
    factor = 1;
  if (factor == 0 || !c.done() || *high == 0) malformed_duration(text);
  d.min_months = *low * factor;
  d.max_months = *high * factor;
  return d;
}

std::optional<double> parse_salary(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::string_view number = text;
  if (number.ends_with("LPA"))
    number.remove_suffix(3);
  else
    throw std::invalid_argument("malformed salary '" + std::string(text) + "' (write e.g. '6.5LPA')");
  while (!number.empty() && number.back() == ' ') number.remove_suffix(1);
  double value = 0;
  auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
  if (ec != std::errc() || end != number.data() + number.size() || value < 0 || number.empty())
    throw std::invalid_argument("malformed salary '" + std::string(text) + "' (write e.g. '6.5LPA')");
  if (value == 0) return std::nullopt;
  return value;
}

}  // namespace careerbot::knowledge
