#include "dialog/answer_renderer.hpp"

#include <algorithm>
#include <charconv>

#include "dialog/flow.hpp"
#include "dialog/route_time.hpp"

namespace careerbot::dialog {
namespace {

using knowledge::Career;
using knowledge::Fact;

void note_fact(const Fact& fact, Rendered& used) {
  if (std::find(used.fact_keys.begin(), used.fact_keys.end(), fact.key) == used.fact_keys.end())
    used.fact_keys.push_back(fact.key);
  if (!fact.source.empty() &&
      std::find(used.sources.begin(), used.sources.end(), fact.source) == used.sources.end())
    used.sources.push_back(fact.source);
}

std::string without_final_period(std::string text) {
  while (!text.empty() && (text.back() == '.' || text.back() == ' ')) text.pop_back();
  return text;
}

std::string fold(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return out;
}

bool is_abbreviation_end(std::string_view text, std::size_t dot) {
  static constexpr std::string_view kAbbreviations[] = {"e.g", "i.e", "etc",  "vs",    "Dr",
                                                        "Mr",  "Ms",  "Ph.D", "approx"};
  for (std::string_view abbreviation : kAbbreviations) {
    if (dot >= abbreviation.size() &&
        text.substr(dot - abbreviation.size(), abbreviation.size()) == abbreviation) {
      const std::size_t start = dot - abbreviation.size();
      if (start == 0 || text[start - 1] == ' ' || text[start - 1] == '(') return true;
    }
  }
  return false;
}

std::string step_line(const knowledge::RouteStep& step, std::size_t index, const AnswerBook& book) {
  std::string line = std::to_string(index) + ". " + without_final_period(step.fact.text);
  if (step.duration.known()) {
    line += " (" + step.duration.text + ")";
  } else if (step.stage != "class12" && step.stage != "transition") {
    line += " (" + book.text("phrases", "unknown_duration") + ")";
  }
  return line;
}

}  // namespace

namespace {

// Calls `take(sentence)` for each sentence of `text` in order, until it returns false.
template <typename Take>
void for_each_sentence(std::string_view text, Take take) {
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c != '.' && c != '?' && c != '!') continue;
    const bool at_end = i + 1 == text.size();
    const bool before_new_sentence =
        i + 2 < text.size() && text[i + 1] == ' ' && (text[i + 2] >= 'A' && text[i + 2] <= 'Z');
    if (!at_end && !before_new_sentence) continue;
    if (c == '.' && is_abbreviation_end(text, i)) continue;
    if (!take(text.substr(start, i + 1 - start))) return;
    start = i + 2;
  }
  if (start < text.size()) take(text.substr(start));
}

}  // namespace

std::vector<std::string> AnswerRenderer::sentences(std::string_view text) {
  std::vector<std::string> out;
  for_each_sentence(text, [&](std::string_view sentence) {
    out.emplace_back(sentence);
    return true;
  });
  return out;
}

// Stops at the sentence it wants: a template asks for the first sentence of a fact of several.
std::string AnswerRenderer::sentence(std::string_view text, int n) {
  std::string found;
  int seen = 0;
  for_each_sentence(text, [&](std::string_view sentence) {
    if (++seen < n) return true;
    if (seen == n) found = sentence;
    return false;
  });
  return found;
}

int AnswerRenderer::route_number(std::string_view arg, const RenderContext& context) const {
  std::string_view digits = arg;
  if (arg == "route") {
    const auto it = context.entities.find("route");
    if (it == context.entities.end()) return 0;
    digits = it->second;
  }
  int number = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), number);
  return number;
}

