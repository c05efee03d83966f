#pragma once
// Writes a chat as a conversation test (the format load_conversation_file reads; see
// tests/conversations/README.md): each turn's text and the intent the bot answered with, so a chat
// tried by hand becomes a regression test with `/save FILE`. Pure: safe from any thread.

#include <string>
#include <vector>

namespace careerbot::cli {

struct RecordedTurn {
  std::string user;    // what was sent
  std::string intent;  // the reply's "intent"
};

// One conversation named `name`, as YAML text. Every string is written double-quoted (JSON escapes are
// YAML escapes), so any text a student types survives the round trip.
std::string conversation_test_yaml(const std::string& name, const std::vector<RecordedTurn>& turns);

}  // namespace careerbot::cli
