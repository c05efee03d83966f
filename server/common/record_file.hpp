#pragma once
// The text format counsellors edit: knowledge sources, intents, lexicon, answer templates and flows
// all use it. It is a small, strict subset of YAML chosen so that every value keeps its line number
// for error messages:
//
//   key: value            a scalar; everything after ": " up to the end of the line, trimmed
//   key:                  followed by a more indented block: a map or a list
//   - value               a list item
//   - key: value          a list item that is a map; its further keys align with the first key
//   # comment             a whole-line comment (a '#' inside a value is kept)
//
// Keys are [a-z0-9_]+. Indentation is spaces only. A value written in double quotes keeps its inner
// text verbatim (use it for a value that starts with "- " or looks like "key: value").
// No anchors, flow style, multi-line scalars or escapes: what you see is what is stored.

#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace careerbot {

// A parse or content error that names the file, the line and what is wrong.
class ContentError : public std::runtime_error {
 public:
  ContentError(std::string file, std::size_t line, const std::string& message);
  const std::string& file() const noexcept { return file_; }
  std::size_t line() const noexcept { return line_; }
  const std::string& detail() const noexcept { return detail_; }

 private:
  std::string file_;
  std::size_t line_;
  std::string detail_;
};

// One node of a parsed record file. Maps keep their keys in file order.
class RecordNode {
 public:
  enum class Kind { empty, scalar, map, list };

  Kind kind() const noexcept { return kind_; }
  std::size_t line() const noexcept { return line_; }
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
  // The child under `key`; throws ContentError "missing required field 'key'" when absent.
  const RecordNode& at(std::string_view key) const;
  // The scalar under `key`, or `fallback` when the key is absent.
  std::string get(std::string_view key, std::string_view fallback = {}) const;

  // Throws ContentError at this node's line.
  [[noreturn]] void fail(const std::string& message) const;

 private:
  friend class RecordParser;
  Kind kind_ = Kind::empty;
  std::size_t line_ = 0;
  const std::string* file_ = nullptr;
  std::string scalar_;
  std::vector<RecordNode> list_;
  std::vector<std::pair<std::string, RecordNode>> map_;
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

  // Parses `text`; `file` is only used in error messages. Throws ContentError, including for
  // invalid UTF-8 and tab indentation.
  static RecordDocument parse(std::string_view text, std::string file);
  // Reads and parses a file; throws ContentError when it cannot be read.
  static RecordDocument load(const std::string& path);

 private:
  RecordDocument() = default;
  std::unique_ptr<std::string> file_;
  std::unique_ptr<RecordNode> root_;
};

}  // namespace careerbot