std::vector<AnswerRenderer::Item> AnswerRenderer::select(std::string_view selector,
                                                         const RenderContext& context, bool* valid) const {
  const Career& career = context.career;
  std::vector<Item> items;
  if (valid != nullptr) *valid = true;
  const auto plain = [&](const std::vector<Fact>& facts) {
    for (const Fact& f : facts) items.push_back({"- " + f.text, &f});
  };
  const auto titled = [&](const std::vector<Fact>& facts) {
    for (const Fact& f : facts) items.push_back({"- " + f.title + ": " + f.text, &f});
  };

  if (selector == "overview") {
    plain(career.overview);
  } else if (selector == "responsibilities") {
    for (const auto& area : career.responsibilities) {
      std::string line = "- " + area.fact.title + ":";
      for (const Fact& item : area.items) line += " " + item.text;
      items.push_back({line, &area.fact});
    }
  } else if (selector == "responsibility_areas") {
    for (const auto& area : career.responsibilities) items.push_back({"- " + area.fact.title, &area.fact});
  } else if (selector.starts_with("responsibility.")) {
    bool found = false;
    for (const auto& area : career.responsibilities) {
      if (area.fact.key != selector) continue;
      found = true;
      plain(area.items);
    }
    if (!found && valid != nullptr) *valid = false;
  } else if (selector == "routes" || selector == "route_totals") {
    for (const auto& route : career.routes) {
      const std::string time = describe_time(route_time(route), book_);
      std::string line = "- " + route.name;
      if (!route.summary.empty()) line += " (" + route.summary + ")";
      line += ": " + time;
      items.push_back({line, &route.fact});
    }
  } else if (selector == "academic_points") {
    titled(career.academic_points);
  } else if (selector == "internships") {
    plain(career.internships);
  } else if (selector == "courses") {
    plain(career.courses);
  } else if (selector.starts_with("tag.")) {  // facts the overlay tags so, in guide order
    std::string_view tag = selector.substr(4);
    // "tag.certification@provider": those whose text names the provider ("any from Google?").
    std::string wanted;
    if (const auto at = tag.find('@'); at != std::string_view::npos) {
      if (tag.substr(at + 1) != "provider") {
        if (valid != nullptr) *valid = false;
        return items;
      }
      tag = tag.substr(0, at);
      const auto it = context.entities.find("provider");
      if (it == context.entities.end()) return items;  // no filter value: nothing "found"
      wanted = " " + fold_words(it->second) + " ";     // a whole word: "meta" is not in "metadata"
    }
    career.for_each_fact([&](const Fact& f) {
      if (f.has_tag(tag) &&
          (wanted.empty() || (" " + fold_words(f.text) + " ").find(wanted) != std::string::npos))
        items.push_back({"- " + f.text, &f});
    });
  } else if (selector == "advice") {
    plain(career.advice);
  } else if (selector == "trends") {
    titled(career.trends);
  } else if (selector == "levels") {
    for (const auto& level : career.levels)
      items.push_back({"- " + level.title + ": " + level.description, &level.fact});
  } else if (selector == "levels_salary") {
    for (const auto& level : career.levels) {
      std::string pay = level.salary_lpa ? std::to_string(*level.salary_lpa) + " LPA"
                                         : book_.text("phrases", "salary_unknown");
      items.push_back({"- " + level.title + " (" + pay + "): " + level.description, &level.fact});
    }
  } else if (selector.starts_with("employers.")) {
    std::string_view rest = selector.substr(10);
    std::string_view filter;
    if (const auto at = rest.find('@'); at != std::string_view::npos) {
      filter = rest.substr(at + 1);
      rest = rest.substr(0, at);
    }
    if (rest != "india" && rest != "international") {
      if (valid != nullptr) *valid = false;
      return items;
    }
    std::string wanted;
    if (!filter.empty()) {
      if (filter != "city" && filter != "country" && filter != "employer") {
        if (valid != nullptr) *valid = false;
        return items;
      }
      const auto it = context.entities.find(std::string(filter));
      if (it == context.entities.end()) return items;  // no filter value: nothing "found"
      wanted = fold(it->second);
    }
    // "Which of those is not in the USA?": the place named is the one left out (entities.yaml
    // `excluded_place`).
    const bool leave_out = filter != "employer" && context.entities.contains("excluded_place");
    for (const auto& employer : career.employers) {
      if (employer.region != rest) continue;
      const std::string& field = filter == "employer" ? employer.name : employer.location;
      if (!wanted.empty() && (fold(field) != wanted) != leave_out) continue;
      items.push_back({"- " + employer.name + ", " + employer.location, &employer.fact});
    }
  } else if (const knowledge::ExtraSection* extra = career.extra_section(selector)) {
    for (const Fact& f : extra->facts)
      items.push_back({"- " + (f.title.empty() ? f.text : f.title + ": " + f.text), &f});
  } else if (valid != nullptr) {
    *valid = false;
  }
  return items;
}

