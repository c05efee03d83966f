#include "dialog/plan_rules.hpp"

#include <algorithm>
#include <charconv>
#include <initializer_list>

namespace careerbot::dialog {
namespace {

void only_keys(const RecordNode& node, std::string_view what, std::initializer_list<std::string_view> keys) {
  for (const auto& [key, value] : node.entries(what)) {
    if (std::find(keys.begin(), keys.end(), key) != keys.end()) continue;
    std::string expected;
    for (std::string_view k : keys) expected += (expected.empty() ? "" : ", ") + std::string(k);
    node.key_node(key)->fail("unknown key '" + key + "' in " + std::string(what) +
                             "; expected one of: " + expected);
  }
}

std::vector<std::string> words(const RecordNode& node, std::string_view what) {
  std::vector<std::string> out;
  if (node.is_scalar()) {
    out.push_back(node.text(what));
    return out;
  }
  for (const RecordNode& item : node.items(what)) out.push_back(item.text(what));
  return out;
}

bool flag(const RecordNode& node, std::string_view what) {
  const std::string& text = node.text(what);
  if (text != "true" && text != "false")
    node.fail(std::string(what) + " must be true or false, not '" + text + "'");
  return text == "true";
}

int whole_number(const RecordNode& node, std::string_view what) {
  const std::string& text = node.text(what);
  int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < -100 || value > 100)
    node.fail(std::string(what) + " must be a whole number from -100 to 100, not '" + text + "'");
  return value;
}

std::map<std::string, std::vector<std::string>> answers(const RecordNode& node, std::string_view what) {
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& [slot, values] : node.entries(what)) out[slot] = words(values, slot);
  return out;
}

EducationStanding read_standing(const RecordNode& node) {
  only_keys(node, "education",
            {"from", "before_degree", "in_school", "studying_degree", "counts_experience", "holds_stages",
             "combines"});
  EducationStanding s;
  const std::string& from = node.at("from").text("from");
  if (from == "start")
    s.from = EducationStanding::From::start;
  else if (from == "degree")
    s.from = EducationStanding::From::degree;
  else if (from == "after_degree")
    s.from = EducationStanding::From::after_degree;
  else
    node.at("from").fail("from must be start, degree or after_degree, not '" + from + "'");
  if (const RecordNode* n = node.find("before_degree")) s.before_degree = flag(*n, "before_degree");
  if (const RecordNode* n = node.find("in_school")) s.in_school = flag(*n, "in_school");
  if (const RecordNode* n = node.find("studying_degree")) s.studying_degree = flag(*n, "studying_degree");
  if (const RecordNode* n = node.find("counts_experience"))
    s.counts_experience = flag(*n, "counts_experience");
  if (const RecordNode* n = node.find("holds_stages")) s.holds_stages = words(*n, "holds_stages");
  if (const RecordNode* n = node.find("combines")) {
    s.combines = words(*n, "combines");
    if (s.combines.size() < 2) n->fail("combines needs a stage and at least one degree held with it");
  }
  return s;
}

PlanRule read_rule(const RecordNode& node) {
  only_keys(node, "rule",
            {"when", "unless", "route_fits", "route_stages", "route_experience", "route_not_fits", "score",
             "reason", "exclude"});
  PlanRule rule;
  rule.line = node.line();
  if (const RecordNode* n = node.find("when")) rule.when = answers(*n, "when");
  if (const RecordNode* n = node.find("unless")) rule.unless = answers(*n, "unless");
  if (const RecordNode* n = node.find("route_fits")) rule.route_fits = words(*n, "route_fits");
  if (const RecordNode* n = node.find("route_stages")) rule.route_stages = words(*n, "route_stages");
  if (const RecordNode* n = node.find("route_experience"))
    rule.route_experience = flag(*n, "route_experience");
  if (const RecordNode* n = node.find("route_not_fits")) rule.route_not_fits = words(*n, "route_not_fits");
  if (const RecordNode* n = node.find("score")) rule.score = whole_number(*n, "score");
  if (const RecordNode* n = node.find("reason")) rule.reason = n->text("reason");
  if (const RecordNode* n = node.find("exclude")) rule.exclude = flag(*n, "exclude");
  if (rule.route_fits.empty() && rule.route_stages.empty() && !rule.route_experience)
    node.fail("a rule needs route_fits, route_stages or route_experience: which routes it is about");
  if (rule.score == 0 && !rule.exclude) node.fail("a rule needs a score or exclude: true");
  return rule;
}

}  // namespace

const EducationStanding& PlanRules::standing(const std::string& value) const {
  static const EducationStanding after_degree;
  const auto it = education.find(value.empty() ? std::string_view("unknown") : std::string_view(value));
  return it == education.end() ? after_degree : it->second;
}

bool PlanRules::earlier_stage(const std::string& later, const std::string& known) const {
  const auto a = education.find(later), b = education.find(known);
  return a != education.end() && b != education.end() && a->second.rank < b->second.rank;
}

std::string PlanRules::combined(const std::string& stage, const std::string& held) const {
  for (const auto& [value, standing] : education)
    if (!standing.combines.empty() && standing.combines.front() == stage &&
        std::find(standing.combines.begin() + 1, standing.combines.end(), held) != standing.combines.end())
      return value;
  return {};
}

bool PlanRules::stream_unclear(const std::string& stream) const {
  const auto listed = [&](const std::vector<std::string>& list) {
    return std::find(list.begin(), list.end(), stream) != list.end();
  };
  return !stream.empty() && stream != "unknown" && !listed(streams_met) && !listed(streams_undecided);
}

PlanRules PlanRules::read(const RecordNode& node) {
  only_keys(node, "recommendation",
            {"degree_stage", "related_field", "unnamed_fields", "no_degree_fields", "experience_stages",
             "streams_met", "streams_undecided", "field_missing_score", "education", "rules"});
  PlanRules plan;
  plan.degree_stage = node.at("degree_stage").text("degree_stage");
  plan.related_field = node.get("related_field");
  if (const RecordNode* n = node.find("unnamed_fields")) plan.unnamed_fields = words(*n, "unnamed_fields");
  if (const RecordNode* n = node.find("no_degree_fields"))
    plan.no_degree_fields = words(*n, "no_degree_fields");
  if (const RecordNode* n = node.find("experience_stages"))
    plan.experience_stages = words(*n, "experience_stages");
  if (const RecordNode* n = node.find("streams_met")) plan.streams_met = words(*n, "streams_met");
  if (const RecordNode* n = node.find("streams_undecided"))
    plan.streams_undecided = words(*n, "streams_undecided");
  if (const RecordNode* n = node.find("field_missing_score"))
    plan.field_missing_score = whole_number(*n, "field_missing_score");
  int rank = 0;
  for (const auto& [value, standing] : node.at("education").entries("education")) {
    EducationStanding read = read_standing(standing);
    read.rank = rank++;
    plan.education.emplace(value, std::move(read));
  }
  if (const RecordNode* n = node.find("rules"))
    for (const RecordNode& rule : n->items("rules")) plan.rules.push_back(read_rule(rule));
  return plan;
}

}  // namespace careerbot::dialog
