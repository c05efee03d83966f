#pragma once
// A JSON Schema (draft 2020-12) validator for the subset the content schemas use, applied to a parsed
// YAML content file (RecordNode). No Debian package validates JSON Schema in C++, and content needs
// little of it:
//
//   $schema $id $comment title description default examples markdownDescription   (annotations)
//   $defs, and $ref to "#/$defs/NAME"
//   type (string, number, integer, boolean, null, object, array, or a list of them)
//   properties, required, additionalProperties (false or a schema), propertyNames
//   items, minItems, maxItems, uniqueItems
//   enum, const, pattern (RE2 syntax), minLength, minimum, maximum
//   anyOf, oneOf
//
// Any other keyword makes the schema itself an error, so a schema never asks for a check that is
// silently skipped.
//
// Every YAML scalar is text (record_file.hpp): `type: string` accepts any single value, `number`
// and `integer` a value that reads as one, `boolean` exactly true or false. A missing value (`key:`)
// is `null`.
//
// Thread-safety: immutable after load; validate() may run on many threads at once.

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/record_file.hpp"

namespace re2 {
class RE2;
}

namespace careerbot {

class JsonSchema {
 public:
  // Reads a schema file. Throws ContentError naming the file (and the JSON pointer of the keyword)
  // for invalid JSON, an unsupported keyword, a pattern RE2 rejects or a $ref that goes nowhere.
  static JsonSchema load(const std::string& path);
  static JsonSchema parse(std::string_view json, std::string file);

  // Every place `node` breaks the schema, in file order, each at the line and column of the value
  // (of the key, for an unknown key) and saying what was expected. Empty when the node is valid.
  std::vector<ContentError> validate(const RecordNode& node) const;

  const std::string& file() const noexcept { return file_; }
  // The schema's `$id`, or "" when it has none.
  std::string id() const;

 private:
  class Checker;
  JsonSchema() = default;
  void check_schema(const nlohmann::json& schema, const std::string& pointer);

  std::string file_;
  nlohmann::json root_;
  // Compiled `pattern`s by their source text.
  std::map<std::string, std::shared_ptr<const re2::RE2>, std::less<>> patterns_;
};

}  // namespace careerbot
