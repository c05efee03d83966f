#pragma once
// Reads a career's `<slug>.page.yaml` (the importer's output) into a Career, giving every fact its
// stable id (knowledge/README.md). Overlay data (aliases, tags, stages, corrections, citations) is
// added later by apply_overlay. Stateless; thread-safe.

#include <span>
#include <string>

#include "common/record_file.hpp"
#include "knowledge/error_list.hpp"
#include "knowledge/model.hpp"

namespace careerbot::knowledge {

// A section the page has beyond the guide site's (guide_sections.hpp), declared in the career's
// overlay (`sections:`, knowledge/README.md): a plain or titled list.
struct DeclaredSection {
  std::string key;      // the page key, e.g. "scholarships"
  std::string heading;  // what its facts cite
  std::string fact_id;  // fact ids are "<fact_id>.<n>" (plain) or "<fact_id>.<title slug>" (titled)
  bool titled = false;  // items are {title, text} rather than plain text
};

// Reads what it can; every problem (missing required field, malformed duration or salary, duplicate
// fact id, route without steps, unknown field) is added to `errors` naming file, field and line. The
// page may hold the `extra` sections too.
Career read_page_record(const RecordNode& root, ErrorList& errors,
                        std::span<const DeclaredSection> extra = {});

}  // namespace careerbot::knowledge
