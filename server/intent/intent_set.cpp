#include "intent/intent_set.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <set>
#include <span>

#include "common/record_file.hpp"
#include "intent/normalizer.hpp"

namespace careerbot::intent {
namespace {

namespace fs = std::filesystem;

constexpr double kMaxKeywordWeight = 100.0;

bool valid_name(const std::string& name) {
  if (name.empty() || name.front() < 'a' || name.front() > 'z') return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

void check_pattern(const RecordNode& node) {
  RE2::Options options;
  options.set_log_errors(false);
  options.set_never_capture(true);
  const RE2 re(node.text("pattern"), options);
  if (!re.ok()) node.fail("pattern does not compile: " + re.error());
}

std::vector<SourceText> texts(const RecordNode& list, std::string_view what) {
  std::vector<SourceText> out;
  for (const RecordNode& item : list.items(what)) out.push_back({item.text(what), item.line()});
  return out;
}

std::vector<std::string> strings(const RecordNode& list, std::string_view what) {
  std::vector<std::string> out;
  for (const RecordNode& item : list.items(what)) out.push_back(item.text(what));
  return out;
}

Keyword parse_keyword(const RecordNode& node) {
  const std::string& text = node.text("keyword");
  Keyword keyword{text, 1.0, node.line()};
  const std::size_t space = text.find_last_of(' ');
  if (space == std::string::npos) return keyword;
  const std::string last = text.substr(space + 1);
  // A last word made only of number characters is the weight; "12th" stays part of the phrase.
  if (last.find_first_not_of("0123456789.,+-") != std::string::npos) return keyword;
  double weight = 0;
  const auto [end, ec] = std::from_chars(last.data(), last.data() + last.size(), weight);
  if (ec != std::errc() || end != last.data() + last.size() || !std::isfinite(weight) || weight <= 0 ||
      weight > kMaxKeywordWeight)
    node.fail("bad keyword weight '" + last + "': use a number above 0 and at most 100");
  keyword.phrase = text.substr(0, text.find_last_not_of(' ', space) + 1);
  keyword.weight = weight;
  return keyword;
}

constexpr const char* kIntentFields =
    "name, description, answer, patterns, keywords, exclude, requires, suggestions, examples, role, "
    "pattern_weight, tell_more, follow_up, general, fallback, plan_when_personal, sets_route, handled_by, "
    "ranked_list";

bool read_flag(const RecordNode& node, const std::string& key) {
  const std::string& text = node.text(key);
  if (text != "true" && text != "false") node.fail("'" + key + "' must be true or false, not '" + text + "'");
  return text == "true";
}

std::string read_choice(const RecordNode& node, const std::string& key,
                        std::span<const std::string_view> allowed) {
  const std::string& text = node.text(key);
  if (std::find(allowed.begin(), allowed.end(), text) != allowed.end()) return text;
  std::string list;
  for (std::string_view choice : allowed) list += (list.empty() ? "" : ", ") + std::string(choice);
  node.fail("'" + key + "' must be one of " + list + ", not '" + text + "'");
}

// The behaviour fields (intent_set.hpp); false when `key` is none of them.
bool read_behaviour(const std::string& key, const RecordNode& node, Intent& intent) {
  if (key == "pattern_weight") {
    const std::string& text = node.text(key);
    double weight = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), weight);
    if (ec != std::errc() || end != text.data() + text.size() || !(weight >= 0 && weight <= 100))
      node.fail("pattern_weight must be a number from 0 to 100, not '" + text + "'");
    intent.pattern_weight = weight;
  } else if (key == "role") {
    intent.role = read_choice(node, key, kIntentRoles);
  } else if (key == "handled_by") {
    intent.handled_by = read_choice(node, key, kHandlers);
  } else if (key == "tell_more") {
    intent.tell_more = node.text(key);
    if (!valid_name(intent.tell_more)) node.fail("'tell_more' names an intent: lower_snake_case");
  } else if (key == "follow_up") {
    intent.follow_up = node.text(key);
    if (intent.follow_up.empty()) node.fail("'follow_up' needs the words to put before a follow-up");
  } else if (key == "sets_route") {
    intent.sets_route = node.text(key);
    if (intent.sets_route.empty() || intent.sets_route.find_first_not_of("0123456789") != std::string::npos ||
        intent.sets_route.front() == '0')
      node.fail("'sets_route' is a route number (1, 2, ...), not '" + intent.sets_route + "'");
  } else if (key == "general") {
    intent.general = read_flag(node, key);
  } else if (key == "fallback") {
    intent.fallback = read_flag(node, key);
  } else if (key == "ranked_list") {
    intent.ranked_list = read_flag(node, key);
  } else if (key == "plan_when_personal") {
    // `asked`: the planner starts only when the student asks about their own case ("what should I
    // do?", "my son is in 12th ..."), not when they just say who they are beside a general question.
    intent.plan_only_when_asked = node.text(key) == "asked";
    intent.plan_when_personal = intent.plan_only_when_asked || read_flag(node, key);
  } else {
    return false;
  }
  return true;
}

std::string read_name(const RecordNode& item) {
  const RecordNode* name = item.find("name");
  if (name == nullptr || name->is_empty()) item.fail("intent without a 'name'");
  const std::string& text = name->text("name");
  if (!valid_name(text)) name->fail("intent name '" + text + "' must be lower_snake_case");
  if (text == "fallback") name->fail("'fallback' is reserved for messages no intent matches");
  return text;
}

}  // namespace

