#include "common/record_file.hpp"

#include <fstream>
#include <sstream>

#include "common/utf8.hpp"

namespace careerbot {

ContentError::ContentError(std::string file, std::size_t line, const std::string& message)
    : std::runtime_error(file + ":" + std::to_string(line) + ": " + message),
      file_(std::move(file)),
      line_(line),
      detail_(message) {}

const std::string& RecordNode::text(std::string_view what) const {
  if (kind_ != Kind::scalar) fail(std::string(what) + " must be a single value");
  return scalar_;
}

const std::vector<RecordNode>& RecordNode::items(std::string_view what) const {
  static const std::vector<RecordNode> none;
  if (kind_ == Kind::empty) return none;
  if (kind_ != Kind::list) fail(std::string(what) + " must be a list of '- ' items");
  return list_;
}

const std::vector<std::pair<std::string, RecordNode>>& RecordNode::entries(std::string_view what) const {
  static const std::vector<std::pair<std::string, RecordNode>> none;
  if (kind_ == Kind::empty) return none;
  if (kind_ != Kind::map) fail(std::string(what) + " must be a block of 'key: value' lines");
  return map_;
}

const RecordNode* RecordNode::find(std::string_view key) const noexcept {
  if (kind_ != Kind::map) return nullptr;
  for (const auto& [k, v] : map_)
    if (k == key) return &v;
  return nullptr;
}

const RecordNode& RecordNode::at(std::string_view key) const {
  if (kind_ != Kind::map) fail("expected a block with field '" + std::string(key) + "'");
  const RecordNode* child = find(key);
  if (child == nullptr) fail("missing required field '" + std::string(key) + "'");
  return *child;
}

std::string RecordNode::get(std::string_view key, std::string_view fallback) const {
  const RecordNode* child = find(key);
  if (child == nullptr || child->is_empty()) return std::string(fallback);
  return child->text(key);
}

void RecordNode::fail(const std::string& message) const {
  throw ContentError(file_ ? *file_ : std::string("<text>"), line_, message);
}

namespace {

struct Line {
  std::size_t number;
  std::size_t indent;
  std::string content;  // without indentation and trailing spaces
};

bool is_key_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

// Splits "key: value" / "key:" when the line starts with a valid key. Returns false otherwise.
bool split_key(std::string_view content, std::string& key, std::string& value) {
  std::size_t i = 0;
  while (i < content.size() && is_key_char(content[i])) ++i;
  if (i == 0 || i >= content.size() || content[i] != ':') return false;
  if (i + 1 < content.size() && content[i + 1] != ' ') return false;
  key.assign(content.substr(0, i));
  std::string_view rest = content.substr(i + 1);
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  value.assign(rest);
  return true;
}

std::string unquote(std::string value) {
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
    return value.substr(1, value.size() - 2);
  return value;
}

}  // namespace

class RecordParser {
 public:
  RecordParser(std::vector<Line> lines, const std::string* file) : lines_(std::move(lines)), file_(file) {}

  RecordNode parse_document() {
    RecordNode root = make(RecordNode::Kind::empty, lines_.empty() ? 1 : lines_.front().number);
    if (pos_ < lines_.size()) {
      if (lines_[pos_].indent != 0) error(lines_[pos_], "the first line must not be indented");
      root = parse_block(0);
    }
    if (pos_ < lines_.size()) error(lines_[pos_], "unexpected indentation");
    return root;
  }

 private:
  RecordNode make(RecordNode::Kind kind, std::size_t line) const {
    RecordNode node;
    node.kind_ = kind;
    node.line_ = line;
    node.file_ = file_;
    return node;
  }

  [[noreturn]] void error(const Line& line, const std::string& message) const {
    throw ContentError(*file_, line.number, message);
  }

  static bool is_item(const Line& line) { return line.content == "-" || line.content.starts_with("- "); }

  // Parses the block whose lines sit at exactly `indent`.
  RecordNode parse_block(std::size_t indent) {
    return is_item(lines_[pos_]) ? parse_list(indent) : parse_map(indent);
  }

