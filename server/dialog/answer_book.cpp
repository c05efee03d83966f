#include "dialog/answer_book.hpp"

#include "common/record_file.hpp"

namespace careerbot::dialog {
namespace {

// Sections and keys the dialog code reads: a missing one is a content error at load, not a crash later.
constexpr std::pair<std::string_view, std::string_view> kRequiredTexts[] = {
    {"welcome", "new"},
    {"welcome", "resumed"},
    {"fallback", "text"},
    {"fallback", "related"},
    {"fallback", "long_message"},
    {"fallback", "empty_message"},
    {"fallback", "other_career"},
    {"fallback", "which_career"},
    {"fallback", "did_you_mean"},
    {"phrases", "total_range"},
    {"phrases", "total_single"},
    {"phrases", "unknown_one"},
    {"phrases", "unknown_many"},
    {"phrases", "unknown_only"},
    {"phrases", "unknown_duration"},
    {"phrases", "salary_unknown"},
    {"phrases", "source_prefix"},
    {"phrases", "continue_flow"},
    {"phrases", "more_without_topic"},
    {"phrases", "listed_item"},
};
constexpr std::pair<std::string_view, std::string_view> kRequiredLists[] = {
    {"welcome", "suggestions"},
    {"fallback", "suggestions"},
};

std::string join_key(std::string_view section, std::string_view key) {
  return std::string(section) + "." + std::string(key);
}

Segment parse_placeholder(const RecordNode& at, std::string_view body) {
  const auto colon = body.find(':');
  const std::string_view name = body.substr(0, colon);
  const std::string_view arg = colon == std::string_view::npos ? std::string_view() : body.substr(colon + 1);
  Segment segment;
  segment.text = std::string(arg);
  using K = Segment::Kind;
  struct Known {
    std::string_view name;
    K kind;
    bool needs_arg;
  };
  static constexpr Known kKnown[] = {
      {"career", K::career, false},
      {"careers", K::careers, false},
      {"fact", K::fact, true},
      {"title", K::title, true},
      {"list", K::list, true},
      {"steps", K::steps, true},
      {"total", K::total, true},
      {"stage_time", K::stage_time, true},
      {"entity", K::entity, true},
      {"route", K::route, false},
      {"requirement", K::requirement, false},
  };
  for (const Known& known : kKnown) {
    if (known.name != name) continue;
    if (known.needs_arg == arg.empty())
      at.fail("placeholder {" + std::string(body) +
              "}: " + (known.needs_arg ? "needs an argument after ':'" : "takes no argument"));
    segment.kind = known.kind;
    if (segment.kind == K::fact) {
      const auto hash = segment.text.find('#');
      if (hash != std::string::npos) {
        try {
          segment.sentence = std::stoi(segment.text.substr(hash + 1));
        } catch (const std::exception&) {
          segment.sentence = 0;
        }
        if (segment.sentence <= 0)
          at.fail("placeholder {" + std::string(body) + "}: sentence number must be 1 or more");
        segment.text.resize(hash);
      }
    }
    return segment;
  }
  at.fail("unknown placeholder {" + std::string(body) + "}");
}

std::vector<Segment> parse_segments(const RecordNode& at, std::string_view text) {
  std::vector<Segment> segments;
  std::string literal;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '{') {
      literal += text[i];
      continue;
    }
    const auto close = text.find('}', i);
    if (close == std::string_view::npos) at.fail("'{' without a closing '}'");
    if (!literal.empty()) segments.push_back({Segment::Kind::literal, std::move(literal), 0});
    literal.clear();
    segments.push_back(parse_placeholder(at, text.substr(i + 1, close - i - 1)));
    i = close;
  }
  if (!literal.empty()) segments.push_back({Segment::Kind::literal, std::move(literal), 0});
  return segments;
}

Condition parse_condition(const RecordNode& at, std::string_view text) {
  Condition condition;
  if (text.starts_with("!")) {
    condition.negate = true;
    text.remove_prefix(1);
  }
  if (text.starts_with("entity:")) {
    condition.kind = Condition::Kind::entity;
    text.remove_prefix(7);
    const auto eq = text.find('=');
    condition.name = std::string(text.substr(0, eq));
    if (eq != std::string_view::npos) condition.value = std::string(text.substr(eq + 1));
  } else if (text.starts_with("found:")) {
    condition.kind = Condition::Kind::found;
    condition.name = std::string(text.substr(6));
  } else {
    at.fail("condition must be entity:NAME, entity:NAME=VALUE or found:SELECTOR (optionally with '!')");
  }
  if (condition.name.empty()) at.fail("condition without a name");
  return condition;
}

