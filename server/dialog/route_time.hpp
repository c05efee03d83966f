#pragma once
// How long a study route takes, summed from the durations the guide gives. Steps without a duration
// are never guessed: they are listed so the wording can name them. The starting point (10+2) and the
// closing move into the profession ("transition") are not counted as steps with a length.
// Pure functions; thread-safe.

#include <functional>
#include <string>
#include <vector>

#include "knowledge/model.hpp"

namespace careerbot::dialog {

class AnswerBook;

struct RouteTime {
  int min_months = 0;
  int max_months = 0;
  bool any_known = false;
  std::vector<const knowledge::RouteStep*> unknown;  // steps whose length the guide does not give
};

// Sums the steps of `route` from index `first_step` on (0 = the whole route), leaving out steps for
// which `done` returns true (e.g. experience the student already has).
RouteTime route_time(const knowledge::Route& route, std::size_t first_step = 0,
                     const std::function<bool(const knowledge::RouteStep&)>& done = {});

// "about 4 to 6.5 years, plus the master's degree, whose length the guide does not give".
std::string describe_time(const RouteTime& time, const AnswerBook& book);

// True when `x` is quicker than `y` by the guide's durations: fewer steps of unknown length first (a
// step the guide gives no length for never makes a route look quicker), then the shorter known time.
bool quicker(const RouteTime& x, const RouteTime& y);

// A step as the guide words it, with its length when the guide gives one: "Bachelor's degree in ... (3-4
// years)."
std::string with_duration(const knowledge::RouteStep& step);

// The steps of `route` whose length the guide gives, each with it: "the bachelor's degree 3-4 years,
// the internships or training 3-6 months" (where a route's time goes, for comparing two routes).
std::string step_times(const knowledge::Route& route, const AnswerBook& book);

// "6 months", "1 year", "4.5 years": months rounded outward to half years from a year up.
std::string format_months(int months, bool round_up);

}  // namespace careerbot::dialog
