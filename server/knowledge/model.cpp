#include "knowledge/model.hpp"

#include <algorithm>

namespace careerbot::knowledge {

bool Fact::has_tag(std::string_view tag) const {
  return std::find(tags.begin(), tags.end(), tag) != tags.end();
}

const Fact* Career::find_fact(std::string_view key) const {
  const Fact* found = nullptr;
  for_each_fact([&](const Fact& f) {
    if (found == nullptr && f.key == key) found = &f;
  });
  return found;
}

const Route* Career::route(int number) const {
  for (const auto& r : routes)
    if (r.number == number) return &r;
  return nullptr;
}

const ExtraSection* Career::extra_section(std::string_view key) const {
  for (const auto& section : extra_sections)
    if (section.key == key) return &section;
  return nullptr;
}

}  // namespace careerbot::knowledge
