#include "knowledge/guide_sections.hpp"

#include <array>

#include "knowledge/text.hpp"

namespace careerbot::knowledge {
namespace {

// The advice section's heading names the career ("Advice for Aspiring Machine Learning
// Specialists"); its facts cite the sub-heading every page shares. The destination line sits in the
// routes section and the career levels follow the trends, under no heading of their own.
constexpr std::array<GuideSection, 12> kSections{{
    {"overview", "Overview", false, ""},
    {"responsibilities", "Roles and Responsibilities", false, ""},
    {"routes", "Study Route & Eligibility Criteria", false, ""},
    {"destination", "", false, "Study Route & Eligibility Criteria"},
    {"academic_points", "Significant Observations (Academic Related Points)", false, ""},
    {"internships", "Internships & Practical Exposure", false, ""},
    {"courses", "Courses & Specializations to Enter the Field", false, ""},
    {"employers", "Prominent Employers", false, ""},
    {"advice", "Advice for Aspiring ", true, "Tips for Students & Parents"},
    {"final_message", "Final Message", false, ""},
    {"trends", "Knowledge & Skills You Will Learn", false, ""},
    {"career_levels", "", false, "Career Levels"},
}};

constexpr std::string_view kPageEnd = "Interested in this career?";

}  // namespace

std::span<const GuideSection> guide_sections() {
  return kSections;
}

const GuideSection* find_guide_section(std::string_view key) {
  for (const auto& section : kSections)
    if (section.key == key) return &section;
  return nullptr;
}

const GuideSection* section_with_heading(std::string_view line) {
  const std::string_view bare = text::strip_leading_symbols(line);
  for (const auto& section : kSections) {
    if (section.heading.empty()) continue;
    if (section.heading_is_prefix ? bare.starts_with(section.heading) : bare == section.heading)
      return &section;
  }
  return nullptr;
}

bool is_page_end_heading(std::string_view line) {
  return text::strip_leading_symbols(line) == kPageEnd;
}

std::string_view section_heading(std::string_view key) {
  const GuideSection* section = find_guide_section(key);
  if (section == nullptr) return key;
  return section->cites.empty() ? section->heading : section->cites;
}

}  // namespace careerbot::knowledge
