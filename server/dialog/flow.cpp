#include "dialog/flow.hpp"

#include <algorithm>
#include <ctime>
#include <map>

#include "common/concat.hpp"
#include "common/record_file.hpp"

namespace careerbot::dialog {
namespace {

bool contains_words(std::string_view haystack, std::string_view needle) {
  if (needle.empty()) return false;
  const std::string padded_hay = concat(" ", haystack, " ");
  const std::string padded_needle = concat(" ", needle, " ");
  return padded_hay.find(padded_needle) != std::string::npos;
}

// True when `needle` appears in `haystack` as whole words and not right after a negation ("not
// working yet", "no commerce", "haven't done a bachelor's"): a word of negation among the two words
// before it.
bool says_words(std::string_view haystack, std::string_view needle) {
  static constexpr std::string_view kNegations[] = {"not",   "no", "never",   "nahi",    "nai",
                                                    "nahin", "t",  "without", "neither", "nor"};  // "don t"
  if (needle.empty()) return false;
  const std::string padded_hay = concat(" ", haystack, " ");
  const std::string padded_needle = concat(" ", needle, " ");
  for (std::size_t at = padded_hay.find(padded_needle); at != std::string::npos;
       at = padded_hay.find(padded_needle, at + 1)) {
    std::size_t end = at, words = 0;  // walk back over the two words before the needle
    bool negated = false;
    while (words < 2 && end > 0) {
      const std::size_t begin = padded_hay.rfind(' ', end - 1);
      if (begin == std::string::npos) break;
      const std::string_view word = std::string_view(padded_hay).substr(begin + 1, end - begin - 1);
      negated =
          negated || std::find(std::begin(kNegations), std::end(kNegations), word) != std::end(kNegations);
      end = begin;
      ++words;
    }
    if (!negated) return true;
  }
  return false;
}

// Whole years in an answer to "how many years?": a word of digits, not the "12" of "class12" ("3",
// "about 2 years"); a number word before a word for years, or alone ("two yrs", "teen saal", "a year",
// "four"); months as whole years ("8 months": 0); a calendar year as the years since ("since 2021").
std::optional<std::string> years_said(std::string_view folded) {
  static const std::map<std::string_view, int> kNumberWords = {
      {"one", 1},   {"two", 2},  {"three", 3}, {"four", 4},   {"five", 5},  {"six", 6},  {"seven", 7},
      {"eight", 8}, {"nine", 9}, {"ten", 10},  {"a", 1},      {"an", 1},    {"ek", 1},   {"do", 2},
      {"teen", 3},  {"char", 4}, {"chaar", 4}, {"paanch", 5}, {"panch", 5}, {"dedh", 1}, {"dhai", 2}};
  std::vector<std::string_view> words;
  for (std::size_t start = 0; start < folded.size();) {
    const std::size_t end = std::min(folded.find(' ', start), folded.size());
    if (end > start) words.push_back(folded.substr(start, end - start));
    start = end + 1;
  }
  const auto is_years_word = [](std::string_view w) {
    return w == "year" || w == "years" || w == "yr" || w == "yrs" || w == "saal" || w == "sal" ||
           w == "varsham" || w == "varsha" || w == "bochor" || w == "varusham";
  };
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string_view w = words[i];
    const std::string_view next = i + 1 < words.size() ? words[i + 1] : std::string_view();
    int n = -1;
    const bool digits = std::all_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!w.empty() && w.size() <= 4 && digits) {
      n = std::stoi(std::string(w));
    } else if (const auto it = kNumberWords.find(w);
               it != kNumberWords.end() && (is_years_word(next) || (words.size() == 1 && w.size() > 2))) {
      n = it->second;
    }
    if (n < 0) continue;
    if (next.starts_with("month")) return std::to_string(n / 12);
    if (digits && w.size() == 4) {  // a calendar year: the years since then
      const std::time_t now = std::time(nullptr);
      std::tm utc{};
      gmtime_r(&now, &utc);
      const int years = utc.tm_year + 1900 - n;
      if (years < 0 || years > 60) return std::nullopt;
      return std::to_string(years);
    }
    return std::to_string(n);
  }
  return std::nullopt;
}

bool is_yes_no(const FlowSlot& slot) {
  return std::any_of(slot.options.begin(), slot.options.end(),
                     [](const FlowOption& o) { return o.value == "yes"; });
}