bool AnswerRenderer::holds(const Condition& condition, const RenderContext& context) const {
  bool result = false;
  if (condition.kind == Condition::Kind::entity) {
    const auto it = context.entities.find(condition.name);
    result = it != context.entities.end() && (condition.value.empty() || it->second == condition.value);
  } else {
    result = !select(condition.name, context).empty();
  }
  return condition.negate ? !result : result;
}

void AnswerRenderer::render_segment(const Segment& segment, const RenderContext& context, std::string& out,
                                    Rendered& used, bool& line_has_content) const {
  using K = Segment::Kind;
  const Career& career = context.career;
  switch (segment.kind) {
    case K::literal:
      out += segment.text;
      return;
    case K::career:
      out += career.name;
      return;
    case K::careers:
      out += context.careers;
      return;
    case K::fact:
    case K::title: {
      const Fact* fact = career.find_fact(segment.text);
      if (fact == nullptr) return;
      const std::string text = segment.kind == K::title ? fact->title
                               : segment.sentence > 0   ? sentence(fact->text, segment.sentence)
                                                        : fact->text;
      if (text.empty()) return;
      out += text;
      line_has_content = true;
      note_fact(*fact, used);
      return;
    }
    case K::list: {
      const auto items = select(segment.text, context);
      if (!items.empty()) used.listed.clear();
      for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) out += '\n';
        out += items[i].line;
        if (items[i].fact != nullptr) note_fact(*items[i].fact, used);
        used.listed.push_back(items[i].fact != nullptr ? items[i].fact->key : std::string());
      }
      line_has_content = line_has_content || !items.empty();
      return;
    }
    case K::steps: {
      const knowledge::Route* route = career.route(route_number(segment.text, context));
      if (route == nullptr) return;
      for (std::size_t i = 0; i < route->steps.size(); ++i) {
        if (i > 0) out += '\n';
        out += step_line(route->steps[i], i + 1, book_);
        note_fact(route->steps[i].fact, used);
      }
      if (!career.destination.text.empty()) {
        out += "\n→ " + career.destination.text;
        note_fact(career.destination, used);
      }
      line_has_content = true;
      return;
    }
    case K::total: {
      const knowledge::Route* route = career.route(route_number(segment.text, context));
      if (route == nullptr) return;
      out += describe_time(route_time(*route), book_);
      note_fact(route->fact, used);
      line_has_content = true;
      return;
    }
    case K::stage_time: {
      std::vector<std::string> texts;
      for (const auto& route : career.routes)
        for (const auto& step : route.steps)
          if (step.stage == segment.text && step.duration.known()) {
            if (std::find(texts.begin(), texts.end(), step.duration.text) == texts.end())
              texts.push_back(step.duration.text);
            note_fact(step.fact, used);
          }
      if (texts.empty()) {
        out += book_.text("phrases", "unknown_duration");
      } else {
        for (std::size_t i = 0; i < texts.size(); ++i) out += (i > 0 ? " or " : "") + texts[i];
      }
      line_has_content = true;
      return;
    }
    case K::entity: {
      const auto it = context.entities.find(segment.text);
      if (it != context.entities.end()) out += book_.value_label(it->second);
      return;
    }
    case K::route: {
      const int number = route_number("route", context);
      if (number > 0) out += std::to_string(number);
      return;
    }
    case K::requirement: {
      if (career.routes.empty() || career.routes.front().steps.empty()) return;
      const Fact& first = career.routes.front().steps.front().fact;
      out += without_final_period(first.text);
      note_fact(first, used);
      line_has_content = true;
      return;
    }
  }
}