  // `inside_map`: the list sits at its key's indentation, so a 'key:' line ends it.
  RecordNode parse_list(std::size_t indent, bool inside_map = false) {
    RecordNode list = make(RecordNode::Kind::list, lines_[pos_].number);
    while (pos_ < lines_.size() && lines_[pos_].indent == indent) {
      Line& line = lines_[pos_];
      if (inside_map && !is_item(line)) break;
      if (!is_item(line))
        error(line, "expected a '- ' list item here (a list cannot mix with 'key: value' lines)");
      std::string rest = line.content.size() > 2 ? line.content.substr(2) : std::string();
      std::string key, value;
      if (split_key(rest, key, value)) {
        // "- key: value": re-read this line as the first line of a map indented past the dash.
        line.indent = indent + 2;
        line.content = rest;
        list.list_.push_back(parse_map(indent + 2));
      } else if (rest.empty()) {
        ++pos_;
        list.list_.push_back(parse_nested(line, indent));
      } else {
        list.list_.push_back(scalar(line.number, rest));
        ++pos_;
      }
    }
    return list;
  }

  RecordNode parse_map(std::size_t indent) {
    RecordNode map = make(RecordNode::Kind::map, lines_[pos_].number);
    while (pos_ < lines_.size() && lines_[pos_].indent == indent) {
      const Line& line = lines_[pos_];
      std::string key, value;
      if (is_item(line)) error(line, "unexpected '- ' item: a list must be indented under its 'key:'");
      if (!split_key(line.content, key, value))
        error(line, "expected 'key: value' (keys are lower-case letters, digits and '_')");
      for (const auto& entry : map.map_)
        if (entry.first == key) error(line, "duplicate field '" + key + "'");
      ++pos_;
      if (value.empty()) {
        map.map_.emplace_back(key, parse_nested(line, indent));
      } else {
        map.map_.emplace_back(key, scalar(line.number, value));
      }
    }
    return map;
  }

  // The block under a "key:" or "-" line: more indented lines, or an empty node.
  RecordNode parse_nested(const Line& owner, std::size_t owner_indent) {
    if (pos_ < lines_.size() && lines_[pos_].indent > owner_indent) {
      return parse_block(lines_[pos_].indent);
    }
    // YAML allows a list at the same indentation as its key; accept it for lists only.
    if (pos_ < lines_.size() && lines_[pos_].indent == owner_indent && is_item(lines_[pos_]) &&
        !is_item(owner)) {
      return parse_list(owner_indent, true);
    }
    return make(RecordNode::Kind::empty, owner.number);
  }

  RecordNode scalar(std::size_t line, const std::string& value) const {
    RecordNode node = make(RecordNode::Kind::scalar, line);
    node.scalar_ = unquote(value);
    return node;
  }

  std::vector<Line> lines_;
  const std::string* file_;
  std::size_t pos_ = 0;
};

RecordDocument RecordDocument::parse(std::string_view text, std::string file) {
  RecordDocument doc;
  doc.file_ = std::make_unique<std::string>(std::move(file));
  if (auto bad = utf8::first_invalid(text)) {
    std::size_t line = 1;
    for (std::size_t i = 0; i < *bad; ++i)
      if (text[i] == '\n') ++line;
    throw ContentError(*doc.file_, line, "invalid UTF-8 at byte " + std::to_string(*bad));
  }
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // tolerate a byte-order mark

  std::vector<Line> lines;
  std::size_t number = 0;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view raw = text.substr(start, end - start);
    ++number;
    start = end + 1;
    while (!raw.empty() && (raw.back() == '\r' || raw.back() == ' ')) raw.remove_suffix(1);
    std::size_t indent = 0;
    while (indent < raw.size() && raw[indent] == ' ') ++indent;
    if (indent < raw.size() && raw[indent] == '\t')
      throw ContentError(*doc.file_, number, "indent with spaces, not tabs");
    std::string_view content = raw.substr(indent);
    if (content.empty() || content.front() == '#') continue;
    lines.push_back({number, indent, std::string(content)});
    if (end == text.size()) break;
  }
  RecordParser parser(std::move(lines), doc.file_.get());
  doc.root_ = std::make_unique<RecordNode>(parser.parse_document());
  return doc;
}

RecordDocument RecordDocument::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ContentError(path, 0, "cannot read the file");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return parse(buffer.str(), path);
}

}  // namespace careerbot