// " words ": phrases are searched for as whole words. Built by appending, not `" " + s + " "`, which
// g++ 12 at -O3 reports with a false -Wrestrict.
std::string padded_words(std::string_view words) {
  std::string out;
  out.reserve(words.size() + 2);
  out += ' ';
  out += words;
  out += ' ';
  return out;
}

// Whether an answer phrase found at `at` in `padded` (" words ") says what it says there. "too" says yes
// only at the end of an answer ("certs too", "me too pls"); before another word it intensifies that
// word ("too old for that", "too hard", "too costly"), which is no yes.
bool says_answer_here(std::string_view phrase, std::string_view padded, std::size_t at) {
  if (phrase != " too ") return true;
  static constexpr std::string_view kFillers[] = {"pls", "please", "plz", "yaar", "yar",
                                                  "bro", "ji",     "sir", "na",   "haan"};
  std::string_view rest = padded.substr(std::min(at + phrase.size(), padded.size()));
  while (!rest.empty()) {
    const std::size_t end = std::min(rest.find(' '), rest.size());
    if (end > 0 &&
        std::find(std::begin(kFillers), std::end(kFillers), rest.substr(0, end)) == std::end(kFillers))
      return false;
    rest.remove_prefix(std::min(end + 1, rest.size()));
  }
  return true;
}

// `SLOT=VALUE1,VALUE2`; the slot must be one of `flow`'s (`where` says which ones may be named).
SlotCondition read_condition(const FlowDef& flow, const RecordNode& node, const std::string& key,
                             const std::string& where) {
  const std::string& condition = node.text(key);
  const auto eq = condition.find('=');
  if (eq == std::string::npos) node.fail(key + " must be SLOT=VALUE1,VALUE2");
  SlotCondition out;
  out.slot = condition.substr(0, eq);
  const std::string values = condition.substr(eq + 1);
  for (std::size_t start = 0; start <= values.size();) {
    const auto comma = values.find(',', start);
    const auto end = comma == std::string::npos ? values.size() : comma;
    if (end > start) out.values.push_back(values.substr(start, end - start));
    start = end + 1;
  }
  if (flow.find(out.slot) == nullptr)
    node.fail(key + " names slot '" + out.slot + "', which is not " + where);
  if (out.values.empty()) node.fail(key + " names no value");
  return out;
}

}  // namespace

bool SlotCondition::holds(const std::map<std::string, std::string>& profile) const {
  const auto it = profile.find(slot);
  return it != profile.end() && std::find(values.begin(), values.end(), it->second) != values.end();
}

bool WhatIf::applies(const std::map<std::string, std::string>& profile) const {
  return (when.slot.empty() || when.holds(profile)) &&
         std::none_of(unless.begin(), unless.end(), [&](const SlotCondition& c) { return c.holds(profile); });
}

bool is_asking_word(std::string_view word) {
  static constexpr std::string_view kAsking[] = {
      "what", "which", "how",   "why",   "when",   "where",  "who",     "is",  "are",   "can",
      "do",   "did",   "could", "does",  "should", "tell",   "explain", "any", "kya",   "kaise",
      "kaun", "kitna", "kitne", "konsa", "konsi",  "kaunsa", "kaunsi",  "kab", "kahan", "kis"};
  return std::find(std::begin(kAsking), std::end(kAsking), word) != std::end(kAsking);
}

std::string fold_words(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    const bool word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
    if (word) {
      if (space && !out.empty()) out += ' ';
      space = false;
      out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    } else if (static_cast<unsigned char>(c) < 0x80) {
      space = true;
    }
  }
  return out;
}

bool FlowSlot::yes_no() const {
  return is_yes_no(*this);
}

std::vector<std::string> FlowSlot::labels() const {
  std::vector<std::string> out;
  for (const auto& option : options) out.push_back(option.label);
  return out;
}