AnswerTemplate parse_answer(const RecordNode& node) {
  AnswerTemplate answer;
  answer.name = node.at("name").text("name");
  answer.file = node.file();
  answer.line = node.line();
  const RecordNode& lines = node.at("lines");
  if (lines.items("lines").empty()) lines.fail("answer '" + answer.name + "' has no lines");
  for (const RecordNode& item : lines.items("lines")) {
    TemplateLine line;
    line.line = item.line();
    if (item.is_map()) {
      const RecordNode& when = item.at("if");
      if (when.is_list()) {
        for (const RecordNode& one : when.items("if"))
          line.conditions.push_back(parse_condition(one, one.text("if")));
        if (line.conditions.empty()) when.fail("'if' with an empty list");
      } else {
        line.conditions.push_back(parse_condition(when, when.text("if")));
      }
      line.segments = parse_segments(item.at("text"), item.at("text").text("text"));
    } else {
      line.segments = parse_segments(item, item.text("line"));
    }
    for (const Condition& c : line.conditions)
      if (c.name.ends_with("@employer")) answer.filters_by_employer = true;
    for (const Segment& segment : line.segments)
      if (segment.text.ends_with("@employer")) answer.filters_by_employer = true;
    answer.lines.push_back(std::move(line));
  }
  return answer;
}

}  // namespace

std::shared_ptr<const AnswerBook> AnswerBook::load(const std::string& path) {
  auto book = std::make_shared<AnswerBook>();
  book->file_ = path;
  const RecordDocument doc = RecordDocument::load(path);
  const RecordNode& root = doc.root();

  for (const auto& [section, node] : root.entries("answers file")) {
    if (section == "answers") {
      for (const RecordNode& item : node.items("answers")) {
        AnswerTemplate answer = parse_answer(item);
        if (book->find(answer.name) != nullptr) item.fail("duplicate answer '" + answer.name + "'");
        book->answers_.push_back(std::move(answer));
      }
    } else if (section == "stage_labels" || section == "labels") {
      auto& target = section == "stage_labels" ? book->stage_labels_ : book->value_labels_;
      for (const auto& [key, value] : node.entries(section)) target[key] = value.text(key);
    } else {
      for (const auto& [key, value] : node.entries(section)) {
        if (value.is_list()) {
          std::vector<std::string> items;
          for (const RecordNode& item : value.items(key)) items.push_back(item.text(key));
          book->lists_[join_key(section, key)] = std::move(items);
        } else {
          book->texts_[join_key(section, key)] = value.text(key);
        }
      }
    }
  }
  for (const auto& [section, key] : kRequiredTexts)
    if (!book->texts_.contains(join_key(section, key)))
      root.fail("missing required text '" + std::string(key) + "' in section '" + std::string(section) + "'");
  for (const auto& [section, key] : kRequiredLists)
    if (!book->lists_.contains(join_key(section, key)))
      root.fail("missing required list '" + std::string(key) + "' in section '" + std::string(section) + "'");
  return book;
}

const AnswerTemplate* AnswerBook::find(std::string_view name) const {
  for (const auto& answer : answers_)
    if (answer.name == name) return &answer;
  return nullptr;
}

const std::string& AnswerBook::text(std::string_view section, std::string_view key) const {
  static const std::string none;
  const auto it = texts_.find(join_key(section, key));
  return it == texts_.end() ? none : it->second;
}

const std::vector<std::string>& AnswerBook::list(std::string_view section, std::string_view key) const {
  static const std::vector<std::string> none;
  const auto it = lists_.find(join_key(section, key));
  return it == lists_.end() ? none : it->second;
}

std::string AnswerBook::stage_label(std::string_view stage) const {
  const auto it = stage_labels_.find(stage);
  return it == stage_labels_.end() ? std::string(stage) : it->second;
}

std::string AnswerBook::value_label(std::string_view value) const {
  const auto it = value_labels_.find(value);
  if (it != value_labels_.end()) return it->second;
  std::string label(value);
  for (char& c : label)
    if (c == '_') c = ' ';
  if (!label.empty() && label[0] >= 'a' && label[0] <= 'z')
    label[0] = static_cast<char>(label[0] - 'a' + 'A');
  return label;
}

std::string fill(std::string_view phrase,
                 std::initializer_list<std::pair<std::string_view, std::string_view>> values) {
  std::string out;
  out.reserve(phrase.size() + 32);
  for (std::size_t i = 0; i < phrase.size(); ++i) {
    if (phrase[i] == '{') {
      const auto close = phrase.find('}', i);
      if (close != std::string_view::npos) {
        const std::string_view name = phrase.substr(i + 1, close - i - 1);
        bool replaced = false;
        for (const auto& [key, value] : values) {
          if (key == name) {
            out += value;
            replaced = true;
            break;
          }
        }
        if (replaced) {
          i = close;
          continue;
        }
      }
    }
    out += phrase[i];
  }
  return out;
}

}  // namespace careerbot::dialog
