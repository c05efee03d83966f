#include "common/json_schema.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include "common/utf8.hpp"

namespace careerbot {
namespace {

using nlohmann::json;

// Keywords this validator understands; anything else in a schema is refused.
const std::set<std::string, std::less<>>& known_keywords() {
  static const std::set<std::string, std::less<>> keywords{"$schema",
                                                           "$id",
                                                           "$comment",
                                                           "$defs",
                                                           "$ref",
                                                           "title",
                                                           "description",
                                                           "default",
                                                           "examples",
                                                           "type",
                                                           "properties",
                                                           "required",
                                                           "additionalProperties",
                                                           "propertyNames",
                                                           "items",
                                                           "minItems",
                                                           "maxItems",
                                                           "uniqueItems",
                                                           "enum",
                                                           "const",
                                                           "pattern",
                                                           "minLength",
                                                           "minimum",
                                                           "maximum",
                                                           "anyOf",
                                                           "oneOf",
                                                           "markdownDescription"};
  return keywords;
}

bool parse_number(const std::string& text, double& value) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size() && std::isfinite(value);
}

bool is_integer(const std::string& text) {
  const std::size_t start = !text.empty() && (text[0] == '-' || text[0] == '+') ? 1 : 0;
  return text.size() > start && text.find_first_not_of("0123456789", start) == std::string::npos;
}

// True when `node` is of JSON Schema type `type`, reading every scalar as YAML text.
bool has_type(const RecordNode& node, std::string_view type) {
  switch (node.kind()) {
    case RecordNode::Kind::empty:
      return type == "null";
    case RecordNode::Kind::map:
      return type == "object";
    case RecordNode::Kind::list:
      return type == "array";
    case RecordNode::Kind::scalar: {
      const std::string& text = node.text();
      double number = 0;
      if (type == "string") return true;
      if (type == "number") return parse_number(text, number);
      if (type == "integer") return is_integer(text);
      if (type == "boolean") return text == "true" || text == "false";
      return false;
    }
  }
  return false;
}

std::string_view found(const RecordNode& node) {
  switch (node.kind()) {
    case RecordNode::Kind::empty:
      return "nothing";
    case RecordNode::Kind::scalar:
      return "a single value";
    case RecordNode::Kind::map:
      return "'key: value' lines";
    case RecordNode::Kind::list:
      return "a list of '- ' items";
  }
  return "something else";
}

std::string expected_type(std::string_view type) {
  if (type == "string") return "a single value";
  if (type == "number") return "a number";
  if (type == "integer") return "a whole number";
  if (type == "boolean") return "true or false";
  if (type == "null") return "nothing";
  if (type == "object") return "'key: value' lines";
  if (type == "array") return "a list of '- ' items";
  return std::string(type);
}

std::vector<std::string> types_of(const json& schema) {
  std::vector<std::string> types;
  const auto it = schema.find("type");
  if (it == schema.end()) return types;
  if (it->is_string()) types.push_back(it->get<std::string>());
  if (it->is_array())
    for (const json& t : *it) types.push_back(t.get<std::string>());
  return types;
}

// A JSON value as the YAML text that would equal it ("true", "3", "word").
std::string as_text(const json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

bool equals(const RecordNode& node, const json& value) {
  if (value.is_null()) return node.is_empty();
  return node.is_scalar() && node.text() == as_text(value);
}

std::string join(const std::vector<std::string>& words, std::string_view separator = ", ") {
  std::string out;
  for (const std::string& word : words) {
    if (!out.empty()) out += separator;
    out += word;
  }
  return out;
}

std::string child_path(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

}  // namespace

// One validation run: walks the node and the schema together and collects errors.
class JsonSchema::Checker {
 public:
  explicit Checker(const JsonSchema& owner) : owner_(owner) {}

  std::vector<ContentError> take() { return std::move(errors_); }

  void check(const json& schema, const RecordNode& node, const std::string& path) {
    if (schema.is_boolean()) {
      if (!schema.get<bool>()) add(node, path, "nothing is allowed here");
      return;
    }
    if (const auto ref = schema.find("$ref"); ref != schema.end()) check(resolve(*ref), node, path);
    if (!check_type(schema, node, path)) return;  // the other checks would only repeat it
    check_value(schema, node, path);
    if (node.is_map()) check_object(schema, node, path);
    if (node.is_list()) check_array(schema, node, path);
    check_alternatives(schema, node, path);
  }

 private:
  const json& resolve(const json& ref) const {
    const std::string target = ref.get<std::string>();
    return owner_.root_.at(json::json_pointer(target.substr(1)));  // "#/$defs/x"; checked at load
  }

  // The schema after following a bare {"$ref": ...}, for reading its type and title.
  const json& follow(const json& schema) const {
    const json* s = &schema;
    while (s->is_object() && s->contains("$ref") && !s->contains("type")) s = &resolve(s->at("$ref"));
    return *s;
  }

  void add(const RecordNode& at, const std::string& path, const std::string& message) {
    errors_.push_back(at.error(path.empty() ? message : path + ": " + message));
  }

  static std::string named(const json& schema) {
    const auto title = schema.find("title");
    return title != schema.end() && title->is_string() ? " (" + title->get<std::string>() + ")" : "";
  }

  bool check_type(const json& schema, const RecordNode& node, const std::string& path) {
    const std::vector<std::string> types = types_of(schema);
    if (types.empty()) return true;
    for (const std::string& type : types)
      if (has_type(node, type)) return true;
    std::vector<std::string> wanted;
    for (const std::string& type : types) wanted.push_back(expected_type(type));
    add(node, path,
        "expected " + join(wanted, " or ") + named(schema) + ", found " + std::string(found(node)));
    return false;
  }

  void check_value(const json& schema, const RecordNode& node, const std::string& path) {
    if (const auto values = schema.find("enum"); values != schema.end()) {
      const bool listed =
          std::any_of(values->begin(), values->end(), [&](const json& v) { return equals(node, v); });
      if (!listed) {
        std::vector<std::string> allowed;
        for (const json& v : *values) allowed.push_back(as_text(v));
        add(node, path,
            "'" + (node.is_scalar() ? node.text() : std::string()) + "' is not one of: " + join(allowed));
      }
    }
    if (const auto value = schema.find("const"); value != schema.end() && !equals(node, *value))
      add(node, path, "expected '" + as_text(*value) + "'");
    if (!node.is_scalar()) return;
    const std::string& text = node.text();
    if (const auto min = schema.find("minLength");
        min != schema.end() && utf8::length(text) < min->get<std::size_t>())
      add(node, path,
          text.empty() ? "must not be empty"
                       : "must be at least " + std::to_string(min->get<std::size_t>()) + " characters long");
    if (const auto pattern = schema.find("pattern"); pattern != schema.end()) {
      const auto it = owner_.patterns_.find(pattern->get<std::string>());
      if (!RE2::PartialMatch(text, *it->second)) {
        const auto description = schema.find("description");
        add(node, path,
            "'" + text + "' does not match " + pattern->get<std::string>() +
                (description != schema.end() ? " (" + description->get<std::string>() + ")" : ""));
      }
    }
    double number = 0;
    if (parse_number(text, number)) {
      if (const auto min = schema.find("minimum"); min != schema.end() && number < min->get<double>())
        add(node, path, "must be at least " + min->dump());
      if (const auto max = schema.find("maximum"); max != schema.end() && number > max->get<double>())
        add(node, path, "must be at most " + max->dump());
    }
  }

  void check_object(const json& schema, const RecordNode& node, const std::string& path) {
    const auto properties = schema.find("properties");
    const auto additional = schema.find("additionalProperties");
    const auto names = schema.find("propertyNames");
    for (const auto& [key, value] : node.entries()) {
      const RecordNode& key_node = *node.key_node(key);
      if (names != schema.end()) check(*names, key_node, path);
      if (properties != schema.end() && properties->contains(key)) {
        check(properties->at(key), value, child_path(path, key));
      } else if (additional != schema.end()) {
        if (additional->is_boolean() && !additional->get<bool>()) {
          std::vector<std::string> allowed;
          if (properties != schema.end())
            for (const auto& [name, unused] : properties->items()) allowed.push_back(name);
          add(key_node, path,
              "unknown key '" + key + "'" + named(schema) +
                  (allowed.empty() ? std::string("; no keys are allowed here")
                                   : "; expected one of: " + join(allowed)));
        } else {
          check(*additional, value, child_path(path, key));
        }
      }
    }
    if (const auto required = schema.find("required"); required != schema.end())
      for (const json& key : *required)
        if (node.find(key.get<std::string>()) == nullptr)
          add(node, path, "missing required key '" + key.get<std::string>() + "'" + named(schema));
  }

  void check_array(const json& schema, const RecordNode& node, const std::string& path) {
    const auto& items = node.items();
    if (const auto min = schema.find("minItems");
        min != schema.end() && items.size() < min->get<std::size_t>())
      add(node, path, "expected at least " + min->dump() + " item(s), found " + std::to_string(items.size()));
    if (const auto max = schema.find("maxItems");
        max != schema.end() && items.size() > max->get<std::size_t>())
      add(node, path, "expected at most " + max->dump() + " item(s), found " + std::to_string(items.size()));
    if (const auto each = schema.find("items"); each != schema.end())
      for (std::size_t i = 0; i < items.size(); ++i)
        check(*each, items[i], path + "[" + std::to_string(i) + "]");
    if (const auto unique = schema.find("uniqueItems"); unique != schema.end() && unique->get<bool>()) {
      std::map<std::string, std::size_t> seen;
      for (const RecordNode& item : items) {
        if (!item.is_scalar()) continue;
        const auto [it, inserted] = seen.emplace(item.text(), item.line());
        if (!inserted)
          add(item, path,
              "'" + item.text() + "' is listed twice (first at line " + std::to_string(it->second) + ")");
      }
    }
  }

  // anyOf: at least one alternative fits; oneOf: exactly one. When none fits, the errors of the
  // alternative whose type fits the node say more than a list of every alternative.
  void check_alternatives(const json& schema, const RecordNode& node, const std::string& path) {
    for (const char* keyword : {"anyOf", "oneOf"}) {
      const auto alternatives = schema.find(keyword);
      if (alternatives == schema.end()) continue;
      std::vector<std::vector<ContentError>> results;
      std::size_t fitting = 0;
      for (const json& alternative : *alternatives) {
        Checker inner(owner_);
        inner.check(alternative, node, path);
        results.push_back(inner.take());
        if (results.back().empty()) ++fitting;
      }
      if (fitting == 1 || (fitting > 1 && std::string_view(keyword) == "anyOf")) continue;
      if (fitting > 1) {
        add(node, path, "fits more than one of the alternatives" + named(schema));
        continue;
      }
      std::vector<std::size_t> typed;
      std::vector<std::string> wanted;
      for (std::size_t i = 0; i < alternatives->size(); ++i) {
        const json& alternative = follow(alternatives->at(i));
        const std::vector<std::string> types = types_of(alternative);
        if (std::any_of(types.begin(), types.end(), [&](const std::string& t) { return has_type(node, t); }))
          typed.push_back(i);
        for (const std::string& type : types) wanted.push_back(expected_type(type) + named(alternative));
        if (const auto value = alternative.find("const"); types.empty() && value != alternative.end())
          wanted.push_back("'" + as_text(*value) + "'");
      }
      if (typed.size() == 1) {
        for (ContentError& error : results[typed.front()]) errors_.push_back(std::move(error));
      } else {
        add(node, path, "expected " + join(wanted, " or ") + ", found " + std::string(found(node)));
      }
    }
  }

  const JsonSchema& owner_;
  std::vector<ContentError> errors_;
};

JsonSchema JsonSchema::parse(std::string_view text, std::string file) {
  JsonSchema schema;
  schema.file_ = std::move(file);
  try {
    schema.root_ = json::parse(text);
  } catch (const json::parse_error& e) {
    throw ContentError(schema.file_, 0, std::string("invalid JSON: ") + e.what());
  }
  schema.check_schema(schema.root_, "");
  return schema;
}

JsonSchema JsonSchema::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ContentError(path, 0, "cannot read the schema");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return parse(buffer.str(), path);
}

std::string JsonSchema::id() const {
  const auto it = root_.find("$id");
  return it != root_.end() && it->is_string() ? it->get<std::string>() : std::string();
}

void JsonSchema::check_schema(const json& schema, const std::string& pointer) {
  const auto fail = [&](const std::string& message) {
    throw ContentError(file_, 0, (pointer.empty() ? "/" : pointer) + ": " + message);
  };
  if (schema.is_boolean()) return;
  if (!schema.is_object()) fail("a schema is an object or true/false");
  for (const auto& [keyword, value] : schema.items()) {
    if (!known_keywords().contains(keyword)) fail("unsupported keyword '" + keyword + "'");
    const std::string at = pointer + "/" + keyword;
    if (keyword == "$defs" || keyword == "properties") {
      for (const auto& [name, sub] : value.items()) check_schema(sub, at + "/" + name);
    } else if (keyword == "items" || keyword == "additionalProperties" || keyword == "propertyNames") {
      check_schema(value, at);
    } else if (keyword == "anyOf" || keyword == "oneOf") {
      if (!value.is_array() || value.empty()) fail(keyword + " must be a non-empty list of schemas");
      for (std::size_t i = 0; i < value.size(); ++i) check_schema(value[i], at + "/" + std::to_string(i));
    } else if (keyword == "$ref") {
      const std::string target = value.is_string() ? value.get<std::string>() : std::string();
      if (!target.starts_with("#/") || !root_.contains(json::json_pointer(target.substr(1))))
        fail("$ref '" + target + "' must point into this file (\"#/$defs/NAME\")");
    } else if (keyword == "pattern") {
      if (!value.is_string()) fail("pattern must be a string");
      RE2::Options options;
      options.set_log_errors(false);
      options.set_never_capture(true);
      auto re = std::make_shared<const RE2>(value.get<std::string>(), options);
      if (!re->ok()) fail("pattern does not compile: " + re->error());
      patterns_.emplace(value.get<std::string>(), std::move(re));
    } else if (keyword == "type") {
      static const std::set<std::string, std::less<>> kTypes{"string", "number", "integer", "boolean",
                                                             "null",   "object", "array"};
      std::vector<json> types = value.is_array() ? value.get<std::vector<json>>() : std::vector<json>{value};
      for (const json& type : types)
        if (!type.is_string() || !kTypes.contains(type.get<std::string>()))
          fail("unknown type " + type.dump());
    } else if (keyword == "required") {
      if (!value.is_array()) fail("required must be a list of key names");
    } else if (keyword == "enum") {
      if (!value.is_array() || value.empty()) fail("enum must be a non-empty list");
    } else if (keyword == "minItems" || keyword == "maxItems" || keyword == "minLength") {
      if (!value.is_number_unsigned()) fail(keyword + " must be a whole number");
    } else if (keyword == "minimum" || keyword == "maximum") {
      if (!value.is_number()) fail(keyword + " must be a number");
    } else if (keyword == "uniqueItems") {
      if (!value.is_boolean()) fail("uniqueItems must be true or false");
    }
  }
}

std::vector<ContentError> JsonSchema::validate(const RecordNode& node) const {
  Checker checker(*this);
  checker.check(root_, node, "");
  std::vector<ContentError> errors = checker.take();
  std::stable_sort(errors.begin(), errors.end(), [](const ContentError& a, const ContentError& b) {
    return std::pair(a.line(), a.column()) < std::pair(b.line(), b.column());
  });
  return errors;
}

}  // namespace careerbot
