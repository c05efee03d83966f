#include "knowledge/overlay_record.hpp"

#include <algorithm>
#include <array>
#include <set>
#include <stdexcept>

#include "knowledge/guide_sections.hpp"
#include "knowledge/page_record.hpp"
#include "knowledge/quantities.hpp"
#include "knowledge/record_fields.hpp"
#include "knowledge/text.hpp"

namespace careerbot::knowledge {
namespace {

constexpr std::array<std::string_view, 7> kStages{"class12",    "bachelors", "masters",   "certification",
                                                  "internship", "work",      "transition"};

bool is_identifier(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

const RecordNode* optional_list(const RecordNode& node, std::string_view key, const std::string& path) {
  const RecordNode* child = node.find(key);
  if (child == nullptr || child->is_empty()) return nullptr;
  child->items(path.empty() ? key : path + "." + std::string(key));
  return child;
}

void check_date(const RecordNode& node, const std::string& field) {
  if (!is_iso_date(node.text(field)))
    node.fail("field '" + field + "': '" + node.text(field) + "' is not a date written YYYY-MM-DD");
}

Fact* find_fact(Career& career, std::string_view key) {
  Fact* found = nullptr;
  career.for_each_fact([&](Fact& f) {
    if (found == nullptr && f.key == key) found = &f;
  });
  return found;
}

[[noreturn]] void bad_field(std::string_view key, std::string_view field, std::string_view allowed) {
  throw std::invalid_argument("fact '" + std::string(key) + "' has no correctable field '" +
                              std::string(field) + "' (allowed: " + std::string(allowed) + ")");
}

// Applies one correction; throws std::invalid_argument when the field does not fit the fact.
void apply_correction(Career& career, std::string_view key, std::string_view field,
                      const std::string& value) {
  for (auto& level : career.levels) {
    if (level.fact.key != key) continue;
    if (field == "description" || field == "text")
      level.description = value;
    else if (field == "title")
      level.title = value;
    else if (field == "salary")
      level.salary_lpa = parse_salary(value);
    else
      bad_field(key, field, "title, description, salary");
    return;
  }
  for (auto& employer : career.employers) {
    if (employer.fact.key != key) continue;
    if (field == "name")
      employer.name = value;
    else if (field == "location")
      employer.location = value;
    else
      bad_field(key, field, "name, location");
    return;
  }
  for (auto& route : career.routes) {
    if (route.fact.key == key) {
      if (field != "name") bad_field(key, field, "name (the summary is set under 'routes:')");
      route.name = value;
      return;
    }
    for (auto& step : route.steps) {
      if (step.fact.key != key) continue;
      if (field == "text")
        step.fact.text = value;
      else if (field == "duration")
        step.duration = parse_duration(value);
      else
        bad_field(key, field, "text, duration");
      return;
    }
  }
  for (auto& area : career.responsibilities) {
    if (area.fact.key != key) continue;
    if (field != "title") bad_field(key, field, "title");
    area.fact.title = area.fact.text = value;
    return;
  }
  Fact* fact = find_fact(career, key);
  if (field == "text")
    fact->text = value;
  else if (field == "title" && !fact->title.empty())
    fact->title = value;
  else
    bad_field(key, field, fact->title.empty() ? "text" : "title, text");
}

class OverlayReader {
 public:
  OverlayReader(const RecordNode& root, Career& career, ErrorList& errors)
      : root_(root), career_(career), errors_(errors) {}

  void read() {
    reject_unknown_fields(
        root_, {"slug", "source", "reviewed", "aliases", "corrections", "facts", "routes", "sections"}, "",
        errors_);
    errors_.guard([&] {
      std::string slug = required_text(root_, "slug", "");
      if (!career_.slug.empty() && slug != career_.slug)
        root_.at("slug").fail("field 'slug': '" + slug + "' does not match the page's slug '" + career_.slug +
                              "'");
    });
    errors_.guard([&] { career_.source = required_text(root_, "source", ""); });
    errors_.guard([&] {
      required_text(root_, "reviewed", "");
      check_date(root_.at("reviewed"), "reviewed");
      career_.reviewed = root_.get("reviewed");
    });
    errors_.guard([&] { read_aliases(); });
    errors_.guard([&] { read_corrections(); });
    errors_.guard([&] { read_fact_entries(); });
    errors_.guard([&] { read_routes(); });
  }

 private:
  // The fact an overlay entry names; fails at the entry when the page has no such fact.
  Fact& fact_at(const RecordNode& entry, const std::string& path) {
    std::string key = required_text(entry, "fact", path);
    Fact* fact = find_fact(career_, key);
    if (fact == nullptr)
      entry.at("fact").fail("field '" + path + ".fact': unknown fact id '" + key +
                            "' (ids are listed in knowledge/README.md; the page may have changed)");
    return *fact;
  }

  void read_aliases() {
    const RecordNode* list = optional_list(root_, "aliases", "");
    if (list == nullptr) return;
    std::set<std::string> seen{text::fold(career_.name)};
    const auto& items = list->items();
    for (std::size_t i = 0; i < items.size(); ++i) {
      errors_.guard([&] {
        const std::string& alias = items[i].text(indexed("aliases", i));
        if (!seen.insert(text::fold(alias)).second)
          items[i].fail("field '" + indexed("aliases", i) + "': '" + alias +
                        "' repeats the name or another alias");
        career_.aliases.push_back(alias);
      });
    }
  }

  void read_corrections() {
    const RecordNode* list = optional_list(root_, "corrections", "");
    if (list == nullptr) return;
    const auto& items = list->items();
    for (std::size_t i = 0; i < items.size(); ++i) {
      errors_.guard([&] {
        std::string path = indexed("corrections", i);
        reject_unknown_fields(items[i], {"fact", "field", "text", "reason"}, path, errors_);
        std::string reason = required_text(items[i], "reason", path);
        Fact& fact = fact_at(items[i], path);
        std::string field = required_text(items[i], "field", path);
        std::string value = required_text(items[i], "text", path);
        try {
          apply_correction(career_, fact.key, field, value);
        } catch (const std::invalid_argument& e) {
          items[i].fail("field '" + path + "': " + e.what());
        }
      });
    }
  }

  void read_fact_entries() {
    const RecordNode* list = optional_list(root_, "facts", "");
    if (list == nullptr) return;
    const auto& items = list->items();
    for (std::size_t i = 0; i < items.size(); ++i) {
      errors_.guard([&] {
        std::string path = indexed("facts", i);
        reject_unknown_fields(items[i], {"fact", "tags", "reviewed", "note"}, path, errors_);
        Fact& fact = fact_at(items[i], path);
        if (const RecordNode* tags = optional_list(items[i], "tags", path)) {
          const auto& tag_items = tags->items();
          for (std::size_t j = 0; j < tag_items.size(); ++j) {
            const std::string& tag = tag_items[j].text(indexed(path + ".tags", j));
            if (!is_identifier(tag))
              tag_items[j].fail("field '" + indexed(path + ".tags", j) + "': tag '" + tag +
                                "' must be lower-case letters, digits and '_'");
            if (!fact.has_tag(tag)) fact.tags.push_back(tag);
          }
        }
        if (const RecordNode* reviewed = items[i].find("reviewed");
            reviewed != nullptr && !reviewed->is_empty()) {
          check_date(*reviewed, path + ".reviewed");
          fact.reviewed = reviewed->text();
        }
        fact.note = items[i].get("note");
      });
    }
  }

  void read_routes() {
    const RecordNode* list = optional_list(root_, "routes", "");
    if (list == nullptr) return;
    const auto& items = list->items();
    for (std::size_t i = 0; i < items.size(); ++i) {
      errors_.guard([&] {
        std::string path = indexed("routes", i);
        reject_unknown_fields(items[i], {"route", "summary", "outcome", "fits", "steps"}, path, errors_);
        std::string number = required_text(items[i], "route", path);
        Route* route = nullptr;
        for (auto& r : career_.routes)
          if (std::to_string(r.number) == number) route = &r;
        if (route == nullptr)
          items[i].at("route").fail("field '" + path + ".route': the page has no route " + number);
        route->summary = items[i].get("summary");
        route->outcome = items[i].get("outcome");
        if (const RecordNode* fits = optional_list(items[i], "fits", path)) {
          const auto& fit_items = fits->items();
          for (std::size_t j = 0; j < fit_items.size(); ++j) {
            const std::string& fit = fit_items[j].text(indexed(path + ".fits", j));
            if (!is_identifier(fit))
              fit_items[j].fail("field '" + indexed(path + ".fits", j) + "': '" + fit +
                                "' must be lower-case letters, digits and '_'");
            route->fits.push_back(fit);
          }
        }
        if (const RecordNode* stages = optional_list(items[i], "steps", path)) {
          const auto& stage_items = stages->items();
          if (stage_items.size() != route->steps.size())
            stages->fail("field '" + path + ".steps': route " + number + " has " +
                         std::to_string(route->steps.size()) + " steps on the page but " +
                         std::to_string(stage_items.size()) + " stages here");
          for (std::size_t j = 0; j < stage_items.size(); ++j) {
            const std::string& stage = stage_items[j].text(indexed(path + ".steps", j));
            if (!is_known_stage(stage))
              stage_items[j].fail(
                  "field '" + indexed(path + ".steps", j) + "': unknown stage '" + stage +
                  "' (class12, bachelors, masters, certification, internship, work, transition)");
            route->steps[j].stage = stage;
          }
        }
      });
    }
  }

  const RecordNode& root_;
  Career& career_;
  ErrorList& errors_;
};

// Derives what depends on the overlay: citations, review dates, fact texts of structured entries,
// route outcomes and the certification list.
void finish(Career& career) {
  for (auto& e : career.employers) {
    e.fact.title = e.name;
    e.fact.text = e.location.empty() ? e.name : e.name + ", " + e.location;
  }
  for (auto& l : career.levels) {
    l.fact.title = l.title;
    l.fact.text = l.description;
  }
  for (auto& r : career.routes) {
    r.fact.title = r.name;
    r.fact.text = r.summary.empty() ? r.name : r.summary;
    if (r.outcome.empty() && !r.steps.empty()) r.outcome = r.steps.back().fact.text;
  }
  career.certifications.clear();
  const auto heading = [&](const std::string& key) -> std::string {
    if (const ExtraSection* extra = career.extra_section(key)) return extra->heading;
    return std::string(section_heading(key));
  };
  career.for_each_fact([&](Fact& f) {
    f.source = career.source + ", " + heading(f.section);
    if (f.reviewed.empty()) f.reviewed = career.reviewed;
    if (f.has_tag("certification")) career.certifications.push_back(f);
  });
}

}  // namespace

bool is_iso_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (s[i] < '0' || s[i] > '9') return false;
  int year = std::stoi(std::string(s.substr(0, 4)));
  int month = std::stoi(std::string(s.substr(5, 2)));
  int day = std::stoi(std::string(s.substr(8, 2)));
  if (month < 1 || month > 12 || day < 1) return false;
  constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  int days = kDays[static_cast<std::size_t>(month - 1)] + (month == 2 && leap ? 1 : 0);
  return day <= days;
}

std::vector<DeclaredSection> declared_sections(const RecordNode& root, ErrorList& errors) {
  std::vector<DeclaredSection> out;
  if (!root.is_map()) return out;
  const RecordNode* list = nullptr;
  errors.guard([&] { list = optional_list(root, "sections", ""); });
  if (list == nullptr) return out;
  const auto& items = list->items();
  for (std::size_t i = 0; i < items.size(); ++i) {
    errors.guard([&] {
      const std::string path = indexed("sections", i);
      reject_unknown_fields(items[i], {"key", "heading", "shape", "fact_id"}, path, errors);
      DeclaredSection section;
      section.key = required_text(items[i], "key", path);
      if (!is_identifier(section.key) || section.key == "slug" || section.key == "name" ||
          find_guide_section(section.key) != nullptr)
        items[i].at("key").fail("field '" + path + ".key': '" + section.key +
                                "' must be lower_snake_case and none of the guide's own sections");
      section.heading = required_text(items[i], "heading", path);
      const std::string shape = required_text(items[i], "shape", path);
      if (shape != "items" && shape != "titled_items")
        items[i].at("shape").fail("field '" + path + ".shape': '" + shape +
                                  "' must be items or titled_items");
      section.titled = shape == "titled_items";
      section.fact_id = items[i].get("fact_id", section.key);
      if (!is_identifier(section.fact_id))
        items[i].at("fact_id").fail("field '" + path + ".fact_id': must be lower_snake_case");
      for (const auto& other : out)
        if (other.key == section.key) items[i].fail("field '" + path + ".key': '" + section.key + "' twice");
      out.push_back(std::move(section));
    });
  }
  return out;
}

bool is_known_stage(std::string_view stage) {
  return std::find(kStages.begin(), kStages.end(), stage) != kStages.end();
}

void apply_overlay(const RecordNode& root, Career& career, ErrorList& errors) {
  if (!root.is_map()) {
    errors.add(root.file(), root.line(),
               "an overlay file is a block of 'key: value' fields (slug, source, ...)");
    return;
  }
  OverlayReader(root, career, errors).read();
  finish(career);
}

}  // namespace careerbot::knowledge