Rendered AnswerRenderer::render(const AnswerTemplate& answer, const RenderContext& context) const {
  Rendered result;
  for (const TemplateLine& line : answer.lines) {
    if (!std::all_of(line.conditions.begin(), line.conditions.end(),
                     [&](const Condition& c) { return holds(c, context); }))
      continue;
    std::string text;
    bool has_content = false;
    bool has_placeholder = false;
    for (const Segment& segment : line.segments) {
      if (segment.kind != Segment::Kind::literal) has_placeholder = true;
      render_segment(segment, context, text, result, has_content);
    }
    // A line built around facts that are missing is dropped rather than shown half-empty, and so is a
    // line whose entity slot has no value ("The guide names no employer in ."): the template's
    // slot-free wording stands in for it.
    bool needs_fact = false, slot_missing = false;
    for (const Segment& segment : line.segments) {
      needs_fact = needs_fact || segment.kind == Segment::Kind::fact || segment.kind == Segment::Kind::list ||
                   segment.kind == Segment::Kind::steps;
      if (segment.kind == Segment::Kind::entity && !context.entities.contains(segment.text))
        slot_missing = true;
      if ((segment.kind == Segment::Kind::route || segment.kind == Segment::Kind::steps ||
           segment.kind == Segment::Kind::total) &&
          (segment.kind == Segment::Kind::route || segment.text == "route") &&
          context.career.route(route_number("route", context)) == nullptr)
        slot_missing = true;
    }
    if (has_placeholder && needs_fact && !has_content) continue;
    if (slot_missing) continue;
    if (text.empty()) continue;
    if (!result.text.empty()) result.text += '\n';
    result.text += text;
  }
  return result;
}

std::vector<std::string> AnswerRenderer::check(const AnswerTemplate& answer, const Career& career) const {
  std::vector<std::string> problems;
  const std::map<std::string, std::string> no_entities;
  const RenderContext context{career, no_entities, {}};
  const auto problem = [&](const TemplateLine& line, const std::string& what) {
    problems.push_back(answer.file + ":" + std::to_string(line.line) + ": answer '" + answer.name +
                       "': " + what + " (career " + career.slug + ")");
  };
  // Render with no entity and with each entity the template names alone: every variant must read as
  // whole sentences (no empty slot, no unfilled placeholder) and say something.
  std::vector<std::string> named;
  for (const TemplateLine& line : answer.lines) {
    for (const Condition& condition : line.conditions)
      if (condition.kind == Condition::Kind::entity) named.push_back(condition.name);
    for (const Segment& segment : line.segments)
      if (segment.kind == Segment::Kind::entity) named.push_back(segment.text);
  }
  std::sort(named.begin(), named.end());
  named.erase(std::unique(named.begin(), named.end()), named.end());
  std::vector<std::map<std::string, std::string>> variants = {{}};
  for (const auto& name : named) variants.push_back({{name, name == "route" ? "1" : "x"}});
  for (const auto& entities : variants) {
    const std::string text = render(answer, {career, entities, "Careers"}).text;
    const std::string with = entities.empty() ? "no entity" : "only " + entities.begin()->first;
    for (const char* artifact : {" .", " ,", "{", "}", "()", "  "})
      if (text.find(artifact) != std::string::npos) {
        problems.push_back(answer.file + ": answer '" + answer.name + "' with " + with + " shows '" +
                           artifact + "': " + text.substr(0, 160));
        break;
      }
  }
  for (const TemplateLine& line : answer.lines) {
    for (const Condition& condition : line.conditions) {
      if (condition.kind != Condition::Kind::found) continue;
      bool valid = true;
      (void)select(condition.name, context, &valid);
      if (!valid) problem(line, "unknown selector '" + condition.name + "'");
    }
    for (const Segment& segment : line.segments) {
      using K = Segment::Kind;
      if (segment.kind == K::fact || segment.kind == K::title) {
        const Fact* fact = career.find_fact(segment.text);
        if (fact == nullptr) {
          problem(line, "unknown fact '" + segment.text + "'");
        } else if (segment.kind == K::title && fact->title.empty()) {
          problem(line, "fact '" + segment.text + "' has no title");
        } else if (segment.sentence > 0 && sentence(fact->text, segment.sentence).empty()) {
          problem(line, "fact '" + segment.text + "' has no sentence " + std::to_string(segment.sentence));
        }
      } else if (segment.kind == K::list) {
        bool valid = true;
        const auto items = select(segment.text, context, &valid);
        if (!valid) problem(line, "unknown selector '" + segment.text + "'");
      } else if ((segment.kind == K::steps || segment.kind == K::total) && segment.text != "route") {
        if (career.route(route_number(segment.text, context)) == nullptr)
          problem(line, "no route " + segment.text);
      } else if (segment.kind == K::stage_time) {
        bool found = false;
        for (const auto& route : career.routes)
          for (const auto& step : route.steps) found = found || step.stage == segment.text;
        if (!found) problem(line, "no route step has stage '" + segment.text + "'");
      }
    }
  }
  return problems;
}

}  // namespace careerbot::dialog
