#pragma once
// Applies a career's hand-curated `<slug>.overlay.yaml` to the Career read from its page: source
// title and review date (every fact's citation), aliases, corrections (each with a reason), per-fact
// tags / review dates / notes, and the planner's per-route rules. Then derives what depends on them
// (citations, certification list, route outcomes). Stateless; thread-safe.

#include "common/record_file.hpp"
#include "knowledge/error_list.hpp"
#include "knowledge/model.hpp"
#include "knowledge/page_record.hpp"

namespace careerbot::knowledge {

// Every problem (unknown fact id, correction without a reason, bad date, unknown stage, slug that
// does not match the page, ...) is added to `errors` naming file, field and line.
void apply_overlay(const RecordNode& root, Career& career, ErrorList& errors);

// The overlay's `sections:`: what the page has beyond the guide site's sections, read before the page.
// Problems (a key the site's pages already use, a shape other than items or titled_items, a missing
// heading) are added to `errors`.
std::vector<DeclaredSection> declared_sections(const RecordNode& root, ErrorList& errors);

// True for a real calendar date written YYYY-MM-DD.
bool is_iso_date(std::string_view text);

// The stages a route step may represent (the dialog's planner reasons over them).
bool is_known_stage(std::string_view stage);

}  // namespace careerbot::knowledge