std::shared_ptr<const FlowDef> FlowDef::load(const std::string& path) {
  auto flow = std::make_shared<FlowDef>();
  const RecordDocument doc = RecordDocument::load(path);
  const RecordNode& root = doc.root();
  flow->name_ = root.at("flow").text("flow");
  flow->start_intent_ = root.at("start_intent").text("start_intent");
  if (const std::string reprompts = root.get("max_reprompts", "2"); !reprompts.empty()) {
    try {
      flow->max_reprompts_ = std::stoi(reprompts);
    } catch (const std::exception&) {
      root.at("max_reprompts").fail("max_reprompts must be a number");
    }
    if (flow->max_reprompts_ < 0 || flow->max_reprompts_ > 5)
      root.at("max_reprompts").fail("max_reprompts must be 0..5");
  }
  for (const auto& [key, node] : root.entries("flow")) {
    if (node.is_scalar()) flow->texts_[key] = node.text(key);
  }
  for (const char* required : {"intro", "reprompt", "skip", "early", "more_needed", "resume", "cancelled"})
    (void)root.at(required).text(required);

  for (const RecordNode& item : root.at("slots").items("slots")) {
    FlowSlot slot;
    slot.slot = item.at("slot").text("slot");
    slot.line = item.line();
    slot.question = item.at("question").text("question");
    slot.rephrase = item.get("rephrase", "");
    if (flow->find(slot.slot) != nullptr) item.fail("duplicate slot '" + slot.slot + "'");
    if (const RecordNode* ask_if = item.find("ask_if"))
      slot.ask_if = read_condition(*flow, *ask_if, "ask_if", "defined above it");
    if (const RecordNode* topic = item.find("topic"))
      for (const RecordNode& word : topic->items("topic"))
        if (std::string folded = fold_words(word.text("topic")); !folded.empty())
          slot.topic.push_back(padded_words(folded));  // padded once: every turn looks for whole words
    for (const RecordNode& option : item.at("options").items("options")) {
      FlowOption read{option.at("label").text("label"), {}, option.at("value").text("value"), {}, {}};
      read.folded_label = fold_words(read.label);
      if (const RecordNode* says = option.find("says"))
        for (const RecordNode& words : says->items("says"))
          if (std::string folded = fold_words(words.text("says")); !folded.empty())
            read.says.push_back(std::move(folded));
      if (const RecordNode* says = option.find("says_when_asked"))
        for (const RecordNode& words : says->items("says_when_asked"))
          if (std::string folded = fold_words(words.text("says_when_asked")); !folded.empty())
            read.says_when_asked.push_back(std::move(folded));
      slot.options.push_back(std::move(read));
    }
    if (slot.options.empty()) item.fail("slot '" + slot.slot + "' has no options");
    flow->slots_.push_back(std::move(slot));
  }
  if (flow->slots_.empty()) root.fail("a flow needs at least one slot");

  if (const RecordNode* answers = root.find("answers")) {
    for (const auto& [value, phrases] : answers->entries("answers")) {
      if (value != "yes" && value != "no" && value != "unsure")
        phrases.fail("answers: expected yes, no or unsure, not '" + value + "'");
      for (const RecordNode& phrase : phrases.items("answer phrases"))
        // Padded once (" phrase "): every turn looks for whole words.
        flow->answer_phrases_.emplace_back(padded_words(fold_words(phrase.text("phrase"))), value);
    }
    std::stable_sort(flow->answer_phrases_.begin(), flow->answer_phrases_.end(),
                     [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
    std::vector<std::string> phrases;
    for (const auto& phrase : flow->answer_phrases_) phrases.push_back(phrase.first);
    flow->answer_index_ = PhraseIndex(std::move(phrases));
  }

  if (const RecordNode* corrections = root.find("corrections"))
    for (const RecordNode& phrase : corrections->items("corrections"))
      if (std::string folded = fold_words(phrase.text("phrase")); !folded.empty())
        flow->corrections_.push_back(padded_words(folded));

  if (const RecordNode* minor = root.find("early_answer_skips"))
    for (const RecordNode& name : minor->items("early_answer_skips")) {
      const std::string slot = name.text("slot");
      if (flow->find(slot) == nullptr) name.fail("'" + slot + "' is no slot of this flow");
      flow->early_answer_skips_.push_back(slot);
    }

  if (const RecordNode* plan = root.find("recommendation")) flow->plan_ = PlanRules::read(*plan);

  for (const char* section : {"result", "reasons", "fields", "streams"}) {
    const RecordNode* node = root.find(section);
    if (node == nullptr) continue;
    for (const auto& [key, value] : node->entries(section)) {
      if (std::string_view(section) == "result" && key == "suggestions") {
        for (const RecordNode& s : value.items("suggestions"))
          flow->result_suggestions_.push_back(s.text("suggestion"));
      } else {
        flow->texts_[std::string(section) + "." + key] = value.text(key);
      }
    }
  }
  if (const RecordNode* what_ifs = root.find("what_ifs")) {
    for (const RecordNode& item : what_ifs->items("what_ifs")) {
      WhatIf what_if{item.at("ask").text("ask"), {}, {}};
      if (const RecordNode* when = item.find("when"))
        what_if.when = read_condition(*flow, *when, "when", "a slot of this flow");
      // `unless` is one condition or a list of them ("unless: [masters_wish=yes, education=masters]").
      if (const RecordNode* unless = item.find("unless")) {
        if (unless->is_scalar())
          what_if.unless.push_back(read_condition(*flow, *unless, "unless", "a slot of this flow"));
        else
          for (const RecordNode& condition : unless->items("unless"))
            what_if.unless.push_back(read_condition(*flow, condition, "unless", "a slot of this flow"));
      }
      flow->what_ifs_.push_back(std::move(what_if));
    }
  }
  for (const PlanRule& rule : flow->plan_.rules)
    if (!rule.reason.empty() && flow->text("reasons", rule.reason).empty())
      throw ContentError(doc.file(), rule.line,
                         "rule reason '" + rule.reason + "' is not worded under 'reasons:'");
  return flow;
}

std::vector<std::string> FlowDef::what_ifs(const std::map<std::string, std::string>& profile) const {
  std::vector<std::string> out;
  for (const WhatIf& what_if : what_ifs_)
    if (what_if.applies(profile)) out.push_back(what_if.ask);
  return out;
}

const FlowSlot* FlowDef::find(std::string_view slot) const {
  for (const auto& s : slots_)
    if (s.slot == slot) return &s;
  return nullptr;
}

const FlowSlot* FlowDef::next_slot(const std::map<std::string, std::string>& profile) const {
  for (const auto& slot : slots_) {
    if (profile.contains(slot.slot)) continue;
    if (!slot.ask_if.slot.empty() && !slot.ask_if.holds(profile)) continue;
    return &slot;
  }
  return nullptr;
}

std::vector<std::string> FlowDef::answer_texts() const {
  std::vector<std::string> out;
  for (const auto& [padded, value] : answer_phrases_) {
    if (value == "no") continue;  // "can't", "i don't want", "never": words distress uses too
    const auto first = padded.find_first_not_of(' ');
    if (first != std::string::npos)
      out.push_back(padded.substr(first, padded.find_last_not_of(' ') - first + 1));
  }
  for (const FlowSlot& slot : slots_)
    for (const FlowOption& option : slot.options) out.push_back(option.label);
  return out;
}

std::optional<std::string> FlowDef::interpret(const FlowSlot& slot, std::string_view text,
                                              const intent::MatchResult& match, bool asks) const {
  const std::string folded = fold_words(text);
  // 1. A tapped quick reply (or the same words typed), or one of its short forms ("India").
  for (const auto& option : slot.options)
    if (folded == option.folded_label ||
        std::find(option.says.begin(), option.says.end(), folded) != option.says.end() ||
        std::find(option.says_when_asked.begin(), option.says_when_asked.end(), folded) !=
            option.says_when_asked.end())
      return option.value;
  // A lone "y" or "n", as typed to a question with a yes and a no option. Only for the waiting
  // question: they name no topic, so they never answer another one.
  if (folded == "y" || folded == "n") {
    const std::string_view wanted = folded == "y" ? "yes" : "no";
    for (const auto& option : slot.options)
      if (option.value == wanted) return option.value;
  }
  // 2. The entity of the same name, found in free text ("I'm in final year B.Tech").
  if (const auto it = match.entities.find(slot.slot); it != match.entities.end()) {
    if (slot.slot == "years_experience") return it->second;
    for (const auto& option : slot.options)
      if (option.value == it->second) return option.value;
  }
  // 3. Yes / no / not sure, as students say them ("if possible, yes", "not really", "haan", "pata
  // nahi"): the phrase that comes first in the answer decides, the longer one on a tie.
  // Not when the message is about another of the student's facts and never names this question's
  // subject: in "he wants btech computer science", asked about a master's, "wants" is about the degree,
  // and in "abroad? not sure honestly" the doubt is about going abroad.
  const std::string padded_text = padded_words(folded);
  const bool names_subject = std::any_of(slot.topic.begin(), slot.topic.end(), [&](const std::string& word) {
    return padded_text.find(word) != std::string::npos;
  });
  const auto about_other = [&](bool wishes_only) {
    return std::any_of(slots_.begin(), slots_.end(),
                       [&](const FlowSlot& s) {
                         return &s != &slot && (!wishes_only || is_yes_no(s)) &&
                                match.entities.contains(s.slot);
                       }) &&
           !names_subject;
  };
  const bool about_other_fact = about_other(false);
  // A yes or no that opens the answer still answers when the rest tells other facts, not other wishes
  // ("na, cant leave job for 2 yrs, EMIs" asked about a master's; the years are no wish).
  const bool opening_answer_only = about_other_fact && !about_other(true);
  if (is_yes_no(slot) && (!about_other_fact || opening_answer_only)) {
    const auto all = [&](std::uint32_t i, std::size_t at) {
      return says_answer_here(answer_phrases_[i].first, padded_text, at);
    };
    // (padded text starts with a space: an answer that opens the message is found at 0)
    // A question that opens with an answer ("yes, but is it hard?", "nope, why?") answers; one that
    // opens with a word that also opens questions ("also, is there any association ...?") does not.
    const auto opens_answer = [&](std::size_t phrase) {
      static constexpr std::string_view kOpeners[] = {" also ", " ok ", " okay ", " so ", " too "};
      const std::string& said = answer_phrases_[phrase].first;
      if (std::find(std::begin(kOpeners), std::end(kOpeners), said) == std::end(kOpeners)) return true;
      const std::size_t next = said.size();  // the word after " phrase "
      if (next >= padded_text.size()) return true;
      const std::size_t end = padded_text.find(' ', next);
      return !is_asking_word(std::string_view(padded_text).substr(next, end - next));
    };
    if (const auto found = answer_index_.first(padded_text, all);
        found && (!opening_answer_only || found->at == 0) &&
        (!asks || names_subject || (found->at == 0 && opens_answer(found->phrase))))
      return answer_phrases_[found->phrase].second;
  } else if (!is_yes_no(slot) && std::any_of(slot.options.begin(), slot.options.end(),
                                             [](const FlowOption& o) { return o.value == "unsure"; })) {
    // A question with a "not decided" option: "he hasn't chosen yet" is that answer.
    const auto unsure = [&](std::uint32_t i) { return answer_phrases_[i].second == "unsure"; };
    if (answer_index_.first(padded_text, unsure)) return std::string("unsure");
  }
  // 4. A number for a numeric slot ("3", "about 2 years", "two yrs", "6 months", "since 2021").
  if (slot.slot == "years_experience") {
    if (auto years = years_said(folded)) return years;
    if (contains_words(folded, "none") || contains_words(folded, "no experience") ||
        contains_words(folded, "fresher") || contains_words(folded, "just started") ||
        contains_words(folded, "just joined") || contains_words(folded, "new joiner"))
      return std::string("0");
  }
  // 5. An option's words inside a longer answer ("I took commerce"); for a yes/no question, not a
  // "not sure" said of another fact.
  if (is_yes_no(slot) && about_other_fact) return std::nullopt;
  for (const auto& option : slot.options) {
    const std::string& label = option.folded_label;
    if (label.size() >= 4 && says_words(folded, label)) return option.value;
  }
  return std::nullopt;
}

bool FlowDef::negates_option(const FlowSlot& slot, std::string_view text) const {
  const std::string folded = fold_words(text);
  return std::any_of(slot.options.begin(), slot.options.end(), [&](const FlowOption& option) {
    const std::string& label = option.folded_label;
    return label.size() >= 4 && contains_words(folded, label) && !says_words(folded, label);
  });
}

std::map<std::string, std::string> FlowDef::read_topics(std::string_view text) const {
  // Folded words with "|" where a clause ends (, . ; ! ? new line): no phrase or topic spans one.
  std::string clauses;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && std::string_view(",.;!?\n").find(text[i]) == std::string_view::npos) continue;
    if (std::string part = fold_words(text.substr(start, i - start)); !part.empty())
      clauses += (clauses.empty() ? "" : " | ") + part;
    start = i + 1;
  }
  const std::string padded = padded_words(clauses);
  struct Mention {
    std::size_t begin, end;  // the topic words, spaces included
    const FlowSlot* slot;
  };
  std::vector<Mention> mentions;
  for (const FlowSlot& slot : slots_)
    for (const std::string& word : slot.topic)  // " word ", padded at load
      for (std::size_t at = padded.find(word); at != std::string::npos; at = padded.find(word, at + 1))
        mentions.push_back({at, at + word.size(), &slot});
  // Earlier first; of two overlapping mentions ("masters", "masters degree") the longer.
  std::sort(mentions.begin(), mentions.end(), [](const Mention& a, const Mention& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
  });
  std::vector<Mention> kept;
  for (const Mention& m : mentions)
    if (kept.empty() || m.begin + 1 >= kept.back().end) kept.push_back(m);
  mentions.swap(kept);

  // The answer phrase inside padded[lo, hi] (spaces shared with the neighbours allowed) nearest the
  // topic: the first one when looking after it, the last one when looking before it. A phrase inside
  // a longer one found there does not count ("want to" in "dont want to").
  const auto phrase_in = [&](std::size_t lo, std::size_t hi, bool after) -> const std::string* {
    struct Found {
      std::size_t at, size;
      const std::string* value;
    };
    std::vector<Found> found;                     // longest phrases first (answer_phrases_ order)
    for (const auto& phrase : answer_phrases_) {  // {" phrase ", value}, padded at load
      // Named, not a structured binding: clang 14 cannot capture a binding in the lambda below.
      const std::string& needle = phrase.first;
      for (std::size_t at = padded.find(needle, lo); at != std::string::npos && at + needle.size() - 1 <= hi;
           at = padded.find(needle, at + 1)) {
        const bool inside_longer = std::any_of(found.begin(), found.end(), [&](const Found& f) {
          return at + 1 < f.at + f.size && f.at + 1 < at + needle.size();
        });
        if (!inside_longer) found.push_back({at, needle.size(), &phrase.second});
      }
    }
    const Found* best = nullptr;
    for (const Found& f : found)
      if (best == nullptr || (after ? f.at < best->at : f.at > best->at)) best = &f;
    return best == nullptr ? nullptr : best->value;
  };
  std::map<std::string, std::string> answers;
  for (std::size_t i = 0; i < mentions.size(); ++i) {
    const Mention& m = mentions[i];
    if (answers.contains(m.slot->slot)) continue;
    const std::size_t next = i + 1 < mentions.size() ? mentions[i + 1].begin : padded.size() - 1;
    const std::size_t previous = i > 0 ? mentions[i - 1].end - 1 : 0;
    // Its own clause first ("I'd love to work abroad, maybe a master's there"), then the span
    // between the neighbouring topics ("certifications, yes").
    const std::size_t bar_before = padded.rfind(" | ", m.begin);
    const std::size_t bar_after = padded.find(" | ", m.end - 1);
    const std::size_t clause_lo = bar_before == std::string::npos ? 0 : bar_before + 2;
    const std::size_t clause_hi = bar_after == std::string::npos ? padded.size() - 1 : bar_after;
    const std::string* value = phrase_in(m.end - 1, std::min(next, clause_hi), true);
    if (value == nullptr) value = phrase_in(std::max(previous, clause_lo), m.begin, false);
    if (value == nullptr) value = phrase_in(m.end - 1, next, true);
    if (value == nullptr) value = phrase_in(previous, m.begin, false);
    if (value != nullptr) answers.emplace(m.slot->slot, *value);
  }
  // A clause that is an option's short form on its own ("... certs maybe. India. fastest").
  for (std::size_t lo = 0; lo < clauses.size();) {
    std::size_t hi = clauses.find(" | ", lo);
    if (hi == std::string::npos) hi = clauses.size();
    const std::string_view clause = std::string_view(clauses).substr(lo, hi - lo);
    for (const FlowSlot& slot : slots_)
      for (const FlowOption& option : slot.options)
        if (!answers.contains(slot.slot) &&
            std::find(option.says.begin(), option.says.end(), clause) != option.says.end())
          answers.emplace(slot.slot, option.value);
    lo = hi + 3;
  }
  return answers;
}

bool FlowDef::opens_with_answer(std::string_view text) const {
  const std::string padded = padded_words(fold_words(text));
  const auto found = answer_index_.first(padded, [&](std::uint32_t i, std::size_t at) {
    return says_answer_here(answer_phrases_[i].first, padded, at);
  });
  return found && found->at == 0;
}

bool FlowDef::corrects(std::string_view text) const {
  const std::string padded = padded_words(fold_words(text));
  return std::any_of(corrections_.begin(), corrections_.end(),
                     [&](const std::string& phrase) { return padded.find(phrase) != std::string::npos; });
}

const std::string& FlowDef::text(std::string_view key) const {
  static const std::string none;
  const auto it = texts_.find(key);
  return it == texts_.end() ? none : it->second;
}

const std::string& FlowDef::text(std::string_view section, std::string_view key) const {
  return text(std::string(section) + "." + std::string(key));
}

}  // namespace careerbot::dialog
