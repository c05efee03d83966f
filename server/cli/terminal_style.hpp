#pragma once
// ANSI colours for terminal output, switched off when the output is not a terminal (or NO_COLOR is
// set) so pipes, files and ctest logs get plain text. A plain value: safe to copy and share.

#include <string>
#include <string_view>

namespace careerbot::cli {

class TerminalStyle {
 public:
  // Colour when `file_descriptor` is a terminal and the NO_COLOR environment variable is unset.
  static TerminalStyle for_descriptor(int file_descriptor);
  static TerminalStyle plain() { return TerminalStyle(false); }

  bool enabled() const noexcept { return enabled_; }

  std::string bold(std::string_view text) const { return wrap("1", text); }
  std::string dim(std::string_view text) const { return wrap("2", text); }
  std::string red(std::string_view text) const { return wrap("31", text); }
  std::string green(std::string_view text) const { return wrap("32", text); }
  std::string yellow(std::string_view text) const { return wrap("33", text); }
  std::string cyan(std::string_view text) const { return wrap("36", text); }

 private:
  explicit TerminalStyle(bool enabled) : enabled_(enabled) {}
  std::string wrap(std::string_view code, std::string_view text) const {
    if (!enabled_) return std::string(text);
    return "\x1b[" + std::string(code) + "m" + std::string(text) + "\x1b[0m";
  }
  bool enabled_;
};

}  // namespace careerbot::cli