std::vector<std::string> pattern_words(std::string_view pattern) {
  std::vector<std::string> words;
  std::string current;
  const auto flush = [&] {
    if (current.size() >= 3) words.push_back(current);
    current.clear();
  };
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\') {
      flush();
      ++i;  // the escaped character: \b, \d, \s ...
    } else if (c >= 'a' && c <= 'z') {
      current.push_back(c);
    } else {
      flush();
    }
  }
  flush();
  return words;
}

const Intent* IntentSet::find(std::string_view name) const noexcept {
  for (const Intent& intent : intents_)
    if (intent.name == name) return &intent;
  return nullptr;
}

bool IntentSet::has_entity(std::string_view name) const noexcept {
  if (name == kCareerEntity) return true;
  return std::any_of(entities_.begin(), entities_.end(), [&](const EntityDef& e) { return e.name == name; });
}

void IntentSet::load_intents_file(const RecordNode& root) {
  for (const auto& [key, node] : root.entries("intents file"))
    if (key != "intents")
      root.key_node(key)->fail("unknown field '" + key + "' (this file has only 'intents')");
  const RecordNode* list = root.find("intents");
  if (list == nullptr) return;
  for (const RecordNode& item : list->items("intents")) {
    if (!item.is_map()) item.fail("each intent is a block of 'key: value' lines starting with '- name:'");
    Intent intent;
    intent.file = item.file();
    intent.line = item.line();
    intent.name = read_name(item);
    for (const auto& [key, node] : item.entries("intent")) {
      if (key == "name") continue;
      if (key == "description") {
        intent.description = node.text(key);
      } else if (key == "answer") {
        intent.answer = node.text(key);
      } else if (key == "patterns" || key == "exclude") {
        for (const RecordNode& p : node.items(key)) check_pattern(p);
        (key == "patterns" ? intent.patterns : intent.exclude) = texts(node, key);
      } else if (key == "keywords") {
        for (const RecordNode& k : node.items(key)) intent.keywords.push_back(parse_keyword(k));
      } else if (key == "requires") {
        for (const RecordNode& r : node.items(key)) {
          if (!has_entity(r.text("entity")))
            r.fail("unknown entity '" + r.text() + "' in requires (not in entities.yaml, and not 'career')");
          intent.required_entities.push_back(r.text());
        }
      } else if (key == "suggestions") {
        intent.suggestions = strings(node, key);
      } else if (key == "examples") {
        intent.examples = texts(node, key);
      } else if (!read_behaviour(key, node, intent)) {
        item.key_node(key)->fail("unknown field '" + key + "' in intent '" + intent.name +
                                 "'; expected one of: " + kIntentFields);
      }
    }
    if (intent.answer.empty()) intent.answer = intent.name;
    if (intent.patterns.empty() && intent.keywords.empty())
      item.fail("intent '" + intent.name + "' has neither patterns nor keywords, so it can never match");
    if (const Intent* first = find(intent.name))
      item.fail("duplicate intent '" + intent.name + "' (first defined at " + first->file + ":" +
                std::to_string(first->line) + ")");
    intents_.push_back(std::move(intent));
  }
}

const Intent* IntentSet::with_role(std::string_view role) const noexcept {
  const auto* known = std::find(std::begin(kIntentRoles), std::end(kIntentRoles), role);
  if (known == std::end(kIntentRoles)) return nullptr;
  const std::size_t owner = role_owners_[static_cast<std::size_t>(known - std::begin(kIntentRoles))];
  return owner == kNoIntent ? nullptr : &intents_[owner];
}

