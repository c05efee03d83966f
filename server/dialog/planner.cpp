#include "dialog/planner.hpp"

#include <algorithm>

#include "dialog/route_time.hpp"

namespace careerbot::dialog {
namespace {

using knowledge::Career;
using knowledge::Route;

std::string value_of(const std::map<std::string, std::string>& profile, const std::string& key) {
  // A skipped question ("unknown") counts as not answered.
  const auto it = profile.find(key);
  return it == profile.end() || it->second == "unknown" ? std::string() : it->second;
}

bool has(const std::vector<std::string>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

std::string strip_period(std::string text) {
  while (!text.empty() && (text.back() == '.' || text.back() == ' ')) text.pop_back();
  return text;
}

std::string join_names(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " and " : ", ";
    out += names[i];
  }
  return out;
}

// "\"a\", \"b\" or \"c\"".
std::string join_quoted_alternatives(const std::vector<std::string>& texts) {
  std::string out;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    if (i > 0) out += i + 1 == texts.size() ? " or " : ", ";
    out += '"' + texts[i] + '"';
  }
  return out;
}

// Index of the first step of `route` whose stage is `stage`, or the step count.
std::size_t stage_index(const Route& route, std::string_view stage) {
  for (std::size_t i = 0; i < route.steps.size(); ++i)
    if (route.steps[i].stage == stage) return i;
  return route.steps.size();
}

// True when the student has already done `step`: a stage their education holds (a master's), or
// experience at least as long as the step's shortest duration.
bool already_done(const knowledge::RouteStep& step, const PlanRules& rules, const EducationStanding& standing,
                  int years_experience) {
  if (has(standing.holds_stages, step.stage)) return true;
  if (has(rules.experience_stages, step.stage))
    return standing.counts_experience && step.duration.known() &&
           years_experience * 12 >= *step.duration.min_months;
  return false;
}

// Where the student stands on `route`: the first step still ahead of them.
std::size_t first_step_ahead(const Route& route, const PlanRules& rules, const EducationStanding& standing,
                             int years_experience) {
  const std::size_t degree = stage_index(route, rules.degree_stage);
  std::size_t first = 0;
  if (standing.from == EducationStanding::From::degree)
    first = std::min(degree, route.steps.size());
  else if (standing.from == EducationStanding::From::after_degree)
    first = std::min(degree + 1, route.steps.size());
  // Steps the student has already done: a master's they hold, experience they have.
  while (first < route.steps.size() && already_done(route.steps[first], rules, standing, years_experience))
    ++first;
  return first;
}

// How the student's degree field compares with the fields a route's degree step names.
RouteAssessment::Field field_fit(const Route& route, const std::string& field, const FlowDef& flow) {
  if (field.empty()) return RouteAssessment::Field::not_asked;
  const PlanRules& rules = flow.plan();
  const std::size_t index = stage_index(route, rules.degree_stage);
  if (index >= route.steps.size()) return RouteAssessment::Field::met;
  const std::string step = fold_words(route.steps[index].fact.text);
  const std::string name = fold_words(flow.text("fields", field));
  if (!name.empty() && !has(rules.unnamed_fields, field) && step.find(name) != std::string::npos)
    return RouteAssessment::Field::met;
  // "Mathematics or Statistics" and other fields count only where the route accepts a related field.
  if (const std::string related = fold_words(rules.related_field);
      !related.empty() && step.find(related) != std::string::npos)
    return RouteAssessment::Field::related;
  return RouteAssessment::Field::missing;
}

// True when every `when` of `rule` holds for the profile and no `unless` does.
bool answers_hold(const PlanRule& rule, const std::map<std::string, std::string>& profile) {
  for (const auto& [slot, values] : rule.when)
    if (!has(values, value_of(profile, slot))) return false;
  for (const auto& [slot, values] : rule.unless)
    if (has(values, value_of(profile, slot))) return false;
  return true;
}

// True when `route` is one `rule` is about; `experience_counts` says the student's experience covers
// one of its steps.
bool route_matches(const PlanRule& rule, const Route& route, bool experience_counts) {
  const bool fits = std::any_of(rule.route_fits.begin(), rule.route_fits.end(),
                                [&](const std::string& f) { return has(route.fits, f); });
  const bool stage =
      std::any_of(rule.route_stages.begin(), rule.route_stages.end(),
                  [&](const std::string& s) { return stage_index(route, s) < route.steps.size(); });
  const bool ruled_out = std::any_of(rule.route_not_fits.begin(), rule.route_not_fits.end(),
                                     [&](const std::string& f) { return has(route.fits, f); });
  return (fits || stage || (rule.route_experience && experience_counts)) && !ruled_out;
}

}  // namespace

std::string unclear_stream_line(const FlowDef& flow, std::string_view key, const std::string& stream,
                                const std::string& requirement) {
  const std::string& line = flow.text("result", key);
  if (line.empty()) return {};
  const std::string& label = flow.text("streams", stream);
  return fill(line, {{"requirement", requirement}, {"stream", label.empty() ? stream : label}});
}

