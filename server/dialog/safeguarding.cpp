#include "dialog/safeguarding.hpp"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <set>

#include "common/record_file.hpp"
#include "dialog/answer_book.hpp"
#include "intent/normalizer.hpp"

namespace careerbot::dialog {
namespace {

re2::StringPiece piece(std::string_view text) {
  return {text.data(), text.size()};
}

// The fields a file may hold: a typo ("exlude") must be an error, not a silently ignored list.
void reject_unknown(const RecordNode& map, std::initializer_list<std::string_view> known,
                    std::string_view what) {
  for (const auto& [key, value] : map.entries(what))
    if (std::find(known.begin(), known.end(), key) == known.end())
      map.key_node(key)->fail("unknown field '" + key + "' in " + std::string(what));
}

std::vector<std::pair<std::string, std::size_t>> texts_with_lines(const RecordNode* list,
                                                                  std::string_view what) {
  std::vector<std::pair<std::string, std::size_t>> out;
  if (list == nullptr) return out;
  for (const RecordNode& item : list->items(what)) out.emplace_back(item.text(what), item.line());
  return out;
}

}  // namespace

// Every pattern and exclude of every category in one RE2::Set, plus each on its own for the
// out-of-memory fallback.
struct Safeguarding::Compiled {
  struct Entry {
    std::size_t category;
    bool exclude;
    std::unique_ptr<RE2> re;
  };
  explicit Compiled(const RE2::Options& options) : set(options, RE2::UNANCHORED) {}
  RE2::Set set;
  std::vector<Entry> entries;
};

Safeguarding::~Safeguarding() = default;

std::shared_ptr<Safeguarding> Safeguarding::load(const std::string& path) {
  std::shared_ptr<Safeguarding> self(new Safeguarding());
  const RecordDocument doc = RecordDocument::load(path);
  const RecordNode& root = doc.root();
  self->file_ = path;
  reject_unknown(root, {"helpline", "counsellor", "check_reply", "categories", "near_misses"},
                 "safeguarding");
  // Optional: without it an unsure concern gets its category's own reply.
  if (const RecordNode* check = root.find("check_reply")) {
    self->check_reply_ = check->text("check_reply");
    if (self->check_reply_.find("{helpline}") == std::string::npos)
      check->fail("check_reply must contain {helpline}");
  }
  self->helpline_ = root.at("helpline").text("helpline");
  self->counsellor_ = root.at("counsellor").text("counsellor");
  if (self->helpline_.empty()) root.at("helpline").fail("helpline must not be empty");
  self->near_misses_ = texts_with_lines(root.find("near_misses"), "near_misses");

  RE2::Options options;
  options.set_log_errors(false);
  options.set_never_capture(true);
  options.set_max_mem(8 << 20);  // a few dozen short patterns need far less
  self->compiled_ = std::make_unique<Compiled>(options);
  Compiled& compiled = *self->compiled_;

  std::set<std::string> names;
  const auto& items = root.at("categories").items("categories");
  if (items.empty()) root.at("categories").fail("at least one category is required");
  for (const RecordNode& item : items) {
    reject_unknown(item, {"name", "patterns", "exclude", "reply", "suggestions", "examples"}, "category");
    SafeguardingCategory category;
    category.line = item.line();
    category.name = item.at("name").text("name");
    if (!names.insert(category.name).second) item.fail("duplicate category '" + category.name + "'");
    category.reply = item.at("reply").text("reply");
    // The reply exists to point to a person: it must name the helpline.
    if (category.reply.find("{helpline}") == std::string::npos)
      item.at("reply").fail("reply must contain {helpline}");
    if (const RecordNode* suggestions = item.find("suggestions"))
      for (const RecordNode& s : suggestions->items("suggestions"))
        category.suggestions.push_back(s.text("suggestion"));
    category.examples = texts_with_lines(item.find("examples"), "examples");

    const std::size_t index = self->categories_.size();
    const auto add = [&](const RecordNode& node, bool exclude) {
      const std::string& source = node.text("pattern");
      std::string error;
      if (compiled.set.Add(piece(source), &error) < 0) node.fail("pattern does not compile: " + error);
      auto re = std::make_unique<RE2>(piece(source), options);
      if (!re->ok()) node.fail("pattern does not compile: " + re->error());
      compiled.entries.push_back({index, exclude, std::move(re)});
    };
    const auto& patterns = item.at("patterns").items("patterns");
    if (patterns.empty()) item.at("patterns").fail("at least one pattern is required");
    for (const RecordNode& p : patterns) add(p, false);
    if (const RecordNode* excludes = item.find("exclude"))
      for (const RecordNode& p : excludes->items("exclude")) add(p, true);
    self->categories_.push_back(std::move(category));
  }
  if (!compiled.set.Compile()) root.fail("the safeguarding patterns do not fit in memory");
  return self;
}

const SafeguardingCategory* Safeguarding::find(std::string_view name) const noexcept {
  for (const auto& category : categories_)
    if (category.name == name) return &category;
  return nullptr;
}

std::optional<Concern> Safeguarding::check(std::string_view normalized, bool career_question) const {
  thread_local std::vector<int> hits;
  hits.clear();
  RE2::Set::ErrorInfo error{};
  if (!compiled_->set.Match(piece(normalized), &hits, &error) && error.kind != RE2::Set::kNoError) {
    // The DFA gave up: never let that look like "no concern".
    hits.clear();
    for (std::size_t i = 0; i < compiled_->entries.size(); ++i)
      if (RE2::PartialMatch(piece(normalized), *compiled_->entries[i].re))
        hits.push_back(static_cast<int>(i));
  }
  // Per category: 1 = a pattern matched, 2 = an exclude matched too (cancelled).
  thread_local std::vector<unsigned char> state;
  state.assign(categories_.size(), 0);
  for (int h : hits) {
    const auto& entry = compiled_->entries[static_cast<std::size_t>(h)];
    unsigned char& s = state[entry.category];
    s = entry.exclude ? 2 : (s == 2 ? 2 : 1);
  }
  for (std::size_t i = 0; i < categories_.size(); ++i)
    if (state[i] == 1) return Concern{&categories_[i], false, 1.0, true};
  if (model_ == nullptr) return std::nullopt;
  const SafetyVerdict verdict = model_->assess(normalized);
  const SafetyCalibration& calibration = model_->calibration();
  if (verdict.concern < calibration.check_threshold) return std::nullopt;
  // A confident career question is held to a higher bar: below near certainty, distress the
  // classifier sees in it ("can't take this anymore, which route is fastest?") gets the gentle check
  // before the career answer, never the full reply; below the flag threshold, nothing (from the
  // check threshold, plain questions such as "walk me through route 3" got the gentle check).
  if (career_question && verdict.concern < calibration.flag_threshold) return std::nullopt;
  const bool unsure =
      career_question ? verdict.concern < kCareerQuestionBar : verdict.concern < calibration.flag_threshold;
  const SafeguardingCategory* category = find(verdict.category);
  if (category == nullptr)
    category = &categories_.back();  // a label the file no longer has: the general reply
  return Concern{category, unsure, verdict.concern};
}

std::vector<std::string> Safeguarding::example_words() const {
  std::vector<std::string> words;
  for (const SafeguardingCategory& category : categories_)
    for (const auto& [text, line] : category.examples)
      for (auto& word : intent::Normalizer::surface_words(text)) words.push_back(std::move(word));
  return words;
}

std::string Safeguarding::reply_text(const Concern& concern, const SafeguardingContacts& contacts) const {
  const std::string& helpline = contacts.helpline.empty() ? helpline_ : contacts.helpline;
  const std::string& counsellor = contacts.counsellor.empty() ? counsellor_ : contacts.counsellor;
  return fill(concern.unsure && !check_reply_.empty() ? check_reply_ : concern.category->reply,
              {{"helpline", helpline}, {"counsellor", counsellor}});
}

std::vector<std::string> Safeguarding::lint(const intent::Normalizer& normalizer) const {
  auto problems = lint_examples(normalizer);
  for (auto& problem : lint_near_misses(normalizer)) problems.push_back(std::move(problem));
  return problems;
}

std::vector<std::string> Safeguarding::lint_examples(const intent::Normalizer& normalizer) const {
  std::vector<std::string> problems;
  const auto where = [this](std::size_t line) { return file_ + ":" + std::to_string(line) + ": "; };
  for (const auto& category : categories_) {
    if (category.examples.empty())
      problems.push_back(where(category.line) + "category '" + category.name + "' has no examples");
    for (const auto& [text, line] : category.examples) {
      const auto concern = check(normalizer.normalize(text).text);
      if (!concern || concern->unsure)
        problems.push_back(where(line) + "example does not trigger safeguarding: " + text);
      else if (concern->category != &category)
        problems.push_back(where(line) + "example triggers '" + concern->category->name + "', not '" +
                           category.name + "': " + text);
    }
  }
  return problems;
}

std::vector<std::string> Safeguarding::lint_near_misses(const intent::Normalizer& normalizer) const {
  std::vector<std::string> problems;
  const auto where = [this](std::size_t line) { return file_ + ":" + std::to_string(line) + ": "; };
  for (const auto& [text, line] : near_misses_)
    if (const auto concern = check(normalizer.normalize(text).text))
      problems.push_back(where(line) + "near miss triggers '" + concern->category->name + "': " + text);
  return problems;
}

}  // namespace careerbot::dialog
