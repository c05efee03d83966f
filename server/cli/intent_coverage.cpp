#include "cli/intent_coverage.hpp"

#include "intent/intent_set.hpp"

namespace careerbot::cli {

std::string intent_coverage_report(const std::vector<std::string>& all_intents,
                                   const std::set<std::string>& answered) {
  std::vector<std::string> missing;
  for (const auto& name : all_intents)
    if (!answered.contains(name)) missing.push_back(name);
  const std::size_t covered = all_intents.size() - missing.size();
  const std::size_t percent =
      all_intents.empty() ? 100 : (100 * covered + all_intents.size() / 2) / all_intents.size();
  std::string report = "intents answered: " + std::to_string(covered) + " of " +
                       std::to_string(all_intents.size()) + " (" + std::to_string(percent) + "%)\n";
  if (!missing.empty()) {
    report += "not answered by any test:";
    for (std::size_t i = 0; i < missing.size(); ++i) report += (i == 0 ? " " : ", ") + missing[i];
    report += "\n";
  }
  return report;
}

std::vector<std::string> intent_names(const std::string& intents_dir) {
  std::vector<std::string> names;
  const auto set = intent::IntentSet::load_directory(intents_dir);  // held: the loop reads into it
  for (const auto& intent : set->intents()) names.push_back(intent.name);
  return names;
}

}  // namespace careerbot::cli
