#include "intent/matcher.hpp"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <optional>
#include <span>

#include "common/record_file.hpp"
#include "intent/dictation.hpp"

namespace careerbot::intent {
namespace {

constexpr std::size_t kTopCandidates = 5;

std::atomic<std::uint64_t> next_matcher_id{1};

re2::StringPiece piece(std::string_view s) {
  return re2::StringPiece(s.data(), s.size());
}

}  // namespace

// The compiled RE2::Set plus the count of its failures (atomic: match() runs on many threads).
class Matcher::PatternSet {
 public:
  explicit PatternSet(const RE2::Options& options) : set(options, RE2::UNANCHORED) {}
  RE2::Set set;
  bool empty = true;
  mutable std::atomic<std::uint64_t> failures{0};
};

// Per-thread buffers reused across calls; sized for one matcher at a time.
struct Matcher::Scratch {
  std::uint64_t owner = 0;
  std::vector<double> raw;             // per intent: keyword weight sum
  std::vector<std::uint8_t> flags;     // per intent: kTouched | kPattern | kExcluded
  std::vector<std::uint32_t> touched;  // intents with any flag set
  std::vector<std::uint8_t> keyword_seen;
  std::vector<std::uint32_t> keyword_hits;  // ids found this call (may repeat)
  std::vector<int> set_hits;
  std::vector<std::uint32_t> blocked;  // intents whose required entities are missing
  NormalizedText norm;

  static constexpr std::uint8_t kTouched = 1, kPattern = 2, kExcluded = 4;

  void prepare(std::uint64_t id, std::size_t intents, std::size_t keywords) {
    if (owner != id) {
      owner = id;
      raw.assign(intents, 0.0);
      flags.assign(intents, 0);
      keyword_seen.assign(keywords, 0);
    } else {
      // Reset only what the previous call touched: the cost stays independent of the set's size.
      for (std::uint32_t i : touched) {
        raw[i] = 0.0;
        flags[i] = 0;
      }
      for (std::uint32_t k : keyword_hits) keyword_seen[k] = 0;
    }
    touched.clear();
    keyword_hits.clear();
    set_hits.clear();
    blocked.clear();
  }