void IntentSet::validate() {
  std::map<std::string_view, const Intent*> role_owner;
  for (const Intent& intent : intents_) {
    if (!intent.tell_more.empty() && find(intent.tell_more) == nullptr)
      throw ContentError(
          intent.file, intent.line,
          "intent '" + intent.name + "': 'tell_more' names '" + intent.tell_more + "', which is no intent");
    if (intent.role.empty()) continue;
    if (const auto [it, inserted] = role_owner.emplace(intent.role, &intent); !inserted)
      throw ContentError(intent.file, intent.line,
                         "role '" + intent.role + "' is given to both '" + it->second->name + "' (" +
                             it->second->file + ":" + std::to_string(it->second->line) + ") and '" +
                             intent.name + "': each role belongs to one intent");
  }
  // with_role() is asked a dozen times a turn: each role's owner is looked up here, once.
  role_owners_.fill(kNoIntent);
  for (std::size_t r = 0; r < std::size(kIntentRoles); ++r)
    if (const auto it = role_owner.find(kIntentRoles[r]); it != role_owner.end())
      role_owners_[r] = static_cast<std::size_t>(it->second - intents_.data());
  const Normalizer normalizer(lexicon_, nullptr);
  // An example under two intents can never classify to both.
  std::map<std::string, const Intent*> owner;
  for (const Intent& intent : intents_) {
    for (const Keyword& k : intent.keywords)
      if (normalizer.normalize(k.phrase).tokens.empty())
        throw ContentError(intent.file, k.line, "keyword '" + k.phrase + "' has no letters or digits");
    for (const SourceText& example : intent.examples) {
      const std::string text = normalizer.normalize(example.text).text;
      const auto [it, inserted] = owner.emplace(text, &intent);
      if (!inserted && it->second != &intent)
        throw ContentError(intent.file, example.line,
                           "example '" + example.text + "' is also an example of '" + it->second->name + "'");
    }
  }
}

std::shared_ptr<const IntentSet> IntentSet::load_directory(const std::string& directory) {
  std::error_code ec;
  if (!fs::is_directory(directory, ec)) throw ContentError(directory, 0, "not a directory");
  auto set = std::shared_ptr<IntentSet>(new IntentSet());
  const auto optional_file = [&](const char* name) -> std::optional<RecordDocument> {
    const fs::path path = fs::path(directory) / name;
    if (!fs::exists(path, ec)) return std::nullopt;
    return RecordDocument::load(path.string());
  };

  if (auto doc = optional_file("settings.yaml")) set->settings_ = Settings::from_record(doc->root());
  if (auto doc = optional_file("lexicon.yaml")) {
    set->lexicon_ = std::make_shared<const Lexicon>(Lexicon::from_record(doc->root()));
  } else {
    set->lexicon_ = std::make_shared<const Lexicon>();
  }
  if (auto doc = optional_file("entities.yaml")) set->entities_ = load_entities(doc->root());
  std::vector<std::string> common_words;
  if (auto doc = optional_file("words.yaml")) {
    for (const auto& [key, node] : doc->root().entries("words file"))
      if (key != "words")
        doc->root().key_node(key)->fail("unknown field '" + key + "' (this file has only 'words')");
    if (const RecordNode* words = doc->root().find("words"))
      for (const RecordNode& w : words->items("words"))
        for (auto& folded : Normalizer::surface_words(w.text("word")))
          common_words.push_back(std::move(folded));
  }

  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(directory, ec))
    if (entry.is_regular_file() && entry.path().filename().string().ends_with(".intents.yaml"))
      files.push_back(entry.path());
  if (ec) throw ContentError(directory, 0, "cannot list the directory: " + ec.message());
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) set->load_intents_file(RecordDocument::load(file.string()).root());
  if (set->intents_.empty())
    throw ContentError(directory, 0, "no intents found (files named *.intents.yaml)");
  set->validate();

  // The vocabulary: everything counsellors wrote that a student might type. Examples are left out:
  // they may be misspelt on purpose, to test the correction.
  auto& vocab = set->vocabulary_;
  set->known_words_ = std::move(common_words);
  for (const std::string& w : set->settings_.common_words)
    for (auto& folded : Normalizer::surface_words(w)) set->known_words_.push_back(std::move(folded));
  const auto add_text = [&](std::string_view text) {
    for (auto& w : Normalizer::surface_words(text)) vocab.push_back(std::move(w));
  };
  for (const Intent& intent : set->intents_) {
    for (const Keyword& k : intent.keywords) add_text(k.phrase);
    for (const std::string& s : intent.suggestions) add_text(s);
    for (const SourceText& p : intent.patterns)
      for (auto& w : pattern_words(p.text)) vocab.push_back(std::move(w));
  }
  for (const EntityDef& e : set->entities_)
    for (const EntityValue& v : e.values)
      for (const EntityPattern& p : v.patterns)
        for (auto& w : pattern_words(p.source)) vocab.push_back(std::move(w));
  for (auto& w : set->lexicon_->words()) vocab.push_back(std::move(w));
  for (auto& w : set->lexicon_->form_words()) set->known_words_.push_back(std::move(w));
  std::sort(vocab.begin(), vocab.end());
  vocab.erase(std::unique(vocab.begin(), vocab.end()), vocab.end());
  return set;
}

}  // namespace careerbot::intent
