#include "knowledge/page_importer.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <stdexcept>

#include "common/record_file.hpp"
#include "common/utf8.hpp"
#include "knowledge/guide_sections.hpp"
#include "knowledge/text.hpp"

namespace careerbot::knowledge {
namespace {

// Where lines go before the first heading, and after the heading that closes the guide.
constexpr std::string_view kPreamble = "";
constexpr std::string_view kPageEnd = "(end of the guide)";

// The section key a heading line opens (guide_sections.hpp), or nullopt for an ordinary line.
std::optional<std::string_view> heading_of(std::string_view line) {
  if (const GuideSection* section = section_with_heading(line)) return section->key;
  if (is_page_end_heading(line)) return kPageEnd;
  return std::nullopt;
}

// Site chrome above the overview: the share button and the interactive mind map.
bool is_site_chrome(std::string_view line) {
  std::string folded = text::fold(line);
  return folded.starts_with("share:") || folded.find("mind map") != std::string::npos ||
         folded == "nodes arranged in concentric circles";
}

bool ends_sentence(std::string_view line) {
  return line.ends_with('.') || line.ends_with('!') || line.ends_with('?');
}

bool is_route_name(std::string_view line) {
  return line.starts_with("Route ") && text::is_number(line.substr(6));
}

bool is_salary(std::string_view line) {
  return line.ends_with("LPA");
}

void append(std::string& to, std::string_view more) {
  if (!to.empty()) to += ' ';
  to += more;
}

// Splits the page into cleaned, non-empty lines per section, dropping repeated headings and the
// bulleted duplicate of the responsibilities.
struct SectionedPage {
  std::string name;
  std::vector<std::pair<std::string_view, std::vector<std::string>>> sections;  // by section key

