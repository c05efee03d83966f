#include "common/json_schema.hpp"

#include <gtest/gtest.h>

using namespace careerbot;

namespace {

// An intent-like schema that uses most of the supported subset.
constexpr std::string_view kSchema = R"({
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "test.schema.json",
  "title": "intents file",
  "type": "object",
  "additionalProperties": false,
  "required": ["intents"],
  "properties": {
    "intents": {
      "description": "the intents",
      "type": "array",
      "minItems": 1,
      "items": {"$ref": "#/$defs/intent"}
    }
  },
  "$defs": {
    "intent": {
      "title": "intent",
      "type": "object",
      "additionalProperties": false,
      "required": ["name"],
      "properties": {
        "name": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$", "description": "lower_snake_case"},
        "pattern_weight": {"type": "number", "minimum": 0, "maximum": 100},
        "general": {"type": "boolean"},
        "sets_route": {"type": "integer"},
        "role": {"enum": ["affirm", "deny"]},
        "answer": {"type": "string", "minLength": 1},
        "note": {"type": ["string", "null"]},
        "words": {"type": "array", "items": {"type": "string"}, "uniqueItems": true, "maxItems": 3},
        "lines": {
          "type": "array",
          "items": {"anyOf": [
            {"type": "string", "title": "a line of text"},
            {"type": "object", "title": "a conditional line", "additionalProperties": false,
             "required": ["if", "text"],
             "properties": {"if": {"type": "string"}, "text": {"type": "string"}}}
          ]}
        },
        "kind": {"oneOf": [{"const": "a"}, {"const": "b"}, {"type": "integer"}]}
      }
    }
  }
})";

std::vector<std::string> errors_of(std::string_view yaml) {
  const JsonSchema schema = JsonSchema::parse(kSchema, "test.schema.json");
  const RecordDocument doc = RecordDocument::parse(yaml, "file.yaml");
  std::vector<std::string> out;
  for (const ContentError& e : schema.validate(doc.root())) out.push_back(e.what());
  return out;
}