Plan make_plan(const FlowDef& flow, const AnswerBook& book, const Career& career,
               const std::map<std::string, std::string>& profile) {
  Plan plan;
  const PlanRules& rules = flow.plan();
  const std::string education = value_of(profile, "education");
  const std::string stream = value_of(profile, "stream");
  const std::string field = value_of(profile, "degree_field");
  // Someone working, past school or in "final year" with no degree, such as a diploma student or
  // holder: the degree is still ahead, and its field is not theirs to be judged on.
  EducationStanding standing = rules.standing(education);
  if (has(rules.no_degree_fields, field) &&
      (standing.from == EducationStanding::From::after_degree || standing.studying_degree)) {
    standing.from = EducationStanding::From::degree;
    standing.before_degree = true;
    standing.studying_degree = false;
    standing.holds_stages.clear();
  }
  int years = 0;
  try {
    years = std::stoi(value_of(profile, "years_experience"));
  } catch (const std::exception&) {
    years = 0;
  }
  const bool before_degree = standing.before_degree;
  const auto done = [&](const knowledge::RouteStep& step) {
    return already_done(step, rules, standing, years);
  };

  const auto note = [&](const knowledge::Fact& fact) {
    if (!has(plan.fact_keys, fact.key)) plan.fact_keys.push_back(fact.key);
    if (!fact.source.empty() && !has(plan.sources, fact.source)) plan.sources.push_back(fact.source);
  };

  for (const Route& route : career.routes) {
    RouteAssessment a;
    a.route = &route;
    a.first_step = first_step_ahead(route, rules, standing, years);
    if (!before_degree) a.field = field_fit(route, field, flow);
    // Experience counts for any route whose experience steps it already covers.
    const bool experience_counts = std::any_of(route.steps.begin(), route.steps.end(), [&](const auto& step) {
      return has(rules.experience_stages, step.stage) && done(step);
    });
    for (const PlanRule& rule : rules.rules) {
      if (!answers_hold(rule, profile) || !route_matches(rule, route, experience_counts)) continue;
      if (rule.exclude) a.excluded = true;
      a.score += rule.score;
      if (!rule.reason.empty()) a.reasons.push_back(flow.text("reasons", rule.reason));
    }
    if (a.field == RouteAssessment::Field::missing) a.score += rules.field_missing_score;
    plan.routes.push_back(std::move(a));
  }
  // Best first: not excluded, higher score, then the route whose time is fully known and shortest
  // (a step of unknown length never makes a route look quicker).
  std::stable_sort(plan.routes.begin(), plan.routes.end(),
                   [](const RouteAssessment& x, const RouteAssessment& y) {
                     if (x.excluded != y.excluded) return !x.excluded;
                     if (x.score != y.score) return x.score > y.score;
                     return quicker(route_time(*x.route, x.first_step), route_time(*y.route, y.first_step));
                   });
  if (plan.routes.empty()) return plan;

  const Route& first_route = career.routes.front();
  const std::string requirement =
      first_route.steps.empty() ? std::string() : strip_period(first_route.steps.front().fact.text);
  if (!first_route.steps.empty()) note(first_route.steps.front().fact);

  std::vector<std::string> lines;
  lines.push_back(flow.text("result", "intro"));
  // Eligibility: the 10+2 requirement, quoted as the guide words it.
  if (standing.in_school) {
    // Class 10 or below is not asked the stream: the line says which one to choose.
    const bool stream_open = stream.empty() && !flow.text("result", "school_stream_open").empty();
    lines.push_back(fill(flow.text("result", stream_open ? "school_stream_open" : "school"),
                         {{"requirement", requirement}}));
  }
  if (before_degree && !stream.empty()) {
    if (has(rules.streams_met, stream)) {
      if (!standing.in_school)
        lines.push_back(fill(flow.text("result", "stream_met"), {{"requirement", requirement}}));
    } else if (has(rules.streams_undecided, stream)) {
      lines.push_back(fill(flow.text("result", "stream_undecided"), {{"requirement", requirement}}));
    } else {
      lines.push_back(unclear_stream_line(flow, "stream_unclear", stream, requirement));
    }
  }
  // Science without maths (PCB) meets the first step, but the guide calls mathematics part of the
  // foundation: said once, before the degree, so the student can still plan for it.
  if (before_degree && value_of(profile, "maths") == "no" && has(rules.streams_met, stream))
    if (const std::string& line = flow.text("result", "stream_without_maths"); !line.empty())
      lines.push_back(fill(line, {{"requirement", requirement}}));
  // Past 12th, a stream the guide does not name still meets or misses every route's first step.
  if (!before_degree && rules.stream_unclear(stream))
    if (std::string line = unclear_stream_line(flow, "stream_unclear_graduate", stream, requirement);
        !line.empty())
      lines.push_back(std::move(line));
  // Degree field against each route's bachelor's step, in route order. A field with no wording (an
  // answer like "none" that no rule above caught) names nothing to judge.
  const std::string& field_label = flow.text("fields", field);
  if (!before_degree && !field_label.empty()) {
    std::vector<const RouteAssessment*> by_number;
    for (const auto& a : plan.routes) by_number.push_back(&a);
    std::sort(by_number.begin(), by_number.end(), [](const RouteAssessment* x, const RouteAssessment* y) {
      return x->route->number < y->route->number;
    });
    std::vector<std::string> met, related, missing;
    for (const RouteAssessment* a : by_number) {
      if (a->field == RouteAssessment::Field::met) met.push_back(a->route->name);
      if (a->field == RouteAssessment::Field::related) related.push_back(a->route->name);
      if (a->field == RouteAssessment::Field::missing) missing.push_back(a->route->name);
    }
    if (met.size() == plan.routes.size()) met = {flow.text("result", "all_routes")};
    if (!met.empty())
      lines.push_back(
          fill(flow.text("result", "field_met"), {{"field", field_label}, {"route_names", join_names(met)}}));
    // One route "accepts", several "accept" (`field_related_one`, when the flow words it).
    const bool one_related = related.size() == 1 && !flow.text("result", "field_related_one").empty();
    if (!related.empty())
      lines.push_back(fill(flow.text("result", one_related ? "field_related_one" : "field_related"),
                           {{"field", field_label}, {"route_names", join_names(related)}}));
    if (met.empty() && related.empty() && !missing.empty()) {
      const Route& r = *plan.routes.front().route;
      const std::size_t b = stage_index(r, rules.degree_stage);
      lines.push_back(
          fill(flow.text("result", "field_missing"),
               {{"route_names", join_names(missing)},
                {"fields", b < r.steps.size() ? strip_period(r.steps[b].fact.text) : std::string()},
                {"route_list", join_names(missing)}}));
    }
  }

  const RouteAssessment& best = plan.routes.front();
  const Route& route = *best.route;
  plan.best_route = route.number;
  note(route.fact);
  if (best.reasons.empty()) {
    lines.push_back(
        fill(flow.text("result", "best_default"), {{"route", route.name}, {"summary", route.summary}}));
  } else {
    lines.push_back(
        fill(flow.text("result", "best_one"),
             {{"route", route.name}, {"summary", route.summary}, {"reasons", join_names(best.reasons)}}));
  }
  std::vector<std::string> also;
  for (std::size_t i = 1; i < plan.routes.size(); ++i) {
    const auto& a = plan.routes[i];
    if (!a.excluded && a.score > 0 && a.field != RouteAssessment::Field::missing)
      also.push_back(a.route->name);
  }
  if (!also.empty()) lines.push_back(fill(flow.text("result", "also"), {{"route_names", join_names(also)}}));

  // A student still in their degree finishes it first; the step after it is the next one to plan.
  const bool studying = standing.studying_degree;
  const std::size_t next =
      studying ? std::min(stage_index(route, rules.degree_stage) + 1, route.steps.size()) : best.first_step;
  if (next < route.steps.size()) {
    const auto& step = route.steps[next];
    // A school student's next step is the 10+2 they are already in: the step after it (the degree, and
    // its length) is the one to plan for.
    const bool school_then_degree = standing.in_school && next + 1 < route.steps.size() &&
                                    !flow.text("result", "next_step_school").empty();
    if (school_then_degree) {
      const auto& after = route.steps[next + 1];
      lines.push_back(fill(flow.text("result", "next_step_school"),
                           {{"step", strip_period(with_duration(step))}, {"after", with_duration(after)}}));
      note(after.fact);
    } else {
      lines.push_back(fill(flow.text("result", studying ? "next_step_student" : "next_step"),
                           {{"step", with_duration(step)}}));
    }
    note(step.fact);
  }
  if (standing.counts_experience && years > 0) lines.push_back(flow.text("result", "experience"));
  // Time: for a student still in their degree, count from the end of the degree.
  const RouteTime remaining = route_time(route, next, done);
  if (!remaining.any_known && remaining.unknown.empty()) {
    lines.push_back(flow.text("result", "time_ready"));  // every step with a length is behind them
  } else {
    lines.push_back(fill(flow.text("result", studying ? "time_student" : "time"),
                         {{"time", describe_time(remaining, book)}}));
  }
  // Only the what-ifs that would change something the student said ("What if I do a master's?" is
  // not offered to someone who has just said yes to one).
  const std::vector<std::string> what_ifs = flow.what_ifs(profile);
  if (!what_ifs.empty())
    lines.push_back(
        fill(flow.text("result", "what_if"), {{"questions", join_quoted_alternatives(what_ifs)}}));

  for (const auto& line : lines) {
    if (line.empty()) continue;
    if (!plan.text.empty()) plan.text += '\n';
    plan.text += line;
  }
  plan.suggestions = what_ifs;
  plan.suggestions.insert(plan.suggestions.end(), flow.result_suggestions().begin(),
                          flow.result_suggestions().end());
  return plan;
}

}  // namespace careerbot::dialog
