#pragma once
// Conversation tests: what a student types, turn by turn, and what the bot's reply must show.
// Files are YAML, like all content (common/record_file.hpp); tests/conversations/README.md
// documents the format for counsellors. A file holds one conversation (`name:` + `turns:`) or several
// (`conversations:`, a list of them); each conversation runs in a fresh session.
//
// Plain values, no shared state: safe to read from any thread once loaded.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace careerbot::cli {

// One expected piece of text, with the line that wrote it (for reports).
struct ExpectedText {
  std::string text;
  std::size_t line = 0;
};

// What a reply must show. An unset optional or empty list checks nothing.
struct Expectation {
  std::optional<ExpectedText> intent;  // the reply's "intent" ("fallback" for the fallback)
  // From the explain account: the intent whose answer was given (names the honest-gap intent, e.g.
  // gap_fees, behind a "fallback" reply), and the matcher's top intent for the message (e.g. "more"
  // for "tell me more", answered with the last topic's next intent).
  std::optional<ExpectedText> answered_intent;
  std::optional<ExpectedText> matched_intent;
  std::vector<ExpectedText> contains;             // each must appear in the reply text
  std::vector<ExpectedText> not_contains;         // none may appear in the reply text
  std::vector<ExpectedText> any_of;               // at least one must appear in the reply text
  std::vector<ExpectedText> suggestions_include;  // each must be one of the quick replies
  std::optional<ExpectedText> flow_slot;          // the planner's waiting slot after the turn; "" = none
  std::optional<ExpectedText> career;             // the career in focus; "none" = null
};

struct Turn {
  std::string user;  // what the student types
  std::size_t line = 0;
  Expectation expect;
};

struct Conversation {
  std::string name;
  std::string file;
  std::size_t line = 0;
  std::vector<Turn> turns;
};

// Reads a conversation test file. Throws careerbot::ContentError naming file:line for anything it
// cannot use: unknown keys (a typo must not silently check nothing), empty turns, missing `user`.
std::vector<Conversation> load_conversation_file(const std::string& path);

}  // namespace careerbot::cli