  const std::vector<std::string>* lines(std::string_view key) const {
    for (const auto& [section, lines] : sections)
      if (section == key) return &lines;
    return nullptr;
  }
};

SectionedPage split_sections(std::string_view page) {
  SectionedPage out;
  out.sections.push_back({kPreamble, {}});
  std::vector<std::string_view> seen;
  std::size_t start = 0;
  while (start <= page.size()) {
    std::size_t end = page.find('\n', start);
    if (end == std::string_view::npos) end = page.size();
    std::string line = text::clean(page.substr(start, end - start));
    start = end + 1;
    if (!line.empty() && !line.starts_with("\xE2\x80\xA2")) {  // "•": the bulleted duplicate
      if (out.name.empty()) {
        out.name = line;
      } else if (auto section = heading_of(line)) {
        if (std::find(seen.begin(), seen.end(), *section) == seen.end()) {
          seen.push_back(*section);
          out.sections.push_back({*section, {}});
        }
      } else if (out.sections.back().first != kPageEnd) {
        out.sections.back().second.push_back(line);
      }
    }
    if (end == page.size()) break;
  }
  // Each section block opens with an emoji and the career's name: decoration.
  for (auto& [section, lines] : out.sections) {
    std::size_t skip = 0;
    while (skip < lines.size() && (text::is_symbols_only(lines[skip]) || lines[skip] == out.name)) ++skip;
    lines.erase(lines.begin(), lines.begin() + static_cast<std::ptrdiff_t>(skip));
  }
  return out;
}

void read_overview(const SectionedPage& sp, ImportedPage& page) {
  if (const auto* lines = sp.lines("overview")) page.overview = *lines;
  // The intro paragraph above the overview heading repeats its first paragraph: keep it once.
  std::vector<std::string> intro;
  if (const auto* lines = sp.lines(kPreamble))
    for (const auto& line : *lines)
      if (!is_site_chrome(line) && !text::is_symbols_only(line) &&
          std::find(page.overview.begin(), page.overview.end(), line) == page.overview.end())
        intro.push_back(line);
  page.overview.insert(page.overview.begin(), intro.begin(), intro.end());
}

void read_responsibilities(const std::vector<std::string>& lines, ImportedPage& page) {
  for (const auto& line : lines) {
    if (ends_sentence(line) && !page.responsibilities.empty()) {
      page.responsibilities.back().items.push_back(line);
    } else if (!ends_sentence(line)) {
      page.responsibilities.push_back({line, {}});
    }
  }
}

// A route is "Route N" then steps: an emoji, the step number, its text, and an optional duration.
void read_routes(const std::vector<std::string>& lines, ImportedPage& page) {
  bool expecting_text = false;
  for (const auto& line : lines) {
    if (is_route_name(line)) {
      page.routes.push_back({line, {}});
      expecting_text = false;
    } else if (text::is_symbols_only(line)) {
      continue;
    } else if (text::is_number(line) && !page.routes.empty()) {
      page.routes.back().steps.push_back({});
      expecting_text = true;
    } else if (text::strip_leading_symbols(line) != line) {
      page.destination = std::string(text::strip_leading_symbols(line));  // "🎯 <destination>"
      expecting_text = false;
    } else if (!page.routes.empty() && !page.routes.back().steps.empty()) {
      auto& step = page.routes.back().steps.back();
      append(expecting_text ? step.text : step.duration, line);
      expecting_text = false;
    }
  }
}

// Numbered items: the number on its own line, then the item's lines.
std::vector<std::vector<std::string>> numbered_items(const std::vector<std::string>& lines) {
  std::vector<std::vector<std::string>> items;
  for (const auto& line : lines) {
    if (text::is_number(line))
      items.emplace_back();
    else if (!items.empty() && !text::is_symbols_only(line))
      items.back().push_back(line);
  }
  return items;
}

std::string joined(const std::vector<std::string>& lines, std::size_t from = 0) {
  std::string out;
  for (std::size_t i = from; i < lines.size(); ++i) append(out, lines[i]);
  return out;
}

void read_academic(const std::vector<std::string>& lines, ImportedPage& page) {
  for (const auto& item : numbered_items(lines))
    if (!item.empty()) page.academic_points.push_back({item[0], joined(item, 1)});
}

std::vector<std::string> numbered_texts(const std::vector<std::string>& lines) {
  std::vector<std::string> out;
  for (const auto& item : numbered_items(lines))
    if (!item.empty()) out.push_back(joined(item));
  return out;
}

// Each course follows an emoji marker; the block's sub-heading comes before the first marker.
void read_courses(const std::vector<std::string>& lines, ImportedPage& page) {
  bool started = false;
  for (const auto& line : lines) {
    if (text::is_symbols_only(line))
      started = true;
    else if (started)
      page.courses.push_back(line);
  }
}

// "Name, City" under "🇮🇳 India" or "🌍 International"; the name may itself hold ", ".
void read_employers(const std::vector<std::string>& lines, ImportedPage& page) {
  std::vector<ImportedPage::Employer>* region = nullptr;
  for (const auto& line : lines) {
    std::string_view bare = text::strip_leading_symbols(line);
    if (bare == "India")
      region = &page.employers_india;
    else if (bare == "International")
      region = &page.employers_international;
    else if (region != nullptr && !text::is_symbols_only(line)) {
      std::size_t comma = line.rfind(", ");
      if (comma == std::string::npos)
        region->push_back({line, {}});
      else
        region->push_back({line.substr(0, comma), line.substr(comma + 2)});
    }
  }
}

// Numbered "Title: text" trends, then the career levels: title (repeated), description, salary.
void read_trends_and_levels(const std::vector<std::string>& lines, ImportedPage& page) {
  std::size_t i = 0;
  while (i + 1 < lines.size() && text::is_number(lines[i])) {
    const std::string& trend = lines[i + 1];
    std::size_t colon = trend.find(": ");
    if (colon == std::string::npos)
      page.trends.push_back({trend, trend});
    else
      page.trends.push_back({trend.substr(0, colon), trend.substr(colon + 2)});
    i += 2;
  }
  std::vector<std::string> block;
  auto flush = [&](std::string salary) {
    if (block.empty()) return;
    ImportedPage::Level level{block[0], {}, std::move(salary)};
    std::size_t from = (block.size() > 1 && block[1] == block[0]) ? 2 : 1;
    level.description = joined(block, from);
    page.levels.push_back(std::move(level));
    block.clear();
  };
  for (; i < lines.size(); ++i) {
    if (is_salary(lines[i]))
      flush(lines[i]);
    else if (!text::is_symbols_only(lines[i]))
      block.push_back(lines[i]);
  }
  flush({});
}

class Writer {
 public:
  void field(int indent, std::string_view key, std::string_view value) {
    if (value.empty()) return;
    line(indent, std::string(key) + ": " + yaml_scalar(value));
  }
  void open(int indent, std::string_view key) { line(indent, std::string(key) + ":"); }
  void item(int indent, std::string_view value) { line(indent, "- " + yaml_scalar(value)); }
  // "- key: value": the first field of a list item that is a map.
  void item_field(int indent, std::string_view key, std::string_view value) {
    line(indent, "- " + std::string(key) + ": " + yaml_scalar(value));
  }
  void list(int indent, std::string_view key, const std::vector<std::string>& values) {
    if (values.empty()) return;
    open(indent, key);
    for (const auto& v : values) item(indent + 2, v);
  }
  std::string take() { return std::move(out_); }

