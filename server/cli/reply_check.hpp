#pragma once
// Checks one bot reply against a turn's expectations and describes every difference.
// Text comparisons are forgiving in the ways a counsellor expects: case-insensitive (Unicode case
// folding), curly quotes equal straight ones, and runs of whitespace (including newlines) equal one
// space. Pure functions: safe from any thread.

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/conversation_file.hpp"

namespace careerbot::cli {

// `text` folded for comparison: NFKC, case-folded, curly quotes straightened, whitespace collapsed
// and trimmed.
std::string fold_for_comparison(std::string_view text);

// One difference between a reply and its expectation.
struct Mismatch {
  std::size_t line = 0;  // the expectation's line in the test file
  std::string message;   // what was expected and what came instead
};

// Compares `reply` (a server "reply" frame sent with explain:true) with `expect`. An "error" frame
// fails every expectation with the server's message. Returns no mismatches when everything holds.
std::vector<Mismatch> check_reply(const Expectation& expect, const nlohmann::json& reply);

}  // namespace careerbot::cli
