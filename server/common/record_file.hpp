#pragma once
// Content files counsellors edit (knowledge sources, intents, lexicon, answer templates, flows,
// conversation tests, deployment settings) are YAML 1.2, read with yaml-cpp into a small tree that
// keeps every node's line and column for error messages:
//
//   key: value            a map entry; keys keep their file order
//   key:                  followed by a more indented block (a map or a list), or nothing (empty)
//   - value               a list item; "- key: value" starts an item that is a map
//   # comment             a comment, also after a value ("key: value  # comment")
//
// Every scalar is read as text, exactly as YAML 1.2 defines its value: `yes`, `1.5` and `null`
// written in quotes or not are strings to the loaders, except that an unquoted `~`/`null` or a
// missing value is an empty node. Quote a value that holds ": " or " #", or starts with one of
// - ? : , [ ] { } # & * ! | > ' " % @ `. In "double quotes" a backslash starts an escape (\n, \");
// write regular expressions plain or in 'single quotes' (where '' is one quote).
// Refused: duplicate keys, keys that are not single values, anchors and aliases, tags, more than one
// document, tab indentation, invalid UTF-8 and control characters in values (other than tab and line
// feed; "\b" in double quotes would be a backspace).

#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace careerbot {

// A parse or content error that names the file, the line (and column when known) and what is wrong:
// what() is "file:line:column: message" ("file:line: message" without a column).
class ContentError : public std::runtime_error {
 public:
  ContentError(std::string file, std::size_t line, const std::string& message);
  ContentError(std::string file, std::size_t line, std::size_t column, const std::string& message);
  const std::string& file() const noexcept { return file_; }
  std::size_t line() const noexcept { return line_; }
  std::size_t column() const noexcept { return column_; }  // 0 when unknown
  const std::string& detail() const noexcept { return detail_; }

 private:
  std::string file_;
  std::size_t line_;
  std::size_t column_;
  std::string detail_;
};

// One node of a parsed content file. Maps keep their keys in file order.
class RecordNode {
 public:
  enum class Kind { empty, scalar, map, list };

  Kind kind() const noexcept { return kind_; }
  // Where the node starts (1-based; the column counts characters). An empty value sits at its key.
  std::size_t line() const noexcept { return line_; }
  std::size_t column() const noexcept { return column_; }
  const std::string& file() const noexcept { return *file_; }

  bool is_scalar() const noexcept { return kind_ == Kind::scalar; }
  bool is_map() const noexcept { return kind_ == Kind::map; }
  bool is_list() const noexcept { return kind_ == Kind::list; }
  bool is_empty() const noexcept { return kind_ == Kind::empty; }

  // The scalar text; throws ContentError naming `what` when this is not a scalar.
  const std::string& text(std::string_view what = "value") const;
  // List items; an empty node reads as an empty list. Throws when this is a map or scalar.
  const std::vector<RecordNode>& items(std::string_view what = "list") const;
  // Map entries in file order; an empty node reads as an empty map.
  const std::vector<std::pair<std::string, RecordNode>>& entries(std::string_view what = "map") const;

  // The child under `key`, or nullptr. Only valid on maps (returns nullptr otherwise).
  const RecordNode* find(std::string_view key) const noexcept;
  // The key itself as a scalar node (its position, for errors about the key), or nullptr.
  const RecordNode* key_node(std::string_view key) const noexcept;
  // The child under `key`; throws ContentError "missing required field 'key'" when absent.
  const RecordNode& at(std::string_view key) const;
  // The scalar under `key`, or `fallback` when the key is absent.
  std::string get(std::string_view key, std::string_view fallback = {}) const;

  // A ContentError at this node's line and column; fail() throws it.
  ContentError error(const std::string& message) const;
  [[noreturn]] void fail(const std::string& message) const;

 private:
  friend class RecordBuilder;
  Kind kind_ = Kind::empty;
  std::size_t line_ = 0;
  std::size_t column_ = 0;
  const std::string* file_ = nullptr;
  std::string scalar_;
  std::vector<RecordNode> list_;
  std::vector<std::pair<std::string, RecordNode>> map_;
  std::vector<RecordNode> keys_;  // map keys as scalar nodes, parallel to map_
};

// A parsed file: owns the file name every node refers to. Move-only so node pointers stay valid.
class RecordDocument {
 public:
  RecordDocument(const RecordDocument&) = delete;
  RecordDocument& operator=(const RecordDocument&) = delete;
  RecordDocument(RecordDocument&&) noexcept = default;
  RecordDocument& operator=(RecordDocument&&) noexcept = default;

  const RecordNode& root() const noexcept { return *root_; }
  const std::string& file() const noexcept { return *file_; }

  // Parses YAML `text`; `file` is only used in error messages. Throws ContentError (file:line:column
  // and what was expected) for invalid YAML, invalid UTF-8, tab indentation, duplicate keys and the
  // YAML features content does not use. An empty text gives an empty root.
  static RecordDocument parse(std::string_view text, std::string file);
  // Reads and parses a file; throws ContentError when it cannot be read.
  static RecordDocument load(const std::string& path);

 private:
  RecordDocument() = default;
  std::unique_ptr<std::string> file_;
  std::unique_ptr<RecordNode> root_;
};

// `text` written as a YAML scalar that reads back as exactly `text`: plain when that is safe, else in
// single quotes (double quotes, with escapes, for line breaks). `text` must hold no control character
// but tab and line feed: parse() refuses them.
std::string yaml_scalar(std::string_view text);

}  // namespace careerbot
