#include "cli/conversation_writer.hpp"

#include <nlohmann/json.hpp>

namespace careerbot::cli {
namespace {

std::string quoted(const std::string& text) {
  return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

std::string conversation_test_yaml(const std::string& name, const std::vector<RecordedTurn>& turns) {
  std::string out =
      "# Recorded with careerbot-cli /save: each turn expects the intent it got. Check them before keeping\n"
      "# the file; add contains / not_contains lines for what the answers must say.\n";
  out += "name: " + quoted(name) + "\nturns:\n";
  for (const auto& turn : turns) {
    out += "  - user: " + quoted(turn.user) + "\n";
    out += "    expect:\n      intent: " + quoted(turn.intent) + "\n";
  }
  return out;
}

}  // namespace careerbot::cli
