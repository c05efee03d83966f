#pragma once
// Reads a career's `<slug>.page.yaml` (the importer's output) into a Career, giving every fact its
// stable id (knowledge/README.md). Overlay data (aliases, tags, stages, corrections, citations) is
// added later by apply_overlay. Stateless; thread-safe.

#include "common/record_file.hpp"
#include "knowledge/error_list.hpp"
#include "knowledge/model.hpp"

namespace careerbot::knowledge {

// Reads what it can; every problem (missing required field, malformed duration or salary, duplicate
// fact id, route without steps, unknown field) is added to `errors` naming file, field and line.
Career read_page_record(const RecordNode& root, ErrorList& errors);

}  // namespace careerbot::knowledge
