#pragma once
// Loads the counsellor-edited sources of every career: each `<slug>.page.yaml` in the given
// directories with the `<slug>.overlay.yaml` beside it, validated and merged into Careers.
// Stateless; thread-safe (reads files only).

#include <string>
#include <vector>

#include "knowledge/error_list.hpp"
#include "knowledge/model.hpp"

namespace careerbot::knowledge {

struct CareerSources {
  std::vector<Career> careers;  // sorted by slug
  std::string content_hash;     // 16 hex digits over every source file's name and bytes
};

// Reads one page file and its overlay. Problems go to `errors`; the returned Career is only
// meaningful when no error was added.
Career load_career(const std::string& page_path, const std::string& overlay_path, ErrorList& errors);

// Reads every career in `career_dirs` (e.g. {"knowledge/careers"}). Also reports a missing overlay,
// an overlay without a page, a file name that does not match the slug, and a slug, name or alias
// used by two careers.
CareerSources load_career_sources(const std::vector<std::string>& career_dirs, ErrorList& errors);

}  // namespace careerbot::knowledge
