#pragma once
// The sections of a career page of the guide site, in page order: the one table of guide headings.
// The page importer finds sections by `heading`, the page reader accepts exactly these keys, and
// every fact cites its section's `cites`. No other C++ file names a guide heading
// (tests/tools/check_guide_headings.py). Constant data; thread-safe.

#include <span>
#include <string_view>

namespace careerbot::knowledge {

struct GuideSection {
  std::string_view key;      // the key in <slug>.page.yaml and in facts.section
  std::string_view heading;  // as the site prints it; "" when the section sits inside another
  bool heading_is_prefix;    // the site adds the career's name after the heading
  std::string_view cites;    // what a fact of this section cites when not `heading` (a sub-heading)
};

// Every section, in page order.
std::span<const GuideSection> guide_sections();

// The section with this key, or nullptr.
const GuideSection* find_guide_section(std::string_view key);

// The section whose heading `line` is (after the site's leading emoji), or nullptr. The heading that
// closes the guide is no section: is_page_end_heading() tells it.
const GuideSection* section_with_heading(std::string_view line);
bool is_page_end_heading(std::string_view line);

// The page heading a section's facts cite (the routes' heading for the destination); the key itself for
// a section the table does not know.
std::string_view section_heading(std::string_view key);

}  // namespace careerbot::knowledge
