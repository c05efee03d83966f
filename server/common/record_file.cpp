#include "common/record_file.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <optional>
#include <sstream>
#include <tuple>

#include "common/concat.hpp"
#include "common/utf8.hpp"

namespace careerbot {

namespace {

std::string where(const std::string& file, std::size_t line, std::size_t column) {
  if (column == 0) return concat(file, ":", std::to_string(line));
  return concat(file, ":", std::to_string(line), ":", std::to_string(column));
}

}  // namespace

ContentError::ContentError(std::string file, std::size_t line, const std::string& message)
    : ContentError(std::move(file), line, 0, message) {}

ContentError::ContentError(std::string file, std::size_t line, std::size_t column, const std::string& message)
    : std::runtime_error(where(file, line, column) + ": " + message),
      file_(std::move(file)),
      line_(line),
      column_(column),
      detail_(message) {}

namespace {

std::string_view describe(RecordNode::Kind kind) {
  switch (kind) {
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

}  // namespace

const std::string& RecordNode::text(std::string_view what) const {
  if (kind_ != Kind::scalar)
    fail(std::string(what) + ": expected a single value, found " + std::string(describe(kind_)));
  return scalar_;
}

const std::vector<RecordNode>& RecordNode::items(std::string_view what) const {
  static const std::vector<RecordNode> none;
  if (kind_ == Kind::empty) return none;
  if (kind_ != Kind::list)
    fail(std::string(what) + ": expected a list of '- ' items, found " + std::string(describe(kind_)));
  return list_;
}

const std::vector<std::pair<std::string, RecordNode>>& RecordNode::entries(std::string_view what) const {
  static const std::vector<std::pair<std::string, RecordNode>> none;
  if (kind_ == Kind::empty) return none;
  if (kind_ != Kind::map)
    fail(std::string(what) + ": expected 'key: value' lines, found " + std::string(describe(kind_)));
  return map_;
}

const RecordNode* RecordNode::find(std::string_view key) const noexcept {
  if (kind_ != Kind::map) return nullptr;
  for (const auto& [k, v] : map_)
    if (k == key) return &v;
  return nullptr;
}

const RecordNode* RecordNode::key_node(std::string_view key) const noexcept {
  if (kind_ != Kind::map) return nullptr;
  for (std::size_t i = 0; i < map_.size(); ++i)
    if (map_[i].first == key) return &keys_[i];
  return nullptr;
}

const RecordNode& RecordNode::at(std::string_view key) const {
  if (kind_ != Kind::map)
    fail("expected 'key: value' lines with field '" + std::string(key) + "', found " +
         std::string(describe(kind_)));
  const RecordNode* child = find(key);
  if (child == nullptr) fail("missing required field '" + std::string(key) + "'");
  return *child;
}

std::string RecordNode::get(std::string_view key, std::string_view fallback) const {
  const RecordNode* child = find(key);
  if (child == nullptr || child->is_empty()) return std::string(fallback);
  return child->text(key);
}

ContentError RecordNode::error(const std::string& message) const {
  return ContentError(file_ ? *file_ : std::string("<text>"), line_, column_, message);
}

void RecordNode::fail(const std::string& message) const {
  throw error(message);
}

namespace {

// Line and character column (both 1-based) of byte offsets in one text.
class Positions {
 public:
  explicit Positions(std::string_view text) : text_(text) {
    starts_.push_back(0);
    for (std::size_t i = 0; i < text.size(); ++i)
      if (text[i] == '\n') starts_.push_back(i + 1);
  }

  std::pair<std::size_t, std::size_t> at(std::size_t offset) const {
    offset = std::min(offset, text_.size());
    const auto line = static_cast<std::size_t>(std::upper_bound(starts_.begin(), starts_.end(), offset) -
                                               starts_.begin());  // 1-based
    std::size_t column = 1;
    for (std::size_t i = starts_[line - 1]; i < offset; ++i)
      if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++column;  // count characters, not bytes
    return {line, column};
  }

  // The byte offset of a line and character column from at().
  std::size_t offset(std::size_t line, std::size_t column) const {
    if (line == 0 || line > starts_.size()) return text_.size();
    std::size_t i = starts_[line - 1];
    for (std::size_t seen = 1; i < text_.size(); ++i) {
      if ((static_cast<unsigned char>(text_[i]) & 0xC0) == 0x80) continue;
      if (seen++ == column) break;
    }
    return i;
  }

  std::string_view text() const noexcept { return text_; }

  std::pair<std::size_t, std::size_t> at(const YAML::Mark& mark) const {
    if (mark.is_null() || mark.pos < 0) return {1, 0};
    return at(static_cast<std::size_t>(mark.pos));
  }

 private:
  std::string_view text_;
  std::vector<std::size_t> starts_;
};

// yaml-cpp's messages, said the way a counsellor can act on them.
std::string explain(const std::string& message) {
  struct Hint {
    std::string_view starts;
    std::string_view text;
  };
  static constexpr std::array<Hint, 10> kHints{{
      {"illegal map value",
       "unexpected ':' here: a value that holds ': ' or ends with ':' must be in quotes, and a 'key:' must "
       "start its own line"},
      {"end of map not found",
       "expected another 'key: value' line at the indentation of the lines above (check this line's "
       "indentation)"},
      {"end of sequence not found",
       "expected another '- ' item at the indentation of the items above (check this line's indentation)"},
      {"illegal block entry",
       "unexpected '- ' item: a list goes on its own lines under its 'key:', and a value that starts with "
       "'- ' must be in quotes"},
      {"unknown escape character",
       "unknown escape in a \"double-quoted\" value: write regular expressions and backslashes plain or in "
       "'single quotes'"},
      {"end of sequence flow not found",
       "expected ']': a value that starts with '[' is a YAML list; put the value in quotes"},
      {"end of map flow not found",
       "expected '}': a value that starts with '{' is a YAML map; put the value in quotes"},
      {"illegal EOF in scalar", "a quoted value is not closed: expected its closing quote"},
      {"illegal map key", "unexpected '?' here: a value that starts with '? ' must be in quotes"},
      {"illegal tab", "indent with spaces, not tabs"},
  }};
  for (const Hint& hint : kHints)
    if (message.starts_with(hint.starts)) return std::string(hint.text) + " (YAML: " + message + ")";
  return "invalid YAML: " + message;
}

}  // namespace

// Builds the RecordNode tree from yaml-cpp's parse events.
class RecordBuilder : public YAML::EventHandler {
 public:
  RecordBuilder(const std::string* file, const Positions& positions) : file_(file), positions_(positions) {}

  RecordNode take_root() {
    if (root_) return std::move(*root_);
    RecordNode empty = make(RecordNode::Kind::empty, {});
    empty.line_ = 1;
    empty.column_ = 1;
    return empty;
  }

  void OnDocumentStart(const YAML::Mark& mark) override {
    if (++documents_ > 1) fail(mark, "expected one YAML document per file, found a second ('---')");
  }
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    check_anchor(mark, anchor);
    attach(make(RecordNode::Kind::empty, mark));
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
    fail(mark, "aliases ('*name') are not used in content files: write the value out");
  }

  void OnAnchor(const YAML::Mark& mark, const std::string&) override {
    fail(mark, "anchors ('&name') are not used in content files: write the value out");
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    check_anchor(mark, anchor);
    check_tag(mark, tag);
    check_text(mark, value);
    RecordNode node = make(RecordNode::Kind::scalar, mark);
    node.scalar_ = value;
    attach(std::move(node));
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    check_anchor(mark, anchor);
    check_tag(mark, tag);
    open_.push_back({make(RecordNode::Kind::list, mark), std::nullopt});
  }
  void OnSequenceEnd() override { close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    check_anchor(mark, anchor);
    check_tag(mark, tag);
    open_.push_back({make(RecordNode::Kind::map, mark), std::nullopt});
  }
  void OnMapEnd() override { close(); }

 private:
  struct Open {
    RecordNode node;
    std::optional<RecordNode> key;  // a map's key waiting for its value
  };

  RecordNode make(RecordNode::Kind kind, const YAML::Mark& mark) const {
    RecordNode node;
    node.kind_ = kind;
    node.file_ = file_;
    std::tie(node.line_, node.column_) = positions_.at(mark);
    return node;
  }

  [[noreturn]] void fail(const YAML::Mark& mark, const std::string& message) const {
    const auto [line, column] = positions_.at(mark);
    throw ContentError(*file_, line, column, message);
  }

  void check_anchor(const YAML::Mark& mark, YAML::anchor_t anchor) const {
    if (anchor != YAML::NullAnchor)
      fail(mark, "anchors ('&name') are not used in content files: write the value out");
  }

  // "?" is a plain value's tag, "!" a quoted one's; anything else was written ("!!str", "!x").
  void check_tag(const YAML::Mark& mark, const std::string& tag) const {
    if (!tag.empty() && tag != "?" && tag != "!")
      fail(mark, "tags ('!" + tag + "') are not used in content files: every value is read as text");
  }

  // yaml-cpp places an empty list item ("-" alone) at the next token; move it back to its dash.
  void place_at_dash(RecordNode& node) const {
    const std::string_view text = positions_.text();
    std::size_t i = positions_.offset(node.line_, node.column_);
    while (i > 0 && (text[i - 1] == ' ' || text[i - 1] == '\n' || text[i - 1] == '\r')) --i;
    if (i > 0 && text[i - 1] == '-') std::tie(node.line_, node.column_) = positions_.at(i - 1);
  }

  // Only a "double-quoted" escape makes a control character, and content never wants one: "\b" in a
  // double-quoted regular expression is a backspace, not a word boundary.
  void check_text(const YAML::Mark& mark, const std::string& value) const {
    for (const char c : value) {
      const auto byte = static_cast<unsigned char>(c);
      if (byte >= 0x20 || c == '\t' || c == '\n') continue;
      fail(mark, std::string("this value holds a control character") +
                     (c == '\b' ? " ('\\b' in double quotes is a backspace)" : "") +
                     ": write regular expressions and backslashes plain or in 'single quotes'");
    }
  }

  void close() {
    RecordNode node = std::move(open_.back().node);
    open_.pop_back();
    attach(std::move(node));
  }

  void attach(RecordNode node) {
    if (open_.empty()) {
      root_ = std::move(node);
      return;
    }
    Open& parent = open_.back();
    if (parent.node.kind_ == RecordNode::Kind::list) {
      if (node.kind_ == RecordNode::Kind::empty) place_at_dash(node);
      parent.node.list_.push_back(std::move(node));
      return;
    }
    if (!parent.key) {
      if (node.kind_ != RecordNode::Kind::scalar)
        node.fail("expected a key (a word followed by ':'), found " + std::string(describe(node.kind_)));
      if (const RecordNode* first = parent.node.key_node(node.scalar_))
        node.fail("duplicate key '" + node.scalar_ + "' (first at line " + std::to_string(first->line_) +
                  ")");
      parent.key = std::move(node);
      return;
    }
    if (node.kind_ == RecordNode::Kind::empty) {  // "key:" with no value sits at its key
      node.line_ = parent.key->line_;
      node.column_ = parent.key->column_;
    }
    parent.node.map_.emplace_back(parent.key->scalar_, std::move(node));
    parent.node.keys_.push_back(std::move(*parent.key));
    parent.key.reset();
  }

  const std::string* file_;
  const Positions& positions_;
  std::vector<Open> open_;
  std::optional<RecordNode> root_;
  int documents_ = 0;
};

RecordDocument RecordDocument::parse(std::string_view text, std::string file) {
  RecordDocument doc;
  doc.file_ = std::make_unique<std::string>(std::move(file));
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // tolerate a byte-order mark
  const Positions positions(text);
  if (auto bad = utf8::first_invalid(text)) {
    const auto [line, column] = positions.at(*bad);
    throw ContentError(*doc.file_, line, column, "invalid UTF-8 at byte " + std::to_string(*bad));
  }
  if (const auto nul = text.find('\0'); nul != std::string_view::npos) {
    const auto [line, column] = positions.at(nul);
    throw ContentError(*doc.file_, line, column, "unexpected NUL byte: content files are UTF-8 text");
  }
  // YAML refuses tabs in indentation too, but with a message that does not say so.
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::size_t first = text.find_first_not_of(' ', start);
    if (first < end && text[first] == '\t') {
      const auto [line, column] = positions.at(first);
      throw ContentError(*doc.file_, line, column, "indent with spaces, not tabs");
    }
    start = end + 1;
  }

