#pragma once
// Content coverage for counsellors (`careerbot-kb coverage`): which facts of the knowledge base no
// answer can ever show, and which careers students ask about that the base does not hold yet.
// Pure functions over loaded content; thread-safe.

#include <map>
#include <string>
#include <vector>

#include "dialog/content.hpp"

namespace careerbot::dialog {

// Fact ids of `career` that no answer template, selector or the planner can reach.
std::vector<std::string> unreachable_facts(const Content& content, const knowledge::Career& career);

// Careers named in unanswered questions that are not in the knowledge base, with how often they were
// asked (each question's count added), most asked first.
std::vector<std::pair<std::string, long long>> missing_careers(
    const Content& content, const std::vector<std::pair<std::string, long long>>& unanswered);

}  // namespace careerbot::dialog
