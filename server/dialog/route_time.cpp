#include "dialog/route_time.hpp"

#include "dialog/answer_book.hpp"

namespace careerbot::dialog {
namespace {

bool has_length(const knowledge::RouteStep& step) {
  return step.stage != "class12" && step.stage != "transition";
}

std::string number(double value) {
  std::string text = std::to_string(value);
  text.erase(text.find_last_not_of('0') + 1);
  if (!text.empty() && text.back() == '.') text.pop_back();
  return text;
}

}  // namespace

RouteTime route_time(const knowledge::Route& route, std::size_t first_step,
                     const std::function<bool(const knowledge::RouteStep&)>& done) {
  RouteTime time;
  for (std::size_t i = first_step; i < route.steps.size(); ++i) {
    const knowledge::RouteStep& step = route.steps[i];
    if (done && done(step)) continue;
    if (step.duration.known()) {
      time.min_months += *step.duration.min_months;
      time.max_months += step.duration.max_months.value_or(*step.duration.min_months);
      time.any_known = true;
    } else if (has_length(step)) {
      time.unknown.push_back(&step);
    }
  }
  return time;
}

std::string format_months(int months, bool round_up) {
  if (months < 12) return std::to_string(months) + (months == 1 ? " month" : " months");
  // Whole and half years read naturally; round the lower bound down and the upper bound up.
  const int halves = round_up ? (months + 5) / 6 : months / 6;
  const double years = halves / 2.0;
  return number(years) + (years == 1.0 ? " year" : " years");
}

std::string describe_time(const RouteTime& time, const AnswerBook& book) {
  if (!time.any_known) return book.text("phrases", "unknown_only");
  std::string low = format_months(time.min_months, false);
  std::string high = format_months(time.max_months, true);
  std::string text;
  if (low == high) {
    text = fill(book.text("phrases", "total_single"), {{"min", low}});
  } else {
    // "4 to 6.5 years" rather than "4 years to 6.5 years" when both are in years.
    const bool both_years = time.min_months >= 12 && time.max_months >= 12;
    if (both_years) low = low.substr(0, low.find(' '));
    text = fill(book.text("phrases", "total_range"), {{"min", low}, {"max", high}});
  }
  if (!time.unknown.empty()) {
    std::string names;
    for (std::size_t i = 0; i < time.unknown.size(); ++i) {
      if (i > 0) names += i + 1 == time.unknown.size() ? " and " : ", ";
      names += book.stage_label(time.unknown[i]->stage);
    }
    text += ", " + fill(book.text("phrases", time.unknown.size() == 1 ? "unknown_one" : "unknown_many"),
                        {{"steps", names}});
  }
  return text;
}

bool quicker(const RouteTime& x, const RouteTime& y) {
  if (x.unknown.size() != y.unknown.size()) return x.unknown.size() < y.unknown.size();
  return x.min_months < y.min_months;
}

std::string step_times(const knowledge::Route& route, const AnswerBook& book) {
  std::string text;
  for (const auto& step : route.steps) {
    if (!step.duration.known()) continue;
    if (!text.empty()) text += ", ";
    text += book.stage_label(step.stage) + " " + step.duration.text;
  }
  return text;
}

std::string with_duration(const knowledge::RouteStep& step) {
  if (!step.duration.known()) return step.fact.text;
  std::string text = step.fact.text;
  while (!text.empty() && text.back() == '.') text.pop_back();
  return text + " (" + step.duration.text + ").";
}

}  // namespace careerbot::dialog
