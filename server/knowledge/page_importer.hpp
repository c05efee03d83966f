#pragma once
// The page importer: turns the text of one career page of the guide site (as copied from the
// browser) into the career's `<slug>.page.yaml` YAML file. It finds the sections by the site's
// headings (shared by every career page), drops decoration (emoji-only lines, "Share :", the mind map,
// repeated headings, the bulleted duplicate of the responsibilities) and cleans whitespace, but never
// changes wording. Stateless; thread-safe.

#include <string>
#include <string_view>
#include <vector>

namespace careerbot::knowledge {

// What the importer read from a page, before it is written as YAML.
struct ImportedPage {
  struct Area {
    std::string name;
    std::vector<std::string> items;
  };
  struct Step {
    std::string text, duration;  // duration empty when the page gives none
  };
  struct Route {
    std::string name;
    std::vector<Step> steps;
  };
  struct Titled {
    std::string title, text;
  };
  struct Employer {
    std::string name, location;
  };
  struct Level {
    std::string title, description, salary;
  };

  std::string slug, name;
  std::vector<std::string> overview;
  std::vector<Area> responsibilities;
  std::vector<Route> routes;
  std::string destination;
  std::vector<Titled> academic_points;
  std::vector<std::string> internships, courses;
  std::vector<Employer> employers_india, employers_international;
  std::vector<std::string> advice;
  std::string final_message;
  std::vector<Titled> trends;
  std::vector<Level> levels;
};

// Reads a page. Throws std::invalid_argument when the text is not valid UTF-8 or has no title line.
// Sections the page lacks stay empty (the builder reports missing required ones).
ImportedPage parse_page(std::string_view page_text);

// Writes the YAML text (with a header saying it is generated). Deterministic.
std::string render_page(const ImportedPage& page);

// parse_page then render_page.
std::string import_page(std::string_view page_text);

}  // namespace careerbot::knowledge
