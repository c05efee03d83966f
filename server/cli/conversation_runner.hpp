#pragma once
// Runs conversation test files against a bot (a server, or content loaded offline: ChatTarget) and
// writes a readable report: one line per conversation, and for each failing turn what the student
// typed, every difference (with the test file's line) and the reply the bot actually gave. The report
// ends with "N passed, N failed" alone on a line. Each conversation runs in a fresh conversation (a
// fresh session).
//
// Not thread-safe: one runner per thread.

#include <ostream>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/chat_channel.hpp"
#include "cli/terminal_style.hpp"

namespace careerbot::cli {

struct RunTotals {
  int passed = 0;
  int failed = 0;
};

class ConversationRunner {
 public:
  // `bot` must outlive the runner. Turns ask for the explanation (for answered_intent, flow_slot, ...).
  ConversationRunner(ChatTarget& bot, std::ostream& out, TerminalStyle style);

  // Runs every conversation in `files`, in order. A file that cannot be read or parsed counts as one
  // failure (reported with file:line); so does a conversation the bot cut short.
  RunTotals run_files(const std::vector<std::string>& files);

  // Every intent the replies so far were answered with (the reply's intent, and the explain
  // decision's answered_intent behind a fallback), for the coverage report.
  const std::set<std::string>& intents_answered() const noexcept { return intents_answered_; }

 private:
  void note_intents(const nlohmann::json& reply);

  ChatTarget& bot_;
  std::ostream& out_;
  TerminalStyle style_;
  std::set<std::string> intents_answered_;
};

}  // namespace careerbot::cli
