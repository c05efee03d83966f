#include "dialog/coverage.hpp"

#include <algorithm>
#include <set>

#include "dialog/answer_renderer.hpp"

namespace careerbot::dialog {
namespace {

using knowledge::Career;

// Adds every fact a selector of the answer language can list (filters ignored: any city may be asked).
void add_selector(const Career& career, const std::string& selector, std::set<std::string>& reached) {
  const auto all = [&](const std::vector<knowledge::Fact>& facts) {
    for (const auto& f : facts) reached.insert(f.key);
  };
  if (selector == "overview") all(career.overview);
  if (selector == "responsibilities" || selector == "responsibility_areas")
    for (const auto& area : career.responsibilities) {
      reached.insert(area.fact.key);
      if (selector == "responsibilities") all(area.items);
    }
  if (selector.starts_with("responsibility."))
    for (const auto& area : career.responsibilities)
      if (area.fact.key == selector) all(area.items);
  if (selector == "routes" || selector == "route_totals")
    for (const auto& route : career.routes) reached.insert(route.fact.key);
  if (selector == "academic_points") all(career.academic_points);
  if (selector == "internships") all(career.internships);
  if (selector == "courses") all(career.courses);
  if (selector == "certifications") all(career.certifications);
  if (selector == "advice") all(career.advice);
  if (selector == "trends") all(career.trends);
  if (selector == "levels" || selector == "levels_salary")
    for (const auto& level : career.levels) reached.insert(level.fact.key);
  if (selector.starts_with("employers.")) {
    const std::string region = selector.substr(
        10, selector.find('@') == std::string::npos ? std::string::npos : selector.find('@') - 10);
    for (const auto& employer : career.employers)
      if (employer.region == region) reached.insert(employer.fact.key);
  }
}

void add_route_steps(const knowledge::Route& route, const Career& career, std::set<std::string>& reached) {
  reached.insert(route.fact.key);
  for (const auto& step : route.steps) reached.insert(step.fact.key);
  if (!career.destination.key.empty()) reached.insert(career.destination.key);
}

}  // namespace

std::vector<std::string> unreachable_facts(const Content& content, const Career& career) {
  std::set<std::string> reached;
  for (const auto& answer : content.answers->answers()) {
    for (const auto& line : answer.lines) {
      for (const Condition& condition : line.conditions)
        if (condition.kind == Condition::Kind::found) add_selector(career, condition.name, reached);
      for (const auto& segment : line.segments) {
        using K = Segment::Kind;
        switch (segment.kind) {
          case K::fact:
          case K::title:
            // A sentence reference reaches only that sentence ("overview.2#3"); see below.
            reached.insert(segment.sentence > 0 ? segment.text + "#" + std::to_string(segment.sentence)
                                                : segment.text);
            break;
          case K::list:
            add_selector(career, segment.text, reached);
            break;
          case K::steps:
          case K::total:
            for (const auto& route : career.routes)
              if (segment.text == "route" || segment.text == std::to_string(route.number))
                add_route_steps(route, career, reached);
            break;
          case K::durations:
            for (const auto& route : career.routes)
              for (const auto& step : route.steps)
                if (step.stage == segment.text) reached.insert(step.fact.key);
            break;
          case K::requirement:
            if (!career.routes.empty() && !career.routes.front().steps.empty())
              reached.insert(career.routes.front().steps.front().fact.key);
            break;
          default:
            break;
        }
      }
    }
  }
  // The planner names routes and their steps.
  for (const auto& route : career.routes) add_route_steps(route, career, reached);

  std::vector<std::string> missing;
  career.for_each_fact([&](const knowledge::Fact& fact) {
    if (reached.contains(fact.key)) return;
    // Reached sentence by sentence: list the sentences no answer shows.
    const auto sentences = AnswerRenderer::sentences(fact.text);
    bool any = false;
    std::vector<std::string> gaps;
    for (std::size_t i = 1; i <= sentences.size(); ++i) {
      const std::string key = fact.key + "#" + std::to_string(i);
      if (reached.contains(key))
        any = true;
      else
        gaps.push_back(key);
    }
    if (!any)
      missing.push_back(fact.key);
    else
      missing.insert(missing.end(), gaps.begin(), gaps.end());
  });
  return missing;
}

std::vector<std::pair<std::string, long long>> missing_careers(
    const Content& content, const std::vector<std::pair<std::string, long long>>& unanswered) {
  std::map<std::string, long long> counts;
  for (const auto& [text, count] : unanswered) {
    const auto match = content.matcher->match(text);
    const auto other = match.entities.find("other_career");
    if (other != match.entities.end() && !match.entities.contains("career")) counts[other->second] += count;
  }
  std::vector<std::pair<std::string, long long>> out(counts.begin(), counts.end());
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  return out;
}

}  // namespace careerbot::dialog
