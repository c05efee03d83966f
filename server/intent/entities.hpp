#pragma once
// Entities: named values pulled out of a message (intents/entities.yaml), plus the built-in `career`
// entity found from the careers' names.
//
//   entities:
//     - name: education
//       values:
//         - value: class12             a fixed value ...
//           patterns:                  RE2 patterns on the normalised text
//             - \bclass12\b
//     - name: years_experience
//       values:
//         - value: $1                  ... or $1..$9: the pattern's capture group
//           patterns:
//             - \b(\d{1,2}) years?\b
//
// When several values of one entity match, the first in file order wins. Entity names and values
// are data: the engine knows none of them.
//
// Thread-safety: all types here are immutable after construction and safe to share.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "intent/string_hash.hpp"

namespace re2 {
class RE2;
}

namespace careerbot {
class RecordNode;
}

namespace careerbot::intent {

class Normalizer;

// The name of the built-in entity filled from the careers list.
inline constexpr std::string_view kCareerEntity = "career";

struct EntityPattern {
  std::string source;
  std::size_t line = 0;
};

struct EntityValue {
  std::string value;  // fixed text, or a template with $1..$9
  std::vector<EntityPattern> patterns;
  std::size_t line = 0;
};

struct EntityDef {
  std::string name;
  std::vector<EntityValue> values;
  std::string file;
  std::size_t line = 0;
};

// Reads an entities document. Throws ContentError (file:line) for a bad or duplicate name, the
// reserved name "career", a value without patterns, a pattern RE2 rejects (with RE2's message) or a
// $n beyond the pattern's capture groups.
std::vector<EntityDef> load_entities(const RecordNode& root);

// `value` with $1..$9 replaced by `re`'s capture groups on `text`; empty when `re` does not match.
std::string expand_entity_value(const std::string& value, const re2::RE2& re, std::string_view text);

// A career the matcher can recognise by any of its names ("Machine Learning Specialist", "ML engineer").
struct CareerName {
  std::string slug;
  std::vector<std::string> names;
};

// Finds career names in a normalised message: names are compared stem by stem after the same
// normalisation as messages (so plurals and lexicon synonyms match), the longest name wins.
class CareerFinder {
 public:
  CareerFinder() = default;
  CareerFinder(const std::vector<CareerName>& careers, const Normalizer& normalizer);

  // The slug of the first (longest at its position) career name in `stems`, or empty.
  std::string_view find(const std::vector<std::string>& stems) const;
  // Every word of every name, for the spelling vocabulary.
  static std::vector<std::string> words(const std::vector<CareerName>& careers);

 private:
  struct Name {
    std::vector<std::string> stems;
    std::size_t career;
  };
  std::vector<std::string> slugs_;
  StringMap<std::vector<Name>> by_first_stem_;  // longest first
};

}  // namespace careerbot::intent
