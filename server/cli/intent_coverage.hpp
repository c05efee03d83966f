#pragma once
// Which intents a run of conversation tests reached: a report for counsellors deciding which tests
// to write next (`careerbot-cli test --intents DIR FILES...`). Pure: safe from any thread.

#include <set>
#include <string>
#include <vector>

namespace careerbot::cli {

// "intents answered: N of M (P%)" and, when some were not, "not answered by any test: a, b, ..."
// (in the order of `all_intents`). `answered` may hold names outside `all_intents` (fallback): they
// are not counted.
std::string intent_coverage_report(const std::vector<std::string>& all_intents,
                                   const std::set<std::string>& answered);

// The intent names of an intents folder (intents/README.md), in file order. Throws ContentError.
std::vector<std::string> intent_names(const std::string& intents_dir);

}  // namespace careerbot::cli
