#pragma once
// The one way a knowledge database is made (`careerbot-kb build`, the server's hot reload, a
// cluster roll-out): load and validate every career source, write a temporary database in the
// target's directory, check it, then rename it over the target. A failed build leaves the previous
// database untouched. Safe to call from several threads with different targets; two concurrent
// builds of one target each finish atomically, the last rename wins.

#include <string>
#include <vector>

#include "knowledge/error_list.hpp"

namespace careerbot::knowledge {

struct BuildResult {
  ErrorList errors;  // content errors (file:line: field: problem) or the I/O / SQLite failure
  std::size_t career_count = 0;
  std::size_t fact_count = 0;
  std::string content_hash;

  bool ok() const noexcept { return errors.empty(); }
};

// Validates only: loads every career in `career_dirs` and reports all problems. Writes nothing.
BuildResult check_knowledge(const std::vector<std::string>& career_dirs);

// Validates, then builds `out_path` atomically. Never throws for content or I/O problems: they are
// reported in the result. Creates the target's directory when missing.
BuildResult build_knowledge(const std::vector<std::string>& career_dirs, const std::string& out_path);

}  // namespace careerbot::knowledge
