#include "knowledge/page_record.hpp"

#include <array>
#include <map>
#include <stdexcept>

#include "knowledge/guide_sections.hpp"
#include "knowledge/quantities.hpp"
#include "knowledge/record_fields.hpp"
#include "knowledge/text.hpp"

namespace careerbot::knowledge {
namespace {

std::string optional_text(const RecordNode& node, std::string_view key, const std::string& path) {
  const RecordNode* child = node.is_map() ? node.find(key) : nullptr;
  if (child == nullptr || child->is_empty()) return {};
  return child->text(path + "." + std::string(key));
}

class PageReader {
 public:
  PageReader(const RecordNode& root, ErrorList& errors, std::span<const DeclaredSection> extra)
      : root_(root), errors_(errors), extra_(extra) {}

  Career read() {
    std::vector<std::string_view> fields = {"slug", "name"};
    for (const GuideSection& section : guide_sections()) fields.push_back(section.key);
    for (const DeclaredSection& section : extra_) fields.push_back(section.key);
    reject_unknown_fields(root_, fields, "", errors_);
    errors_.guard([&] {
      career_.slug = required_text(root_, "slug", "");
      if (text::slug(career_.slug) != career_.slug)
        root_.at("slug").fail("field 'slug' must be lower-case letters, digits and '-' (e.g. '" +
                              text::slug(career_.slug) + "')");
    });
    errors_.guard([&] { career_.name = required_text(root_, "name", ""); });
    errors_.guard([&] { read_plain_list("overview", "overview", career_.overview, true); });
    errors_.guard([&] { read_responsibilities(); });
    errors_.guard([&] { read_routes(); });
    errors_.guard([&] {
      career_.destination = make_fact("destination", "destination", "", 1, "",
                                      required_text(root_, "destination", ""), root_.at("destination"));
    });
    errors_.guard([&] { read_titled("academic_points", "academic", career_.academic_points); });
    errors_.guard([&] { read_plain_list("internships", "internship", career_.internships, false); });
    errors_.guard([&] { read_plain_list("courses", "course", career_.courses, false); });
    errors_.guard([&] { read_employers(); });
    errors_.guard([&] { read_plain_list("advice", "advice", career_.advice, false); });
    errors_.guard([&] {
      if (const RecordNode* node = root_.find("final_message"); node != nullptr && !node->is_empty())
        career_.final_message =
            make_fact("final_message", "final_message", "", 1, "", node->text("final_message"), *node);
    });
    errors_.guard([&] { read_titled("trends", "trend", career_.trends); });
    errors_.guard([&] { read_levels(); });
    for (const DeclaredSection& declared : extra_) {
      ExtraSection section{declared.key, declared.heading, {}};
      errors_.guard([&] {
        if (declared.titled)
          read_titled(declared.key, declared.fact_id, section.facts);
        else
          read_plain_list(declared.key, declared.fact_id, section.facts, false);
      });
      if (!section.facts.empty()) career_.extra_sections.push_back(std::move(section));
    }
    return std::move(career_);
  }

 private:
  // Creates a fact, rejecting a second fact with the same id (e.g. two employers of one name).
  Fact make_fact(std::string key, std::string section, std::string group, int position, std::string title,
                 std::string body, const RecordNode& at) {
    auto [it, inserted] = lines_.emplace(key, at.line());
    if (!inserted)
      at.fail("duplicate fact id '" + key + "' (also at line " + std::to_string(it->second) +
              "): give the two entries different titles or names");
    Fact f;
    f.key = std::move(key);
    f.section = std::move(section);
    f.group = std::move(group);
    f.position = position;
    f.title = std::move(title);
    f.text = std::move(body);
    return f;
  }

  const RecordNode* list_node(std::string_view key, bool required) {
    const RecordNode* node = root_.find(key);
    if (node == nullptr || node->is_empty()) {
      if (required) root_.fail("missing required field '" + std::string(key) + "'");
      return nullptr;
    }
    node->items(key);  // throws unless a list
    return node;
  }

  void read_plain_list(std::string_view field, std::string_view id, std::vector<Fact>& out, bool required) {
    const RecordNode* node = list_node(field, required);
    if (node == nullptr) return;
    const auto& items = node->items(field);
    for (std::size_t i = 0; i < items.size(); ++i) {
      errors_.guard([&] {
        const std::string& body = items[i].text(indexed(field, i));
        int n = static_cast<int>(i + 1);
        out.push_back(make_fact(std::string(id) + "." + std::to_string(n), std::string(field), "", n, "",
                                body, items[i]));
      });
    }
  }

  void read_titled(std::string_view field, std::string_view id, std::vector<Fact>& out) {
    const RecordNode* node = list_node(field, false);
    if (node == nullptr) return;
    const auto& items = node->items(field);
    for (std::size_t i = 0; i < items.size(); ++i) {
      errors_.guard([&] {
        std::string path = indexed(field, i);
        reject_unknown_fields(items[i], {"title", "text"}, path, errors_);
        std::string title = required_text(items[i], "title", path);
        std::string body = required_text(items[i], "text", path);
        out.push_back(make_fact(std::string(id) + "." + text::slug(title), std::string(field), "",
                                static_cast<int>(i + 1), title, body, items[i]));
      });
    }
  }