std::string schema_error(std::string_view json) {
  try {
    (void)JsonSchema::parse(json, "bad.schema.json");
  } catch (const ContentError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST(JsonSchema, AcceptsAValidFile) {
  EXPECT_EQ(errors_of("intents:\n"
                      "  - name: greeting\n"
                      "    pattern_weight: 2.5\n"
                      "    general: true\n"
                      "    sets_route: \"3\"\n"
                      "    role: affirm\n"
                      "    note:\n"
                      "    words: [a, b]\n"
                      "    lines:\n"
                      "      - plain\n"
                      "      - if: entity:route\n"
                      "        text: conditional\n"
                      "    kind: 7\n"),
            std::vector<std::string>{});
}

TEST(JsonSchema, UnknownKeyNamesItsPlaceAndTheAllowedKeys) {
  const auto errors = errors_of(
      "intents:\n"
      "  - name: greeting\n"
      "    folow_up: greetings\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0],
            "file.yaml:3:5: intents[0]: unknown key 'folow_up' (intent); expected one of: answer, general, "
            "kind, lines, name, note, pattern_weight, role, sets_route, words");
}

TEST(JsonSchema, MissingRequiredKeyAndWrongShape) {
  EXPECT_EQ(
      errors_of("other: 1\n"),
      (std::vector<std::string>{"file.yaml:1:1: unknown key 'other' (intents file); expected one of: intents",
                                "file.yaml:1:1: missing required key 'intents' (intents file)"}));
  EXPECT_EQ(errors_of("intents: one\n"),
            std::vector<std::string>{
                "file.yaml:1:10: intents: expected a list of '- ' items, found a single value"});
  EXPECT_EQ(errors_of("intents:\n  - note: x\n"),
            std::vector<std::string>{"file.yaml:2:5: intents[0]: missing required key 'name' (intent)"});
  EXPECT_EQ(errors_of("intents: []\n"),
            std::vector<std::string>{"file.yaml:1:10: intents: expected at least 1 item(s), found 0"});
}

TEST(JsonSchema, ScalarTypesReadTheText) {
  const auto errors = errors_of(
      "intents:\n"
      "  - name: Greeting\n"
      "    pattern_weight: heavy\n"
      "    general: yes\n"
      "    sets_route: 1.5\n"
      "    role: maybe\n"
      "    answer: ''\n"
      "    note: [x]\n");
  ASSERT_EQ(errors.size(), 7u);
  EXPECT_EQ(
      errors[0],
      "file.yaml:2:11: intents[0].name: 'Greeting' does not match ^[a-z][a-z0-9_]*$ (lower_snake_case)");
  EXPECT_EQ(errors[1], "file.yaml:3:21: intents[0].pattern_weight: expected a number, found a single value");
  EXPECT_EQ(errors[2], "file.yaml:4:14: intents[0].general: expected true or false, found a single value");
  EXPECT_EQ(errors[3],
            "file.yaml:5:17: intents[0].sets_route: expected a whole number, found a single value");
  EXPECT_EQ(errors[4], "file.yaml:6:11: intents[0].role: 'maybe' is not one of: affirm, deny");
  EXPECT_EQ(errors[5], "file.yaml:7:13: intents[0].answer: must not be empty");
  EXPECT_EQ(
      errors[6],
      "file.yaml:8:11: intents[0].note: expected a single value or nothing, found a list of '- ' items");
}

TEST(JsonSchema, NumberBoundsAndListLimits) {
  EXPECT_EQ(errors_of("intents:\n  - name: a\n    pattern_weight: 101\n"),
            std::vector<std::string>{"file.yaml:3:21: intents[0].pattern_weight: must be at most 100"});
  EXPECT_EQ(
      errors_of("intents:\n  - name: a\n    words: [x, y, x, z]\n"),
      (std::vector<std::string>{"file.yaml:3:12: intents[0].words: expected at most 3 item(s), found 4",
                                "file.yaml:3:19: intents[0].words: 'x' is listed twice (first at line 3)"}));
}

TEST(JsonSchema, AlternativesReportTheOneWhoseTypeFits) {
  // A map line fits only the conditional alternative: its own error, not a list of alternatives.
  EXPECT_EQ(
      errors_of("intents:\n  - name: a\n    lines:\n      - if: x\n        txt: y\n"),
      (std::vector<std::string>{
          "file.yaml:4:9: intents[0].lines[0]: missing required key 'text' (a conditional line)",
          "file.yaml:5:9: intents[0].lines[0]: unknown key 'txt' (a conditional line); expected one of: if, "
          "text"}));
  EXPECT_EQ(errors_of("intents:\n  - name: a\n    lines:\n      - [x]\n"),
            std::vector<std::string>{
                "file.yaml:4:9: intents[0].lines[0]: expected a single value (a line of "
                "text) or 'key: value' lines (a conditional line), found a list of '- ' items"});
  // oneOf: "7" fits only the integer, "c" fits none, so the alternatives are named.
  EXPECT_EQ(
      errors_of("intents:\n  - name: a\n    kind: c\n"),
      std::vector<std::string>{
          "file.yaml:3:11: intents[0].kind: expected 'a' or 'b' or a whole number, found a single value"});
}

TEST(JsonSchema, RefusesWhatItCannotCheck) {
  EXPECT_NE(schema_error(R"({"type": "object", "patternProperties": {}})")
                .find("unsupported keyword 'patternProperties'"),
            std::string::npos);
  EXPECT_NE(schema_error(R"({"$ref": "#/$defs/missing"})").find("$ref '#/$defs/missing'"), std::string::npos);
  EXPECT_NE(schema_error(R"({"properties": {"a": {"pattern": "("}}})")
                .find("/properties/a: pattern does not compile"),
            std::string::npos);
  EXPECT_NE(schema_error(R"({"type": "text"})").find("unknown type \"text\""), std::string::npos);
  EXPECT_NE(schema_error("{not json").find("invalid JSON"), std::string::npos);
  EXPECT_EQ(schema_error(R"({"$id": "x", "type": "object"})"), "no error");
}
