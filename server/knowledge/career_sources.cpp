#include "knowledge/career_sources.hpp"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

#include "common/record_file.hpp"
#include "knowledge/overlay_record.hpp"
#include "knowledge/page_record.hpp"
#include "knowledge/text.hpp"

namespace careerbot::knowledge {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kPageSuffix = ".page.yaml";
constexpr std::string_view kOverlaySuffix = ".overlay.yaml";

// FNV-1a: detects any change to the sources (not a security hash).
class ContentHash {
 public:
  void add(std::string_view bytes) {
    for (unsigned char c : bytes) {
      hash_ ^= c;
      hash_ *= 0x100000001b3ULL;
    }
    hash_ ^= 0xff;  // separates consecutive inputs
    hash_ *= 0x100000001b3ULL;
  }
  std::string hex() const {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out(16, '0');
    for (int i = 15, shift = 0; i >= 0; --i, shift += 4)
      out[static_cast<std::size_t>(i)] = kDigits[(hash_ >> shift) & 0xf];
    return out;
  }

 private:
  std::uint64_t hash_ = 0xcbf29ce484222325ULL;
};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string stem_of(const fs::path& p, std::string_view suffix) {
  std::string name = p.filename().string();
  return name.substr(0, name.size() - suffix.size());
}

}  // namespace

Career load_career(const std::string& page_path, const std::string& overlay_path, ErrorList& errors) {
  Career career;
  // The overlay first: it declares the sections the page has beyond the guide site's.
  std::optional<RecordDocument> overlay;
  std::vector<DeclaredSection> extra;
  errors.guard([&] {
    overlay.emplace(RecordDocument::load(overlay_path));
    extra = declared_sections(overlay->root(), errors);
  });
  bool page_read = errors.guard([&] {
    RecordDocument page = RecordDocument::load(page_path);
    career = read_page_record(page.root(), errors, extra);
  });
  if (page_read && overlay) errors.guard([&] { apply_overlay(overlay->root(), career, errors); });
  return career;
}

CareerSources load_career_sources(const std::vector<std::string>& career_dirs, ErrorList& errors) {
  CareerSources out;
  std::vector<fs::path> pages;
  for (const auto& dir : career_dirs) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
      errors.add(dir, 0, "not a directory of career sources");
      continue;
    }
    for (const auto& entry : fs::directory_iterator(dir)) {
      std::string name = entry.path().filename().string();
      if (name.ends_with(kPageSuffix)) {
        pages.push_back(entry.path());
      } else if (name.ends_with(kOverlaySuffix)) {
        fs::path page =
            entry.path().parent_path() / (stem_of(entry.path(), kOverlaySuffix) + std::string(kPageSuffix));
        if (!fs::exists(page))
          errors.add(entry.path().string(), 0,
                     "overlay without a page file (expected " + page.string() + ")");
      }
    }
  }
  std::sort(pages.begin(), pages.end());

  ContentHash hash;
  std::map<std::string, std::string> slug_owner, name_owner;  // slug / folded name -> page file
  for (const auto& page : pages) {
    std::string stem = stem_of(page, kPageSuffix);
    fs::path overlay = page.parent_path() / (stem + std::string(kOverlaySuffix));
    hash.add(page.filename().string());
    hash.add(read_file(page.string()));
    if (!fs::exists(overlay)) {
      errors.add(
          page.string(), 0,
          "missing overlay file " + overlay.string() + " (every career needs one: see knowledge/README.md)");
      continue;
    }
    hash.add(overlay.filename().string());
    hash.add(read_file(overlay.string()));

    std::size_t before = errors.size();
    Career career = load_career(page.string(), overlay.string(), errors);
    if (errors.size() != before) continue;
    if (career.slug != stem) {
      errors.add(page.string(), 1,
                 "field 'slug': '" + career.slug + "' does not match the file name (expected " + career.slug +
                     std::string(kPageSuffix) + ")");
      continue;
    }
    if (auto [it, inserted] = slug_owner.emplace(career.slug, page.string()); !inserted) {
      errors.add(page.string(), 1,
                 "field 'slug': duplicate slug '" + career.slug + "' (also in " + it->second + ")");
      continue;
    }
    std::vector<std::string> names{career.name};
    names.insert(names.end(), career.aliases.begin(), career.aliases.end());
    for (const auto& name : names) {
      auto [it, inserted] = name_owner.emplace(text::fold(name), page.string());
      if (!inserted && it->second != page.string())
        errors.add(overlay.string(), 0,
                   "field 'aliases': '" + name + "' already names the career in " + it->second);
    }
    out.careers.push_back(std::move(career));
  }
  std::sort(out.careers.begin(), out.careers.end(),
            [](const Career& a, const Career& b) { return a.slug < b.slug; });
  out.content_hash = hash.hex();
  return out;
}

}  // namespace careerbot::knowledge