  void read_responsibilities() {
    const RecordNode* node = list_node("responsibilities", false);
    if (node == nullptr) return;
    const auto& areas = node->items("responsibilities");
    for (std::size_t i = 0; i < areas.size(); ++i) {
      errors_.guard([&] {
        std::string path = indexed("responsibilities", i);
        reject_unknown_fields(areas[i], {"area", "items"}, path, errors_);
        std::string name = required_text(areas[i], "area", path);
        std::string area_slug = text::slug(name);
        ResponsibilityArea area;
        area.fact = make_fact("responsibility." + area_slug, "responsibilities", "", static_cast<int>(i + 1),
                              name, name, areas[i]);
        const RecordNode* items = areas[i].find("items");
        static const std::vector<RecordNode> none;
        const auto& list = items ? items->items(path + ".items") : none;
        for (std::size_t j = 0; j < list.size(); ++j) {
          int n = static_cast<int>(j + 1);
          area.items.push_back(make_fact(area.fact.key + "." + std::to_string(n), "responsibilities",
                                         area_slug, n, "", list[j].text(indexed(path + ".items", j)),
                                         list[j]));
        }
        career_.responsibilities.push_back(std::move(area));
      });
    }
  }

  void read_routes() {
    const RecordNode* node = list_node("routes", true);
    if (node == nullptr) return;
    const auto& routes = node->items("routes");
    for (std::size_t i = 0; i < routes.size(); ++i) {
      errors_.guard([&] {
        std::string path = indexed("routes", i);
        reject_unknown_fields(routes[i], {"name", "steps"}, path, errors_);
        Route route;
        route.number = static_cast<int>(i + 1);
        route.name = required_text(routes[i], "name", path);
        std::string key = "route." + std::to_string(route.number);
        route.fact = make_fact(key, "routes", "", route.number, route.name, route.name, routes[i]);
        const RecordNode* steps = routes[i].find("steps");
        static const std::vector<RecordNode> none;
        const auto& list = steps ? steps->items(path + ".steps") : none;
        // Reported, but the route is kept so the overlay's rules for it do not cascade into errors.
        if (list.empty())
          errors_.add(routes[i].file(), routes[i].line(),
                      "route '" + route.name + "' (" + path + ") has no steps: give it a 'steps:' list");
        for (std::size_t j = 0; j < list.size(); ++j) {
          errors_.guard([&] {
            std::string step_path = indexed(path + ".steps", j);
            reject_unknown_fields(list[j], {"text", "duration"}, step_path, errors_);
            RouteStep step;
            int n = static_cast<int>(j + 1);
            step.fact = make_fact(key + ".step." + std::to_string(n), "routes", key, n, "",
                                  required_text(list[j], "text", step_path), list[j]);
            if (const RecordNode* d = list[j].find("duration"); d != nullptr && !d->is_empty()) {
              try {
                step.duration = parse_duration(d->text(step_path + ".duration"));
              } catch (const std::invalid_argument& e) {
                // Reported; the step stays (duration unknown) so later checks do not cascade.
                errors_.add(d->file(), d->line(), "field '" + step_path + ".duration': " + e.what());
              }
            }
            route.steps.push_back(std::move(step));
          });
        }
        career_.routes.push_back(std::move(route));
      });
    }
  }

  void read_employers() {
    const RecordNode* node = root_.find("employers");
    if (node == nullptr || node->is_empty()) return;
    reject_unknown_fields(*node, {"india", "international"}, "employers", errors_);
    for (std::string_view region : {"india", "international"}) {
      const RecordNode* list = node->find(region);
      if (list == nullptr) continue;
      std::string field = "employers." + std::string(region);
      const auto& items = list->items(field);
      for (std::size_t i = 0; i < items.size(); ++i) {
        errors_.guard([&] {
          std::string path = indexed(field, i);
          reject_unknown_fields(items[i], {"name", "location"}, path, errors_);
          Employer e;
          e.region = std::string(region);
          e.name = required_text(items[i], "name", path);
          e.location = optional_text(items[i], "location", path);
          e.fact = make_fact("employer." + e.region + "." + text::slug(e.name), "employers", e.region,
                             static_cast<int>(i + 1), e.name, "", items[i]);
          career_.employers.push_back(std::move(e));
        });
      }
    }
  }

  void read_levels() {
    const RecordNode* node = list_node("career_levels", false);
    if (node == nullptr) return;
    const auto& items = node->items("career_levels");
    for (std::size_t i = 0; i < items.size(); ++i) {
      errors_.guard([&] {
        std::string path = indexed("career_levels", i);
        reject_unknown_fields(items[i], {"title", "description", "salary"}, path, errors_);
        CareerLevel level;
        level.title = required_text(items[i], "title", path);
        level.description = required_text(items[i], "description", path);
        if (const RecordNode* s = items[i].find("salary"); s != nullptr && !s->is_empty()) {
          try {
            level.salary_lpa = parse_salary(s->text(path + ".salary"));
          } catch (const std::invalid_argument& e) {
            errors_.add(s->file(), s->line(), "field '" + path + ".salary': " + e.what());
          }
        }
        level.fact = make_fact("level." + text::slug(level.title), "career_levels", "",
                               static_cast<int>(i + 1), level.title, level.description, items[i]);
        career_.levels.push_back(std::move(level));
      });
    }
  }

  const RecordNode& root_;
  ErrorList& errors_;
  std::span<const DeclaredSection> extra_;
  Career career_;
  std::map<std::string, std::size_t> lines_;  // fact id -> line, to report duplicates
};

}  // namespace

Career read_page_record(const RecordNode& root, ErrorList& errors, std::span<const DeclaredSection> extra) {
  if (!root.is_map()) {
    errors.add(root.file(), root.line(), "a page file is a block of 'key: value' fields (slug, name, ...)");
    return {};
  }
  return PageReader(root, errors, extra).read();
}

}  // namespace careerbot::knowledge
