#include "cli/terminal_style.hpp"

#include <cstdlib>

#include <unistd.h>

namespace careerbot::cli {

TerminalStyle TerminalStyle::for_descriptor(int file_descriptor) {
  const bool no_color = std::getenv("NO_COLOR") != nullptr;
  return TerminalStyle(!no_color && ::isatty(file_descriptor) == 1);
}

}  // namespace careerbot::cli