  std::istringstream in{std::string(text)};
  RecordBuilder builder(doc.file_.get(), positions);
  try {
    YAML::Parser parser(in);
    while (parser.HandleNextDocument(builder)) {
    }
  } catch (const YAML::Exception& e) {
    const auto [line, column] = positions.at(e.mark);
    throw ContentError(*doc.file_, line, column, explain(e.msg));
  }
  doc.root_ = std::make_unique<RecordNode>(builder.take_root());
  return doc;
}

RecordDocument RecordDocument::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ContentError(path, 0, "cannot read the file");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return parse(buffer.str(), path);
}

namespace {

bool is_null_word(std::string_view text) {
  return text == "~" || text == "null" || text == "Null" || text == "NULL";
}

// Characters a plain or single-quoted scalar cannot carry as themselves: C0 controls (but tab), DEL,
// and the C1 next-line, line and paragraph separators and byte-order mark some readers treat specially.
bool needs_escapes(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && c != '\t') || c == 0x7F) return true;
    const std::string_view rest = text.substr(i);
    if (rest.starts_with("\xC2\x85") || rest.starts_with("\xE2\x80\xA8") ||
        rest.starts_with("\xE2\x80\xA9") || rest.starts_with("\xEF\xBB\xBF"))
      return true;
  }
  return false;
}

