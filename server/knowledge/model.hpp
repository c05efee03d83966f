#pragma once
// The knowledge model: one career guide as plain, immutable-after-construction values. The source
// loader builds these from the counsellor files, the builder writes them to SQLite and KnowledgeBase
// reads them back; the dialog module renders answers from them. Plain data: safe to read from many
// threads once built.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace careerbot::knowledge {

// One statement of the guide with its stable id (see knowledge/README.md) and provenance.
struct Fact {
  std::string key;       // stable id, e.g. "route.2.step.3"
  std::string section;   // "overview", "responsibilities", "routes", ... (see section_names below)
  std::string group;     // sub-list within the section ("india", "route.2", an area slug) or empty
  std::string title;     // short title when the page gives one (academic point, trend, level, area)
  std::string text;      // the statement, as the page words it (after overlay corrections)
  std::string source;    // citation: "<guide title>, <page section>"
  std::string reviewed;  // last review date, YYYY-MM-DD
  std::string note;      // counsellor note from the overlay, never shown to students
  int position = 0;      // 1-based order within section and group
  std::vector<std::string> tags;

  bool has_tag(std::string_view tag) const;
};

// A duration as the guide gives it. Unknown when the page gives none: never guessed.
struct Duration {
  std::string text;  // as written, e.g. "3-4 years"; empty when unknown
  std::optional<int> min_months, max_months;
  bool known() const { return min_months.has_value(); }
};

struct RouteStep {
  Fact fact;
  Duration duration;
  std::string stage;  // class12 | bachelors | masters | certification | internship | work | transition
};

struct Route {
  int number = 0;
  std::string name, summary, outcome;
  std::vector<std::string> fits;  // planner tags, e.g. "no_masters", "abroad"
  std::vector<RouteStep> steps;
  Fact fact;
};

struct Employer {
  Fact fact;
  std::string name, region, location;  // region: "india" | "international"
};

struct CareerLevel {
  Fact fact;
  std::string title, description;
  std::optional<double> salary_lpa;  // lakh per annum; nullopt when the guide gives none
};

struct ResponsibilityArea {
  Fact fact;  // fact.title = area name
  std::vector<Fact> items;
};

// A section of a career page that the guide site's pages do not have (guide_sections.hpp), declared
// in the career's overlay (`sections:`): a list of facts, plain or titled, answered by {list:KEY}.
struct ExtraSection {
  std::string key;
  std::string heading;  // what its facts cite
  std::vector<Fact> facts;
};

struct Career {
  std::string slug, name, source, reviewed;
  std::vector<std::string> aliases;
  std::vector<Fact> overview;
  std::vector<ResponsibilityArea> responsibilities;
  std::vector<Route> routes;
  Fact destination;
  std::vector<Fact> academic_points, internships, courses, advice, trends;
  std::vector<Fact> certifications;  // copies of facts tagged "certification", in guide order
  std::vector<Employer> employers;
  std::vector<CareerLevel> levels;
  Fact final_message;
  std::vector<ExtraSection> extra_sections;  // in the order the overlay declares them

  // The fact with this id, or nullptr. Linear in the number of facts (about a hundred).
  const Fact* find_fact(std::string_view key) const;
  // The route with this number, or nullptr.
  const Route* route(int number) const;
  // The extra section with this key, or nullptr.
  const ExtraSection* extra_section(std::string_view key) const;
  // Calls `visit(fact)` for every fact in guide order (certifications are not repeated).
  template <class Visit>
  void for_each_fact(Visit&& visit) const {
    visit_facts(*this, visit);
  }
  template <class Visit>
  void for_each_fact(Visit&& visit) {
    visit_facts(*this, visit);
  }

 private:
  template <class Self, class Visit>
  static void visit_facts(Self& self, Visit& visit);
};

template <class Self, class Visit>
void Career::visit_facts(Self& self, Visit& visit) {
  for (auto& f : self.overview) visit(f);
  for (auto& area : self.responsibilities) {
    visit(area.fact);
    for (auto& f : area.items) visit(f);
  }
  for (auto& route : self.routes) {
    visit(route.fact);
    for (auto& step : route.steps) visit(step.fact);
  }
  if (!self.destination.key.empty()) visit(self.destination);
  for (auto& f : self.academic_points) visit(f);
  for (auto& f : self.internships) visit(f);
  for (auto& f : self.courses) visit(f);
  for (auto& e : self.employers) visit(e.fact);
  for (auto& f : self.advice) visit(f);
  if (!self.final_message.key.empty()) visit(self.final_message);
  for (auto& f : self.trends) visit(f);
  for (auto& l : self.levels) visit(l.fact);
  for (auto& section : self.extra_sections)
    for (auto& f : section.facts) visit(f);
}

}  // namespace careerbot::knowledge
