#pragma once
// How the CLI shows server frames to a person: the reply text, numbered quick replies, sources in a
// quiet colour, and (when asked) the "explain" object as a short readable summary of why the answer
// was chosen. Pure formatting, no I/O: safe from any thread.

#include <string>

#include <nlohmann/json.hpp>

#include "cli/terminal_style.hpp"

namespace careerbot::cli {

// A welcome or reply frame as text: the message, then "  1) suggestion" lines, then sources.
std::string format_reply(const nlohmann::json& frame, const TerminalStyle& style);

// An error frame as one line.
std::string format_error(const nlohmann::json& frame, const TerminalStyle& style);

// The reply's "explain" object: top intents with confidence, matched patterns and keywords,
// normalised text, corrections, entities, the decision (route, facts, sources), flow and profile.
// Empty when the reply carries no explanation.
std::string format_explanation(const nlohmann::json& frame, const TerminalStyle& style);

}  // namespace careerbot::cli