bool plain_is_safe(std::string_view text) {
  if (text.empty() || is_null_word(text)) return false;
  constexpr std::string_view kIndicators = "-?:,[]{}#&*!|>'\"%@`";
  if (kIndicators.find(text.front()) != std::string_view::npos) return false;
  const auto blank = [](char c) { return c == ' ' || c == '\t'; };
  if (blank(text.front()) || blank(text.back()) || text.back() == ':') return false;
  if (text.starts_with("...")) return false;
  for (std::size_t i = 0; i + 1 < text.size(); ++i) {
    if (text[i] == ':' && blank(text[i + 1])) return false;
    if (blank(text[i]) && text[i + 1] == '#') return false;
  }
  return !needs_escapes(text);
}

std::string double_quoted(std::string_view text) {
  std::string out = "\"";
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    const std::string_view rest = text.substr(i);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if ((c < 0x20 && c != '\t') || c == 0x7F) {
      static constexpr char kDigits[] = "0123456789abcdef";
      out += "\\x";
      out += kDigits[c >> 4];
      out += kDigits[c & 0xF];
    } else if (rest.starts_with("\xC2\x85")) {
      out += "\\N";
      ++i;
    } else if (rest.starts_with("\xE2\x80\xA8") || rest.starts_with("\xE2\x80\xA9") ||
               rest.starts_with("\xEF\xBB\xBF")) {
      out += rest.starts_with("\xE2\x80\xA8") ? "\\L" : rest.starts_with("\xE2\x80\xA9") ? "\\P" : "\\ufeff";
      i += 2;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

}  // namespace

std::string yaml_scalar(std::string_view text) {
  if (plain_is_safe(text)) return std::string(text);
  if (needs_escapes(text)) return double_quoted(text);
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

}  // namespace careerbot
