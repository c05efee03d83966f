#include "intent/entities.hpp"

#include <re2/re2.h>

#include <algorithm>

#include "common/record_file.hpp"
#include "intent/normalizer.hpp"

namespace careerbot::intent {
namespace {

bool valid_name(const std::string& name) {
  if (name.empty() || name.front() < 'a' || name.front() > 'z') return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

// The highest $n a value template refers to (0 when none).
int highest_group(const std::string& value) {
  int highest = 0;
  for (std::size_t i = 0; i + 1 < value.size(); ++i)
    if (value[i] == '$' && value[i + 1] >= '1' && value[i + 1] <= '9')
      highest = std::max(highest, value[i + 1] - '0');
  return highest;
}

}  // namespace

std::vector<EntityDef> load_entities(const RecordNode& root) {
  for (const auto& [key, node] : root.entries("entities file"))
    if (key != "entities")
      root.key_node(key)->fail("unknown field '" + key + "' (this file has only 'entities')");
  std::vector<EntityDef> defs;
  const RecordNode* list = root.find("entities");
  if (list == nullptr) return defs;
  for (const RecordNode& item : list->items("entities")) {
    EntityDef def;
    def.file = item.file();
    def.line = item.line();
    for (const auto& [key, node] : item.entries("entity"))
      if (key != "name" && key != "values" && key != "description")
        item.key_node(key)->fail("unknown field '" + key + "' in an entity");
    const RecordNode& name = item.at("name");
    def.name = name.text("name");
    if (!valid_name(def.name)) name.fail("entity name '" + def.name + "' must be lower_snake_case");
    if (def.name == kCareerEntity) name.fail("'career' is built in: it comes from the careers' names");
    for (const EntityDef& other : defs)
      if (other.name == def.name)
        name.fail("duplicate entity '" + def.name + "' (first defined at line " + std::to_string(other.line) +
                  ")");
    const RecordNode& values = item.at("values");
    if (values.items("values").empty()) values.fail("entity '" + def.name + "' has no values");
    for (const RecordNode& v : values.items("values")) {
      EntityValue value;
      value.line = v.line();
      for (const auto& [key, node] : v.entries("entity value"))
        if (key != "value" && key != "patterns")
          v.key_node(key)->fail("unknown field '" + key + "' in an entity value");
      value.value = v.at("value").text("value");
      if (value.value.empty()) v.at("value").fail("empty entity value");
      const RecordNode& patterns = v.at("patterns");
      if (patterns.items("patterns").empty()) patterns.fail("value '" + value.value + "' has no patterns");
      for (const RecordNode& p : patterns.items("patterns")) {
        RE2::Options options;
        options.set_log_errors(false);
        const RE2 re(p.text("pattern"), options);
        if (!re.ok()) p.fail("pattern does not compile: " + re.error());
        if (highest_group(value.value) > re.NumberOfCapturingGroups())
          p.fail("value '" + value.value + "' uses a capture group this pattern does not have");
        value.patterns.push_back({p.text(), p.line()});
      }
      def.values.push_back(std::move(value));
    }
    defs.push_back(std::move(def));
  }
  return defs;
}

std::string expand_entity_value(const std::string& value, const RE2& re, std::string_view text) {
  constexpr int kMaxGroups = 10;
  re2::StringPiece groups[kMaxGroups];
  const int n = std::min(re.NumberOfCapturingGroups() + 1, kMaxGroups);
  if (!re.Match(re2::StringPiece(text.data(), text.size()), 0, text.size(), RE2::UNANCHORED, groups, n))
    return {};
  std::string out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i] == '$' && i + 1 < value.size() && value[i + 1] >= '1' && value[i + 1] <= '9') {
      const int g = value[i + 1] - '0';
      if (g < n) out.append(groups[g].data(), groups[g].size());
      ++i;
    } else {
      out.push_back(value[i]);
    }
  }
  return out;
}

CareerFinder::CareerFinder(const std::vector<CareerName>& careers, const Normalizer& normalizer) {
  for (std::size_t c = 0; c < careers.size(); ++c) {
    slugs_.push_back(careers[c].slug);
    for (const std::string& name : careers[c].names) {
      NormalizedText n = normalizer.normalize(name);
      if (n.stems.empty()) continue;
      auto& names = by_first_stem_[n.stems.front()];
      names.push_back({std::move(n.stems), c});
    }
  }
  for (auto& [first, names] : by_first_stem_)
    std::stable_sort(names.begin(), names.end(),
                     [](const Name& a, const Name& b) { return a.stems.size() > b.stems.size(); });
}

std::string_view CareerFinder::find(const std::vector<std::string>& stems) const {
  if (by_first_stem_.empty()) return {};
  for (std::size_t i = 0; i < stems.size(); ++i) {
    const auto it = by_first_stem_.find(stems[i]);
    if (it == by_first_stem_.end()) continue;
    for (const Name& name : it->second) {
      if (i + name.stems.size() > stems.size()) continue;
      if (std::equal(name.stems.begin(), name.stems.end(), stems.begin() + static_cast<std::ptrdiff_t>(i)))
        return slugs_[name.career];
    }
  }
  return {};
}

std::vector<std::string> CareerFinder::words(const std::vector<CareerName>& careers) {
  std::vector<std::string> out;
  for (const auto& c : careers)
    for (const auto& name : c.names)
      for (auto& w : Normalizer::surface_words(name)) out.push_back(std::move(w));
  return out;
}

}  // namespace careerbot::intent
