#pragma once
// The planner's recommendation: from what the student told us (the profile) and the career's routes
// in the knowledge base (their steps, stages, fits and the degree fields each names), decide which
// routes the student is eligible for, which fit their wishes best, the next concrete step and the time
// from where they stand. Wording comes from the flow file; rules come from the knowledge base, never
// from special cases per career. Pure; thread-safe.

#include <map>
#include <string>
#include <vector>

#include "dialog/answer_book.hpp"
#include "dialog/flow.hpp"
#include "knowledge/model.hpp"

namespace careerbot::dialog {

struct RouteAssessment {
  const knowledge::Route* route = nullptr;
  enum class Field { not_asked, met, related, missing } field = Field::not_asked;
  bool excluded = false;  // contradicts a wish (e.g. needs a master's the student does not want)
  int score = 0;          // how many of the student's wishes the route fits
  std::vector<std::string> reasons;
  std::size_t first_step = 0;  // index of the first step still ahead of the student
};

struct Plan {
  std::string text;
  std::vector<std::string> suggestions;
  std::vector<std::string> fact_keys;
  std::vector<std::string> sources;
  int best_route = 0;
  std::vector<RouteAssessment> routes;  // best first
};

Plan make_plan(const FlowDef& flow, const AnswerBook& book, const knowledge::Career& career,
               const std::map<std::string, std::string>& profile);

// The flow's `result.<key>` line about a stream the guide does not name (commerce, arts, ...), with the
// stream as the flow labels it and the guide's 10+2 `requirement`; "" when the flow has no such line.
std::string unclear_stream_line(const FlowDef& flow, std::string_view key, const std::string& stream,
                                const std::string& requirement);

}  // namespace careerbot::dialog