 private:
  void line(int indent, const std::string& content) {
    out_.append(static_cast<std::size_t>(indent), ' ');
    out_ += content;
    out_ += '\n';
  }
  std::string out_;
};

void write_titled(Writer& w, std::string_view key, const std::vector<ImportedPage::Titled>& items) {
  if (items.empty()) return;
  w.open(0, key);
  for (const auto& t : items) {
    w.item_field(2, "title", t.title);
    w.field(4, "text", t.text);
  }
}

void write_employers(Writer& w, std::string_view region, const std::vector<ImportedPage::Employer>& list) {
  if (list.empty()) return;
  w.open(2, region);
  for (const auto& e : list) {
    w.item_field(4, "name", e.name);
    w.field(6, "location", e.location);
  }
}

}  // namespace

ImportedPage parse_page(std::string_view page_text) {
  if (auto bad = utf8::first_invalid(page_text))
    throw std::invalid_argument("the page is not valid UTF-8 (byte " + std::to_string(*bad) + ")");
  // Control characters (other than tab and line breaks) are copy-and-paste debris, and YAML cannot
  // hold them as text: they become spaces.
  std::string cleaned(page_text);
  for (char& c : cleaned)
    if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') c = ' ';
  SectionedPage sp = split_sections(cleaned);
  if (sp.name.empty())
    throw std::invalid_argument("the page is empty: its first line must be the career's name");
  ImportedPage page;
  page.name = sp.name;
  page.slug = text::slug(sp.name);
  read_overview(sp, page);
  static const std::vector<std::string> none;
  auto lines = [&](std::string_view key) -> const std::vector<std::string>& {
    const auto* found = sp.lines(key);
    return found ? *found : none;
  };
  // Each section as the site lays it out (the keys are guide_sections.hpp's).
  read_responsibilities(lines("responsibilities"), page);
  read_routes(lines("routes"), page);  // also the destination line
  read_academic(lines("academic_points"), page);
  page.internships = numbered_texts(lines("internships"));
  read_courses(lines("courses"), page);
  read_employers(lines("employers"), page);
  page.advice = numbered_texts(lines("advice"));
  page.final_message = joined(lines("final_message"));
  read_trends_and_levels(lines("trends"), page);  // also the career levels
  return page;
}

std::string render_page(const ImportedPage& page) {
  Writer w;
  std::string header =
      "# yaml-language-server: $schema=../schemas/page.schema.json\n"
      "# Generated by `careerbot-kb import-page` from the career's page of the guide site.\n"
      "# Do not edit: re-import the page instead. Corrections, aliases, tags and route rules go in\n"
      "# " +
      page.slug + ".overlay.yaml beside this file (see knowledge/README.md).\n";
  w.field(0, "slug", page.slug);
  w.field(0, "name", page.name);
  w.list(0, "overview", page.overview);
  if (!page.responsibilities.empty()) {
    w.open(0, "responsibilities");
    for (const auto& area : page.responsibilities) {
      w.item_field(2, "area", area.name);
      w.list(4, "items", area.items);
    }
  }
  if (!page.routes.empty()) {
    w.open(0, "routes");
    for (const auto& route : page.routes) {
      w.item_field(2, "name", route.name);
      if (route.steps.empty()) continue;
      w.open(4, "steps");
      for (const auto& step : route.steps) {
        w.item_field(6, "text", step.text);
        w.field(8, "duration", step.duration);
      }
    }
  }
  w.field(0, "destination", page.destination);
  write_titled(w, "academic_points", page.academic_points);
  w.list(0, "internships", page.internships);
  w.list(0, "courses", page.courses);
  if (!page.employers_india.empty() || !page.employers_international.empty()) {
    w.open(0, "employers");
    write_employers(w, "india", page.employers_india);
    write_employers(w, "international", page.employers_international);
  }
  w.list(0, "advice", page.advice);
  w.field(0, "final_message", page.final_message);
  write_titled(w, "trends", page.trends);
  if (!page.levels.empty()) {
    w.open(0, "career_levels");
    for (const auto& level : page.levels) {
      w.item_field(2, "title", level.title);
      w.field(4, "description", level.description);
      w.field(4, "salary", level.salary);
    }
  }
  return header + w.take();
}

std::string import_page(std::string_view page_text) {
  return render_page(parse_page(page_text));
}

}  // namespace careerbot::knowledge