  void touch(std::uint32_t intent, std::uint8_t flag) {
    if (!(flags[intent] & kTouched)) touched.push_back(intent);
    flags[intent] |= kTouched | flag;
  }
};

Matcher::Matcher(std::shared_ptr<const IntentSet> intents, std::vector<CareerName> careers,
                 const std::vector<std::string>& never_corrected)
    : intents_(std::move(intents)), id_(next_matcher_id.fetch_add(1)) {
  const IntentSet& set = *intents_;
  const Settings& settings = set.settings();

  std::vector<std::string> vocabulary = set.vocabulary();
  for (auto& w : CareerFinder::words(careers)) vocabulary.push_back(std::move(w));
  std::vector<std::string> known = set.known_words();
  known.insert(known.end(), never_corrected.begin(), never_corrected.end());
  auto speller = std::make_shared<const SpellingCorrector>(
      vocabulary, SpellingCorrector::Options{settings.typo_min_length, settings.typo_long_length}, known);
  normalizer_ = std::make_unique<Normalizer>(set.lexicon(), speller);
  // Keywords and career names are the vocabulary: normalise them without spelling correction.
  const Normalizer plain(set.lexicon(), nullptr);
  keywords_ = std::make_unique<KeywordIndex>(set, plain);
  careers_ = CareerFinder(careers, plain);
  for (const EntityDef& def : set.entities())
    if (!def.classifier_token) hidden_entities_.push_back(def.name);
  std::sort(hidden_entities_.begin(), hidden_entities_.end());

  // An intent may override the pattern weight (`pattern_weight:`), e.g. a specific question that
  // must beat a general one whose pattern also matches.
  for (const Intent& intent : set.intents()) {
    double weight = settings.pattern_weight;
    if (intent.pattern_weight) weight = *intent.pattern_weight;  // checked 0..100 when loaded
    pattern_weights_.push_back(weight);
    if (!intent.required_entities.empty())
      gated_intents_.push_back(static_cast<std::uint32_t>(pattern_weights_.size() - 1));
  }

  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(settings.max_mem_bytes);
  RE2::Options single = options;
  single.set_never_capture(true);
  options.set_never_capture(true);
  set_ = std::make_unique<PatternSet>(options);

  const auto add = [&](Role role, std::uint32_t owner, std::uint32_t value, const std::string& source,
                       const std::string& file, std::size_t line) {
    std::string error;
    if (set_->set.Add(piece(source), &error) < 0)
      throw ContentError(file, line, "pattern does not compile: " + error);
    RE2::Options own = single;
    own.set_never_capture(role != Role::entity);  // entities may capture $1..$9
    auto re = std::make_unique<RE2>(piece(source), own);
    if (!re->ok()) throw ContentError(file, line, "pattern does not compile: " + re->error());
    entries_.push_back({role, owner, value, &source, std::move(re)});
    set_->empty = false;
  };
  for (std::uint32_t i = 0; i < set.intents().size(); ++i) {
    const Intent& intent = set.intents()[i];
    for (const SourceText& p : intent.patterns) add(Role::pattern, i, 0, p.text, intent.file, p.line);
    for (const SourceText& p : intent.exclude) add(Role::exclude, i, 0, p.text, intent.file, p.line);
  }
  for (std::uint32_t e = 0; e < set.entities().size(); ++e) {
    const EntityDef& def = set.entities()[e];
    for (std::uint32_t v = 0; v < def.values.size(); ++v)
      for (const EntityPattern& p : def.values[v].patterns)
        add(Role::entity, e, v, p.source, def.file, p.line);
  }
  if (!set_->empty && !set_->set.Compile())
    throw ContentError("intents", 0, "the pattern set does not fit in max_mem_mb; raise it in settings.yaml");
}

Matcher::~Matcher() = default;

std::uint64_t Matcher::set_failures() const noexcept {
  return set_->failures.load(std::memory_order_relaxed);
}

void Matcher::find_patterns(std::string_view text, std::vector<int>& hits) const {
  if (set_->empty) return;
  RE2::Set::ErrorInfo error{};
  if (set_->set.Match(piece(text), &hits, &error)) {
    std::sort(hits.begin(), hits.end());
    return;
  }
  if (error.kind == RE2::Set::kNoError) return;  // a real "nothing matched"
  // The DFA gave up (out of memory): an error, not "no intent". Run each pattern on its own.
  set_->failures.fetch_add(1, std::memory_order_relaxed);
  hits.clear();
  for (std::size_t i = 0; i < entries_.size(); ++i)
    if (RE2::PartialMatch(piece(text), *entries_[i].re)) hits.push_back(static_cast<int>(i));
}

void Matcher::fill_entities(std::string_view text, const std::vector<int>& hits,
                            const std::vector<std::string>& stems, MatchResult& result) const {
  const auto& defs = intents_->entities();
  for (int h : hits) {
    const SetEntry& entry = entries_[static_cast<std::size_t>(h)];
    if (entry.role != Role::entity) continue;
    const EntityDef& def = defs[entry.owner];
    if (result.entities.contains(def.name)) continue;  // the first value in file order wins
    const std::string& value = def.values[entry.value].value;
    if (value.find('$') == std::string::npos) {
      result.entities.emplace(def.name, value);
    } else if (std::string v = expand_entity_value(value, *entry.re, text); !v.empty()) {
      result.entities.emplace(def.name, std::move(v));
    }
  }
  if (std::string_view career = careers_.find(stems); !career.empty())
    result.entities.emplace(std::string(kCareerEntity), std::string(career));
}

IntentModel::RuleView Matcher::training_view(const std::string& text) const {
  MatchResult r = match_whole(text);
  return {classifier_input(r.normalized, r.entities, hidden_entities_), std::move(r.rules)};
}

namespace {

// Above this the whole message's match stands; how much surer than it one sentence must be to speak
// for it (both on the decision's 0-1 scale); the fewest words a sentence needs to be matched alone;
// and the most sentences tried (the last ones: the question usually comes last).
constexpr double kSureOfWhole = 0.6;
constexpr double kSentenceMargin = 0.1;
constexpr std::size_t kSentenceMinWords = 3;
constexpr std::size_t kMaxSentences = 4;

std::size_t count_words(std::string_view s) {
  std::size_t words = 0;
  bool in_word = false;
  for (const char c : s) {
    const bool letter =
        std::isalnum(static_cast<unsigned char>(c)) != 0 || static_cast<unsigned char>(c) >= 0x80;
    if (letter && !in_word) ++words;
    in_word = letter;
  }
  return words;
}

// Every sentence of `text` with a word in it, split after '.', '!', '?' and at line breaks.
std::vector<std::string_view> split_sentences(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  const auto close = [&](std::size_t end) {
    std::string_view piece = text.substr(start, end - start);
    while (!piece.empty() && std::isspace(static_cast<unsigned char>(piece.front())) != 0)
      piece.remove_prefix(1);
    if (count_words(piece) > 0) out.push_back(piece);
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c != '.' && c != '!' && c != '?' && c != '\n') continue;
    // "3.5 yrs", "B.Tech": a dot between letters or digits is no sentence end.
    if (c == '.' && i + 1 < text.size() && std::isalnum(static_cast<unsigned char>(text[i + 1])) != 0)
      continue;
    close(i + 1);
    start = i + 1;
  }
  close(text.size());
  return out;
}

// The sentences of `text` with enough words, only the questions if any is marked with '?', the last
// kMaxSentences of them; empty when the message has only one sentence.
std::vector<std::string_view> sentences_of(std::string_view text) {
  std::vector<std::string_view> out = split_sentences(text);
  if (out.size() < 2) return {};
  // When some sentences are marked as questions, the message asks those: "I've been an analyst for
  // 2 years." only tells. A question too short to match alone ("Which route?") needs the rest.
  const auto asks = [](std::string_view piece) { return piece.find('?') != std::string_view::npos; };
  if (std::any_of(out.begin(), out.end(), asks))
    std::erase_if(out, [&](std::string_view p) { return !asks(p); });
  std::erase_if(out, [](std::string_view p) { return count_words(p) < kSentenceMinWords; });
  if (out.size() > kMaxSentences) out.erase(out.begin(), out.end() - kMaxSentences);
  return out;
}

// "hi sir, how to become an ML specialist?": the question after a greeting that opens the message (a
// greeting, then perhaps a title), or empty when it opens with none. The lexicon says what a greeting
// is: `tokens` (the whole message normalised) open with "hello" for "hi", "hey", "namaste", ...
std::string_view after_greeting(std::string_view text, const std::vector<std::string>& tokens) {
  static constexpr std::string_view kTitles[] = {"sir",  "madam", "mam",  "maam", "ji",       "bro",   "bhai",
                                                 "didi", "there", "team", "all",  "everyone", "friend"};
  static constexpr std::string_view kTimesOfDay[] = {"morning", "afternoon", "evening"};
  const auto is_in = [](const auto& list, std::string_view word) {
    return std::find(std::begin(list), std::end(list), word) != std::end(list);
  };
  std::size_t greeting_words = 0;
  if (!tokens.empty() && tokens[0] == "hello")
    greeting_words = 1;
  else if (tokens.size() > 1 && tokens[0] == "good" && is_in(kTimesOfDay, tokens[1]))
    greeting_words = 2;
  else
    return {};
  const auto next_word = [&](std::size_t& at) {
    while (at < text.size() && std::isalnum(static_cast<unsigned char>(text[at])) == 0) ++at;
    const std::size_t start = at;
    while (at < text.size() && (std::isalnum(static_cast<unsigned char>(text[at])) != 0 || text[at] == '\''))
      ++at;
    std::string word(text.substr(start, at - start));
    for (char& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return word;
  };
  std::size_t at = 0;
  for (std::size_t i = 0; i < greeting_words; ++i) next_word(at);
  std::size_t rest = at;
  if (is_in(kTitles, next_word(at))) rest = at;
  while (rest < text.size() && std::isalnum(static_cast<unsigned char>(text[rest])) == 0) ++rest;
  return text.substr(rest);
}

}  // namespace

MatchResult Matcher::match(std::string_view message) const {
  const std::optional<std::string> dictated = with_spoken_punctuation(message);
  const std::string_view text = dictated ? std::string_view(*dictated) : message;
  MatchResult whole = match_whole(text);
  // "Thank you. And what follows thereafter?": a greeting or thanks beside a question is not what the
  // message asks, however sure it is, so its sentences are tried against no bar of its own.
  const Intent* whole_intent = intents_->find(whole.intent);
  const bool general = whole_intent != nullptr && whole_intent->general;
  const bool sure = whole.intent != kFallbackIntent && !whole.ambiguous && whole.confidence >= kSureOfWhole;
  if ((sure && !general) || whole.out_of_scope) return whole;
  auto sentences = sentences_of(text);
  if (const std::string_view question = after_greeting(text, whole.tokens);
      count_words(question) >= kSentenceMinWords)
    sentences.push_back(question);
  if (sentences.empty()) return whole;
  std::optional<MatchResult> best;
  for (const std::string_view sentence : sentences) {
    MatchResult part = match_whole(sentence);
    if (part.intent == kFallbackIntent || part.ambiguous) continue;
    // "hiii!!" or "thanks." beside the real question is not what the message asks.
    // After a thanks or greeting, a general follow-up ("and what follows?") is the question, though.
    if (const Intent* intent = intents_->find(part.intent);
        intent == nullptr || (intent->general && (!general || intent == whole_intent)))
      continue;
    const double bar = (best ? best->confidence : general ? 0.0 : whole.confidence) + kSentenceMargin;
    if (part.confidence < bar) continue;
    part.from_sentence = std::string(sentence);
    best = std::move(part);
  }
  if (!best) return whole;
  whole.intent = std::move(best->intent);
  whole.confidence = best->confidence;
  whole.ambiguous = false;
  whole.top = std::move(best->top);
  whole.classifier_top = std::move(best->classifier_top);
  whole.from_sentence = std::move(best->from_sentence);
  return whole;
}

std::vector<Matcher::Sentence> Matcher::sentence_entities(std::string_view message) const {
  const std::optional<std::string> dictated = with_spoken_punctuation(message);
  const std::string_view text = dictated ? std::string_view(*dictated) : message;
  const std::vector<std::string_view> sentences = split_sentences(text);
  std::vector<Sentence> out;
  if (sentences.size() < 2) return out;
  out.reserve(sentences.size());
  for (const std::string_view sentence : sentences)
    out.push_back({std::string(sentence), count_words(sentence), sentence.find('?') != std::string_view::npos,
                   entities_of(sentence)});
  return out;
}

std::map<std::string, std::string> Matcher::entities_of(std::string_view text) const {
  thread_local NormalizedText norm;
  thread_local std::vector<int> hits;
  normalizer_->normalize(text, norm);
  hits.clear();
  find_patterns(norm.text, hits);
  MatchResult result;
  fill_entities(norm.text, hits, norm.stems, result);
  return std::move(result.entities);
}

MatchResult Matcher::match_whole(std::string_view text) const {
  thread_local Scratch scratch;
  const auto& intents = intents_->intents();
  const Settings& settings = intents_->settings();
  scratch.prepare(id_, intents.size(), keywords_->size());

  MatchResult result;
  NormalizedText& norm = scratch.norm;
  normalizer_->normalize(text, norm);

  find_patterns(norm.text, scratch.set_hits);
  fill_entities(norm.text, scratch.set_hits, norm.stems, result);
  for (int h : scratch.set_hits) {
    const SetEntry& entry = entries_[static_cast<std::size_t>(h)];
    if (entry.role == Role::pattern) scratch.touch(entry.owner, Scratch::kPattern);
    if (entry.role == Role::exclude) scratch.touch(entry.owner, Scratch::kExcluded);
  }
  keywords_->scan(norm.stems, scratch.keyword_hits);
  for (std::uint32_t k : scratch.keyword_hits) {
    if (scratch.keyword_seen[k]) continue;  // distinct keywords only
    scratch.keyword_seen[k] = 1;
    const auto& info = keywords_->keyword(k);
    scratch.raw[info.intent] += info.weight;
    scratch.touch(info.intent, 0);
  }

  // Intents whose `requires` entities are missing (sorted; few intents have any).
  std::vector<std::uint32_t>& blocked = scratch.blocked;
  for (const std::uint32_t i : gated_intents_) {
    const auto& required = intents[i].required_entities;
    if (!std::all_of(required.begin(), required.end(),
                     [&](const std::string& e) { return result.entities.contains(e); }))
      blocked.push_back(i);
  }
  result.rules.reserve(scratch.touched.size());
  for (std::uint32_t i : scratch.touched) {
    if (scratch.flags[i] & Scratch::kExcluded) continue;
    if (std::binary_search(blocked.begin(), blocked.end(), i)) continue;
    const double raw = scratch.raw[i] + ((scratch.flags[i] & Scratch::kPattern) ? pattern_weights_[i] : 0.0);
    if (raw <= 0) continue;
    result.rules.emplace_back(i, raw / (raw + settings.saturation));
  }

  // The ranking: rule confidences alone, or combined with the classifier's probabilities.
  thread_local std::vector<LabelEvidence> ranked;
  ranked.clear();
  double threshold = settings.threshold, margin = settings.ambiguity_margin;
  // A message with no words (emoji, punctuation) gives the classifier nothing but its prior: the
  // rules alone decide it (usually the fallback).
  if (model_ != nullptr && !norm.tokens.empty()) {
    thread_local std::vector<LabelProbability> probabilities;
    model_->classifier().predict(classifier_input(norm.text, result.entities, hidden_entities_),
                                 probabilities, kTopCandidates);
    result.classifier_top.reserve(std::min<std::size_t>(kTopCandidates, probabilities.size()));
    for (std::size_t i = 0; i < std::min<std::size_t>(kTopCandidates, probabilities.size()); ++i)
      result.classifier_top.emplace_back(std::string(probabilities[i].label), probabilities[i].probability);
    const Calibration& calibration = model_->calibration();
    // The top candidates, and the out-of-scope label if it beats them: one more than kTopCandidates.
    combine(probabilities, model_->labels(), result.rules, calibration.rule_weight, blocked, ranked,
            kTopCandidates + 1);
    threshold = calibration.threshold;
    margin = calibration.margin;
  } else {
    for (const auto& [intent, confidence] : result.rules)
      ranked.push_back({intent, -1.0, confidence, confidence});
    rank_evidence(ranked, kTopCandidates);
  }
  const bool out_of_scope = !ranked.empty() && ranked.front().intent == LabelEvidence::kOutOfScope;
  result.top.reserve(std::min(ranked.size(), kTopCandidates));

  for (const LabelEvidence& e : std::span(ranked).first(std::min(ranked.size(), kTopCandidates + 1))) {
    if (result.top.size() == kTopCandidates) break;
    if (e.intent == LabelEvidence::kOutOfScope) continue;
    Candidate c;
    c.intent = intents[e.intent].name;
    c.confidence = e.score;
    c.rule = e.rule;
    c.probability = e.probability;
    c.raw = scratch.raw[e.intent] +
            ((scratch.flags[e.intent] & Scratch::kPattern) ? pattern_weights_[e.intent] : 0.0);
    for (int h : scratch.set_hits) {
      const SetEntry& entry = entries_[static_cast<std::size_t>(h)];
      if (entry.role == Role::pattern && entry.owner == e.intent) c.patterns.push_back(*entry.source);
    }
    for (std::uint32_t k : scratch.keyword_hits) {
      const auto& info = keywords_->keyword(k);
      if (info.intent != e.intent) continue;
      const bool listed = std::any_of(c.keywords.begin(), c.keywords.end(),
                                      [&](const auto& kw) { return kw.first == info.phrase; });
      if (!listed) c.keywords.emplace_back(info.phrase, info.weight);
    }
    result.top.push_back(std::move(c));
  }

  if (!out_of_scope && !result.top.empty() && result.top.front().confidence >= threshold) {
    result.intent = result.top.front().intent;
    result.confidence = result.top.front().confidence;
    result.ambiguous =
        result.top.size() > 1 && result.top[1].confidence >= result.top.front().confidence - margin;
  } else {
    result.intent = std::string(kFallbackIntent);
    result.confidence = result.top.empty() ? 0.0 : result.top.front().confidence;
  }
  result.out_of_scope = out_of_scope;
  result.normalized = norm.text;
  result.tokens = norm.tokens;
  result.corrections = norm.corrections;
  return result;
}

nlohmann::json Matcher::explain(const MatchResult& result) {
  nlohmann::json j;
  j["intent"] = result.intent;
  j["confidence"] = result.confidence;
  j["ambiguous"] = result.ambiguous;
  j["normalized"] = result.normalized;
  if (!result.from_sentence.empty()) j["from_sentence"] = result.from_sentence;
  j["tokens"] = result.tokens;
  j["corrections"] = nlohmann::json::array();
  for (const auto& [from, to] : result.corrections) j["corrections"].push_back({{"from", from}, {"to", to}});
  j["entities"] = nlohmann::json::object();
  for (const auto& [name, value] : result.entities) j["entities"][name] = value;
  j["top"] = nlohmann::json::array();
  for (const Candidate& c : result.top) {
    nlohmann::json keywords = nlohmann::json::array();
    for (const auto& [phrase, weight] : c.keywords)
      keywords.push_back({{"keyword", phrase}, {"weight", weight}});
    j["top"].push_back({{"intent", c.intent},
                        {"confidence", c.confidence},
                        {"rule", c.rule},
                        {"probability", c.probability},
                        {"raw", c.raw},
                        {"patterns", c.patterns},
                        {"keywords", std::move(keywords)}});
  }
  j["classifier"] = nlohmann::json::array();
  for (const auto& [label, probability] : result.classifier_top)
    j["classifier"].push_back({{"label", label}, {"probability", probability}});
  return j;
}

}  // namespace careerbot::intent
