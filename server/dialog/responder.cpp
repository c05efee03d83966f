#include "dialog/responder.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

#include "common/trim.hpp"
#include "common/utf8.hpp"
#include "dialog/answer_renderer.hpp"
#include "dialog/planner.hpp"
#include "dialog/route_time.hpp"

namespace careerbot::dialog {
namespace {

using intent::Intent;
using intent::MatchResult;

// Entities that describe the student and fill the planner's profile.
constexpr std::string_view kProfileEntities[] = {"education",    "stream",          "maths",
                                                 "degree_field", "masters_wish",    "certification_wish",
                                                 "abroad",       "years_experience"};

// A matched intent at or above this score counts as an ordinary career question for safeguarding.
constexpr double kConfidentCareerQuestion = 0.6;
// A follow-up this short may lean on the last topic: a bare value ("and chennai?") up to the first,
// a question that points back ("do employers actually require them?") up to the second. Longer
// unanswerable questions stay unanswered rather than borrow a topic.
constexpr std::size_t kShortEllipsisWords = 6;
// A follow-up of this few words ("time?", "total duration pls") is about the topic just answered.
constexpr std::size_t kBareFollowUpWords = 3;
constexpr std::size_t kShortFollowUpWords = 10;
// A message up to this long that points back in an ongoing conversation is judged as a career question
// by the safety check ("do they have to keep checking it after it's live?").
constexpr std::size_t kShortPointingBackWords = 12;
// Below this confidence, a question that also states two facts about the student is read as asking
// for the guided check.
constexpr double kUnsureQuestion = 0.5;
// A reading the matcher gives at least this much is one it seriously considers (a message's own topic
// against the last topic's reading of it); below kFillerCandidate, one that only fills the top five.
constexpr double kSeriousCandidate = 0.2;
constexpr double kFillerCandidate = 0.05;
// In a plan, an off-topic message this short without a '?' is read as an answer that did not work.
constexpr std::size_t kShortAnswerWords = 6;
// At most this many words, a reference to a listed item is only that ("what's in the third one?").
constexpr std::size_t kShortReferenceWords = 5;
// A sentence of fewer words ("abroad?", "MSc maths.") names a topic rather than telling something
// about it: the planner reads no wish from it alone.
constexpr std::size_t kTellingSentenceWords = 3;
// A message of this few words that states only a study stage ("10th", "class 12 only") says where the
// student stands now, even when it is earlier than what we had (but not asked for a degree, where "12th
// only" means none).
constexpr std::size_t kBareStageWords = 3;

bool mentions_profile(const MatchResult& match) {
  return std::any_of(std::begin(kProfileEntities), std::end(kProfileEntities),
                     [&](std::string_view key) { return match.entities.contains(std::string(key)); });
}

// How many of the planner's questions the message answers: profile entities and yes/no topics, each
// slot once.
std::size_t profile_facts(const MatchResult& match, const std::map<std::string, std::string>& topics) {
  std::size_t facts = topics.size();
  for (std::string_view key : kProfileEntities)
    if (match.entities.contains(std::string(key)) && !topics.contains(std::string(key))) ++facts;
  return facts;
}

// True when the message states a fact about the student that the profile already holds, with the
// same value ("india only" when abroad is already "no").
bool restates(const std::map<std::string, std::string>& known, const MatchResult& match) {
  return std::any_of(std::begin(kProfileEntities), std::end(kProfileEntities), [&](std::string_view key) {
    const auto said = match.entities.find(std::string(key));
    const auto had = known.find(std::string(key));
    return said != match.entities.end() && had != known.end() && said->second == had->second;
  });
}

// True when the matcher's top reading is `intent` and one of that intent's own patterns matched ("is it
// costly?" for the fees gap, "start over" for a restart), not the classifier's guess alone.
bool named_by_own_pattern(const MatchResult& match, const Intent* intent) {
  return intent != nullptr && !match.top.empty() && match.top.front().intent == intent->name &&
         !match.top.front().patterns.empty();
}

// True when `now` holds a slot that `before` did not, or a different value for one.
bool told_more(const std::map<std::string, std::string>& before,
               const std::map<std::string, std::string>& now) {
  for (const auto& [slot, value] : now) {
    const auto it = before.find(slot);
    if (it == before.end() || it->second != value) return true;
  }
  return false;
}

// Words that open a message without being its subject ("wait, what's ...", "hello sir, which ...").
constexpr std::string_view kFillers[] = {
    "wait",  "ok",     "okay", "and", "also", "btw",   "so",    "but",  "hmm",    "acha",
    "achha", "accha",  "bro",  "sir", "hey",  "oh",    "arre",  "yaar", "bhai",   "actually",
    "sorry", "please", "pls",  "plz", "one",  "quick", "hello", "hi",   "kindly", "then"};
// Hinglish words that end a question ("... karni padti hai kya"); is_asking_word() opens one.
constexpr std::string_view kAskingLast[] = {"kya", "kaise", "kitna", "kitne", "kab", "kahan", "batao"};

template <std::size_t N>
bool is_one_of(const std::string_view (&words)[N], std::string_view word) {
  return std::find(std::begin(words), std::end(words), word) != std::end(words);
}

// The words of `text`, lower-cased: runs of letters and digits.
std::vector<std::string> lower_words(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  for (const char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c)) != 0) {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

// An asking word among the first four, after fillers only.
bool opens_with_asking(const std::vector<std::string>& words) {
  for (std::size_t i = 0; i < words.size() && i < 4; ++i) {
    // "can't afford to stop earning", "won't go abroad": a negated modal tells ("can" "t").
    if (is_asking_word(words[i])) return i + 1 >= words.size() || words[i + 1] != "t";
    if (!is_one_of(kFillers, words[i])) return false;
  }
  return false;
}

// A question asks; it does not tell: "is it only abroad?" mid-plan is no wish to work abroad.
// A question mark asks after a clause of two or more words ("abroad? not sure yet" echoes the topic,
// then answers). An asking word asks first in the message, after a few fillers ("wait, what's the
// last step of ..."), and a Hinglish one at its end ("data cleaning bhi karni padti hai kya").
bool is_question(std::string_view text, const MatchResult& match) {
  std::size_t clause_words = 0;
  bool in_word = false;
  for (const char c : text) {
    if (c == '?' && clause_words >= 2) return true;
    if (c == '?' || c == '.' || c == ',' || c == '!' || c == ';' || c == '-') {
      clause_words = 0;
      in_word = false;
      continue;
    }
    const bool word_char = std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '\'';
    if (word_char && !in_word) ++clause_words;
    in_word = word_char;
  }
  const auto& tokens = match.tokens;
  if (tokens.empty()) return false;
  if (is_one_of(kAskingLast, tokens.back()) || opens_with_asking(tokens)) return true;
  // The last clause asks too: "certs fine. so which one"
  const std::size_t cut = text.find_last_of(".,;!");
  return cut != std::string_view::npos && opens_with_asking(lower_words(text.substr(cut + 1)));
}

// A question that asks for the plan itself: the planner's own intent, or an intent about routes and
// eligibility (`plan_when_personal`) or one the matcher is unsure of, asked about the student's own
// case ("which route suits me?", "so what should he do?").
bool asks_for_plan(const Intent* intent, const MatchResult& match, std::string_view start_intent) {
  if (intent != nullptr && intent->name == start_intent) return true;
  const auto personal = match.entities.find("personal");
  if (personal == match.entities.end() || personal->second != "case") return false;
  return intent == nullptr || intent->plan_when_personal || match.confidence < kUnsureQuestion;
}

// Marks every question the planner would still ask for `profile` as "unknown"; returns how many there
// were, leaving out those an early answer does not wait for.
int mark_unasked_unknown(const FlowDef& flow, std::map<std::string, std::string>& profile) {
  int left = 0;
  for (int guard = 0; guard < 32; ++guard) {
    const FlowSlot* next = flow.next_slot(profile);
    if (next == nullptr) break;
    profile[next->slot] = "unknown";
    if (!flow.early_answer_skips(next->slot)) ++left;
  }
  return left;
}

// A stage and a degree held, said together or one after the other ("a data analyst for 2 years, with
// an MSc"; "I have an MSc" and later "I work as an analyst"): the answer that combines them
// (`combines` in the flow's education table), so the master's is neither lost nor asked about again.
void combine_degree_held(const MatchResult& match, SessionState& state, const FlowDef& flow,
                         const std::string& before) {
  const auto now = state.profile.find("education");
  if (now == state.profile.end()) return;
  const auto said = [&](const char* entity) {
    const auto it = match.entities.find(entity);
    return it != match.entities.end() ? it->second : std::string();
  };
  for (const std::string& held : {said("degree_held"), said("education"), before}) {
    if (held.empty()) continue;
    if (std::string both = flow.plan().combined(now->second, held); !both.empty()) {
      now->second = std::move(both);
      return;
    }
  }
}

// A yes/no wish the whole message reads across a sentence end ("masters probably not. certifications I
// can manage on weekends" reads "not certifications") is the one its sentences read alone, when they
// agree: a telling sentence on its own, a question or a bare topic with the answer after it ("Masters?
// No. Certs? yes"). A wish some sentence reads as the whole message does stands ("India only. patna se
// bahar jaana mushkil hai"), and so does one no sentence says anything else about.
void read_wishes_by_sentence(const intent::Matcher& matcher, std::string_view text, const FlowDef& flow,
                             MatchResult& match) {
  const auto is_wish = [&](std::string_view key) {
    const FlowSlot* slot = flow.find(key);
    return slot != nullptr && slot->yes_no() && match.entities.contains(std::string(key));
  };
  if (std::none_of(std::begin(kProfileEntities), std::end(kProfileEntities), is_wish)) return;
  const auto sentences = matcher.sentence_entities(text);
  std::vector<std::map<std::string, std::string>> readings;
  for (std::size_t i = 0; i < sentences.size(); ++i) {
    const auto& sentence = sentences[i];
    if (!sentence.asks && sentence.words >= kTellingSentenceWords) {
      readings.push_back(sentence.entities);
    } else if (i + 1 < sentences.size() && !sentences[i + 1].asks) {
      readings.push_back(matcher.entities_of(sentence.text + " " + sentences[i + 1].text));
    }
  }
  for (std::string_view key : kProfileEntities) {
    if (!is_wish(key)) continue;
    const std::string name(key);
    const std::string& whole = match.entities.at(name);
    const auto says_whole = [&](const std::map<std::string, std::string>& entities) {
      const auto it = entities.find(name);
      return it != entities.end() && it->second == whole;
    };
    if (std::any_of(sentences.begin(), sentences.end(),
                    [&](const auto& s) { return says_whole(s.entities); }) ||
        std::any_of(readings.begin(), readings.end(), says_whole))
      continue;
    std::string read;
    bool agree = true;
    for (const auto& entities : readings)
      if (const auto it = entities.find(name); it != entities.end()) {
        agree = agree && (read.empty() || read == it->second);
        read = it->second;
      }
    if (!read.empty() && agree) match.entities[name] = read;
  }
}

void absorb_profile_facts(const MatchResult& match, SessionState& state, const FlowDef& flow, bool wishes) {
  for (std::string_view key : kProfileEntities) {
    const auto it = match.entities.find(std::string(key));
    if (it == match.entities.end()) continue;
    const FlowSlot* slot = flow.find(key);
    // A refusal counts even inside a question ("another masters? no way, MCA is enough").
    if (!wishes && slot != nullptr && slot->yes_no() && it->second != "no") continue;
    // "In Route 3, what is the first thing one does after 12th?" asks about a route's steps: the
    // stage it names is not where the student stands.
    if (const auto step = match.entities.find("step");
        key == "education" && step != match.entities.end() && step->second == "class12")
      continue;
    // A stage before the one already known is the student's past ("12th was PCM btw"), unless they
    // say they are correcting themselves, or say nothing but the stage ("10th" asked for a stream:
    // nobody answers with their past).
    if (const auto known = state.profile.find(std::string(key));
        key == "education" && known != state.profile.end() &&
        flow.plan().earlier_stage(it->second, known->second) && !flow.corrects(match.normalized) &&
        !(match.tokens.size() <= kBareStageWords && profile_facts(match, {}) == 1 &&
          state.flow.slot != "degree_field"))  // "12th only" asked for a degree: no degree
      continue;
    state.profile[std::string(key)] = it->second;
  }
}

// The facts the message states about the student go into the profile; with `wishes` false, the
// yes/no wishes (master's, certifications, abroad) are left out (a question names them without
// wishing them).
void absorb_profile(const MatchResult& match, SessionState& state, const FlowDef& flow, bool wishes = true) {
  const auto known = state.profile.find("education");
  const std::string before = known != state.profile.end() ? known->second : std::string();
  absorb_profile_facts(match, state, flow, wishes);
  combine_degree_held(match, state, flow, before);
}

const knowledge::Career* focus_career(const Content& content, SessionState& state, const MatchResult& match) {
  const auto& kb = *content.knowledge;
  if (const auto it = match.entities.find("career"); it != match.entities.end()) {
    if (const auto* career = kb.find(it->second)) {
      state.career = career->slug;
      return career;
    }
  }
  if (!state.career.empty())
    if (const auto* career = kb.find(state.career)) return career;
  if (kb.careers().size() == 1) {
    state.career = kb.careers().front().slug;
    return &kb.careers().front();
  }
  return nullptr;
}

class TurnBuilder {
 public:
  TurnBuilder(const Content& content, SessionState& state, const SafeguardingContacts& contacts)
      : content_(content), state_(state), contacts_(contacts) {}

  Turn run(std::string_view raw_text, const Screening* screened);

 private:
  const AnswerBook& book() const { return *content_.answers; }
  const FlowDef& flow() const { return *content_.planner; }
  const Intent* find(std::string_view name) const { return content_.intents->find(name); }

  // The career to word general answers with when none is in focus.
  const knowledge::Career& any_career() const {
    if (career_ != nullptr) return *career_;
    return content_.knowledge->careers().front();
  }

  void answer_intent(const Intent& intent, std::map<std::string, std::string> entities);
  void fallback(std::string_view text_key, bool search_related);
  void reply_text(std::string text) { turn_.reply.text = std::move(text); }
  bool answer_flow_slot(std::string_view text, bool asks);
  void focus_on_stage(std::string_view stage);
  void advance_flow(const std::string& prefix);
  bool stream_newly_undecided() const;
  void start_flow();
  bool absorb_topics();
  bool what_if();
  std::string render_line(std::string_view phrase) const;
  std::string general_requirement() const;
  bool safeguard(std::optional<Concern> concern);
  bool answer_listed_item(const MatchResult& match);
  bool ask_about_listed_item(const MatchResult& match, const knowledge::Fact& item);
  // True when the message names a city or country that no item of the last list mentions.
  bool names_place_off_list(const MatchResult& match) const;
  bool yes_or_no_after_question(std::string_view text) const;
  bool is_yes_or_no(const Intent* intent) const {
    return intent != nullptr && (intent == with_role("answer_yes") || intent == with_role("answer_no"));
  }
  const Intent* topic_named_by_rules(const MatchResult& match) const;
  void answer_second_question(const Intent& first);
  void continue_flow(std::string_view text, const MatchResult& match, const Intent* intent);
  void answer_plan_now(std::string_view text, const MatchResult& match);
  bool asks_career_questions();
  struct PartMatch {
    const Intent* intent;
    MatchResult match;
  };
  const std::vector<PartMatch>& matched_parts();
  const std::vector<std::string>& asking_parts();
  bool several_questions();
  std::pair<Reply, std::vector<std::string>> extra_answer(const Intent& intent,
                                                          const std::map<std::string, std::string>& entities);
  void answer_aside();
  bool answer_named_item(const MatchResult& match);
  bool answer_item_in_span(const MatchResult& match);
  bool compare_listed_routes(const MatchResult& match);
  bool walk_route_steps(const MatchResult& match);
  const Intent* with_role(std::string_view role) const;

  const Content& content_;
  SessionState& state_;
  const SafeguardingContacts& contacts_;
  const knowledge::Career* career_ = nullptr;
  std::string_view text_;                                 // this turn's message: Screening::text
  std::string stream_at_start_;                           // the profile's stream before this turn
  std::optional<std::vector<PartMatch>> part_matches_;    // matched_parts(), once per turn
  std::optional<std::vector<std::string>> asking_parts_;  // question_parts(text_), once per turn
  Turn turn_;
};

const Intent* TurnBuilder::with_role(std::string_view role) const {
  return content_.intents->with_role(role);
}

// "What's in the third one?", "explain the last one": the item of the list the bot just showed. A
// route is answered as that route; any other item is shown as the list showed it.
bool TurnBuilder::answer_listed_item(const MatchResult& match) {
  if (state_.last_list.empty() || match.entities.contains("route")) return false;
  const auto it = match.entities.find("ordinal");
  const auto step = match.entities.find("route_step");
  const bool next = it == match.entities.end() && step != match.entities.end() && step->second == "next";
  if (it == match.entities.end() && !next) return answer_named_item(match);
  // "ok last one, Mumbai?": a place named beside the position that the list does not hold is the last
  // question asked again ("the last one, is it in the USA too?" asks about the item).
  if (names_place_off_list(match)) return false;
  std::size_t number = 0;
  if (next || it->second == "following") {  // "phir uske baad?" after one item: the item after it
    if (state_.last_item == 0) return false;
    number = static_cast<std::size_t>(state_.last_item) + 1;
  } else if (it->second == "previous") {  // "the one before that": the item before it
    if (state_.last_item <= 1) return false;
    number = static_cast<std::size_t>(state_.last_item) - 1;
  } else if (it->second == "last") {
    number = state_.last_list.size();
  } else if (it->second == "second_last") {  // "the second last one": none in a list of one
    number = state_.last_list.size() - 1;
  } else if (it->second == "middle") {  // only a list of odd length has one
    if (state_.last_list.size() % 2 == 0) return false;
    number = state_.last_list.size() / 2 + 1;
  } else if (it->second == "top") {  // the highest career level; the first item of any other list
    const Intent* listed = find(state_.last_intent);
    number = listed != nullptr && listed->ranked_list ? state_.last_list.size() : 1;
  } else {
    try {
      number = static_cast<std::size_t>(std::stoul(it->second));
    } catch (const std::exception&) {
      return false;
    }
  }
  if (number == 0 || number > state_.last_list.size()) return false;
  state_.last_item = static_cast<int>(number);
  const std::string& key = state_.last_list[number - 1];
  const knowledge::Career& career = any_career();
  for (const auto& route : career.routes)
    if (route.fact.key == key)
      if (const Intent* detail = with_role("one_route")) {
        turn_.route = "follow_up";
        answer_intent(*detail, {{"route", std::to_string(route.number)}});
        // "does the 2nd one need a master's?": "and after finishing it?" goes on from that stage.
        if (const auto stage = match.entities.find("step"); stage != match.entities.end())
          focus_on_stage(stage->second);
        return true;
      }
  // "The azure one - how long to get it?": the time of that kind of item, not the item again (the
  // last topic's words give its stage below).
  if (const Intent* own = find(match.intent);
      own != nullptr && (own == with_role("stage_lengths") || own == with_role("route_duration")))
    return false;
  const knowledge::Fact* fact = career.find_fact(key);
  if (fact == nullptr) return false;
  if (ask_about_listed_item(match, *fact)) return true;
  std::string item = fact->title.empty() ? fact->text : fact->title + ": " + fact->text;
  for (const auto& area : career.responsibilities)  // an area of work: its duties, one per line
    if (area.fact.key == key) {
      item = area.fact.title + ":";
      for (const auto& duty : area.items) item += "\n- " + duty.text;
    }
  turn_.route = "follow_up";
  turn_.answered_intent = state_.last_intent;
  turn_.reply.intent = state_.last_intent;
  turn_.reply.text =
      fill(book().text("phrases", "listed_item"), {{"number", std::to_string(number)}, {"item", item}});
  turn_.fact_keys = {fact->key};
  turn_.reply.sources = {fact->source};
  if (const Intent* last = find(state_.last_intent)) turn_.reply.suggestions = last->suggestions;
  return true;
}

// "The first one, do they have some ML certification?" after a list of employers: a question about
// the item, on another topic. Read with the item's name before it; answered when the name tells that
// question something (Google: certifications from Google) and the reading is a question on a topic
// other than the list's. A bare reference ("the first one", "explain the last one") stays a request
// for the item itself, and so does a question the item answers ("which companies hire for the first
// one?" after the career levels, each of which names its employers).
bool TurnBuilder::ask_about_listed_item(const MatchResult& match, const knowledge::Fact& item) {
  if (item.title.empty() || match.tokens.size() <= kShortReferenceWords) return false;
  const MatchResult named = content_.matcher->match(item.title + " " + match.normalized);
  // Only a company or a place counts: a certification's title ("Certification in Microsoft Azure ...")
  // also says "certification", which only restates the list's topic.
  static constexpr std::string_view kNamingEntities[] = {"provider", "employer", "city", "country"};
  const bool name_tells =
      std::any_of(std::begin(kNamingEntities), std::end(kNamingEntities), [&](std::string_view kind) {
        const std::string key(kind);
        return named.entities.contains(key) && !match.entities.contains(key);
      });
  if (!name_tells) return false;
  const Intent* asked = find(named.intent);
  if (asked == nullptr || asked->fallback || named.confidence < kUnsureQuestion ||
      named.intent == state_.last_intent)
    return false;
  turn_.route = "follow_up";
  answer_intent(*asked, named.entities);
  return true;
}

// A listed item's words, folded and padded, to find a name in it ("Ph.D." is "the PhD one").
std::string item_words(const knowledge::Fact& fact) {
  std::string item = fact.title + " " + fact.text;
  std::erase(item, '.');
  return " " + fold_words(item) + " ";
}

bool TurnBuilder::names_place_off_list(const MatchResult& match) const {
  const knowledge::Career& career = any_career();
  for (const char* kind : {"city", "country"}) {
    const auto place = match.entities.find(kind);
    if (place == match.entities.end()) continue;
    const std::string wanted = " " + fold_words(place->second) + " ";
    const bool on_list =
        std::any_of(state_.last_list.begin(), state_.last_list.end(), [&](const std::string& key) {
          const knowledge::Fact* fact = career.find_fact(key);
          return fact != nullptr && item_words(*fact).find(wanted) != std::string::npos;
        });
    if (!on_list) return true;
  }
  return false;
}

// The 0-based places on a list of `size` items that a `list_span` value names: "first_two", "last_two"
// or "2,3"; none for a list too short or another value.
std::vector<std::size_t> span_positions(std::string_view span, std::size_t size) {
  std::vector<std::size_t> positions;
  if (size < 2) return positions;
  if (span.find(',') != std::string_view::npos) {
    for (const char c : span)
      if (c >= '1' && c <= '9') positions.push_back(static_cast<std::size_t>(c - '1'));
  } else if (span == "first_two" || span == "last_two") {
    const std::size_t first = span == "last_two" ? size - 2 : 0;
    positions = {first, first + 1};
  }
  return positions;
}

// "Of the first two, which is shorter?", "compare 1 and 3" or "between the second and the third one"
// after a list of routes, or "of these two, which is faster?" after two routes' answers: those routes
// side by side, by the guide's durations. A step whose length the guide does not give never makes a
// route look quicker. "Compare" with no "shorter" or "longer" says which is shorter.
bool TurnBuilder::compare_listed_routes(const MatchResult& match) {
  const auto span = match.entities.find("list_span");
  const auto comparison = match.entities.find("comparison");
  if (span == match.entities.end()) return false;
  const bool by_number = span->second.find(',') != std::string::npos;
  const bool these_two = span->second == "these_two";
  if (comparison == match.entities.end() && !by_number) return false;
  const knowledge::Career& career = any_career();
  std::vector<const knowledge::Route*> routes;
  if (these_two) {
    try {
      for (const std::string* number : {&state_.previous_route, &state_.last_route})
        if (!number->empty())
          if (const knowledge::Route* route = career.route(std::stoi(*number))) routes.push_back(route);
    } catch (const std::exception&) {
      return false;
    }
  } else {
    for (const std::size_t i : span_positions(span->second, state_.last_list.size()))
      for (const auto& route : career.routes)
        if (i < state_.last_list.size() && route.fact.key == state_.last_list[i]) routes.push_back(&route);
  }
  if (routes.size() != 2 || routes[0] == routes[1]) return false;  // the list was not of routes
  std::vector<RouteTime> times;
  for (const auto* route : routes) times.push_back(route_time(*route));
  const bool shorter = comparison == match.entities.end() || comparison->second == "shorter";
  const bool tie = !quicker(times[0], times[1]) && !quicker(times[1], times[0]);
  const std::size_t pick = quicker(times[0], times[1]) == shorter ? 0 : 1;
  const char* phrase = tie ? "compared_same" : shorter ? "compared_shorter" : "compared_longer";
  std::string text =
      fill(book().text("phrases", phrase),
           {{"pair", routes[0]->name + " and " + routes[1]->name}, {"route", routes[pick]->name}});
  for (std::size_t i = 0; i < 2; ++i) {
    text +=
        "\n" + fill(book().text("phrases", "compared_route"), {{"route", routes[i]->name},
                                                               {"summary", routes[i]->summary},
                                                               {"time", describe_time(times[i], book())},
                                                               {"steps", step_times(*routes[i], book())}});
    turn_.fact_keys.push_back(routes[i]->fact.key);
    turn_.reply.sources.push_back(routes[i]->fact.source);
  }
  turn_.route = "follow_up";
  const Intent* timing = with_role("route_duration");
  turn_.answered_intent = timing != nullptr ? timing->name : state_.last_intent;
  turn_.reply.intent = turn_.answered_intent;
  turn_.reply.text = std::move(text);
  if (timing != nullptr) turn_.reply.suggestions = timing->suggestions;
  state_.last_route = std::to_string(routes[pick]->number);
  return true;
}

// The 1-based number of the first step of `route` at `stage` ("masters"), 0 when it has none.
int step_number(const knowledge::Route& route, std::string_view stage) {
  for (std::size_t i = 0; i < route.steps.size(); ++i)
    if (route.steps[i].stage == stage) return static_cast<int>(i) + 1;
  return 0;
}

// "What's the first step of route 2?", then "then what?", "and after that?": one step at a time, in the
// route's order. "Then what?" walks on only while a step is in focus; otherwise it is left to the matcher.
bool TurnBuilder::walk_route_steps(const MatchResult& match) {
  const auto step_entity = match.entities.find("route_step");
  // "How long is that?" about the step in focus: that step's length, and the walk goes on after it.
  const Intent* intent = find(match.intent);
  const bool how_long = state_.last_step > 0 && match.entities.contains("reference") && intent != nullptr &&
                        (intent == with_role("stage_lengths") || intent == with_role("route_duration"));
  // "Certification ke baad kya?": the step after a named stage of the route in focus.
  const auto stage = match.entities.find("step");
  // ("after degree what comes next" names the stage too: the stage wins over a plain "next", and the
  // first step after 12th is the one after it, not Step 1.)
  const bool after_stage =
      !how_long &&
      (step_entity == match.entities.end() || step_entity->second == "next" || step_entity->second == "1") &&
      match.entities.contains("step_after") && stage != match.entities.end();
  // "How long is the abroad part in that route?": the named stage of a route the question points at
  // is put in focus, so "then what?" walks on from it.
  const bool points_at_route = match.entities.contains("route") ||
                               (!state_.last_route.empty() && (match.entities.contains("reference") ||
                                                               match.entities.contains("route_in_focus")));
  // Not "the masters route", which names the route by its stage.
  const bool stage_time = !how_long && !after_stage && step_entity == match.entities.end() &&
                          stage != match.entities.end() && points_at_route &&
                          !match.entities.contains("route_by_stage") && intent != nullptr &&
                          intent == with_role("route_duration");
  if (step_entity == match.entities.end() && !how_long && !after_stage && !stage_time) return false;
  const bool next = !how_long && !after_stage && !stage_time && step_entity->second == "next";
  if (next && state_.last_step == 0) return false;
  const auto route_entity = match.entities.find("route");
  const std::string& route_number =
      route_entity != match.entities.end() ? route_entity->second : state_.last_route;
  const knowledge::Route* route = nullptr;
  int number = 0;
  try {
    route = route_number.empty() ? nullptr : any_career().route(std::stoi(route_number));
    if (after_stage || stage_time) {
      const int named = route != nullptr ? step_number(*route, stage->second) : 0;
      if (named == 0) return false;
      number = stage_time ? named : named + 1;
    } else {
      number = how_long ? state_.last_step : next ? state_.last_step + 1 : std::stoi(step_entity->second);
    }
  } catch (const std::exception&) {
    return false;
  }
  if (route == nullptr || route->steps.empty()) return false;
  const int count = static_cast<int>(route->steps.size());
  if (number < 1) return false;
  if (number > count) {
    turn_.reply.text = fill(book().text("phrases", "route_step_done"),
                            {{"route", route->name}, {"outcome", route->outcome}});
    state_.last_step = 0;
  } else {
    const knowledge::RouteStep& step = route->steps[static_cast<std::size_t>(number - 1)];
    // "How long" names the length in its own words.
    const bool names_time = how_long || stage_time;
    const std::string text = names_time ? step.fact.text : with_duration(step);
    const char* phrase = names_time ? (step.duration.known() ? "route_step_time" : "route_step_no_time")
                                    : (number == count ? "route_step_last" : "route_step");
    turn_.reply.text = fill(book().text("phrases", phrase), {{"number", std::to_string(number)},
                                                             {"route", route->name},
                                                             {"step", text},
                                                             {"time", step.duration.text}});
    turn_.fact_keys = {step.fact.key};
    turn_.reply.sources = {step.fact.source};
    state_.last_step = number == count ? 0 : number;
  }
  const Intent* detail = with_role("one_route");
  turn_.route = "follow_up";
  turn_.answered_intent = detail != nullptr ? detail->name : state_.last_intent;
  turn_.reply.intent = turn_.answered_intent;
  if (detail != nullptr) {
    turn_.reply.suggestions = detail->suggestions;
    state_.last_intent = detail->name;
  }
  state_.last_route = std::to_string(route->number);
  return true;
}

// "Of the first two, which one is in Bangalore?": the one item of those whose words name that city.
bool TurnBuilder::answer_item_in_span(const MatchResult& match) {
  const auto span = match.entities.find("list_span");
  const auto city = match.entities.find("city");
  if (span == match.entities.end() || city == match.entities.end()) return false;
  const std::string word = " " + fold_words(city->second) + " ";
  const knowledge::Career& career = any_career();
  std::size_t found = 0;
  for (const std::size_t i : span_positions(span->second, state_.last_list.size())) {
    const knowledge::Fact* fact =
        i < state_.last_list.size() ? career.find_fact(state_.last_list[i]) : nullptr;
    if (fact == nullptr || item_words(*fact).find(word) == std::string::npos) continue;
    if (found != 0) return false;  // both: no one item to name
    found = i + 1;
  }
  if (found == 0) return false;
  MatchResult by_number = match;
  by_number.entities.erase("list_span");
  by_number.entities["ordinal"] = std::to_string(found);
  return answer_listed_item(by_number);
}

// "The Microsoft one": the one item of the last list whose words include that name. "The one just
// before the PhD one": the item beside it.
bool TurnBuilder::answer_named_item(const MatchResult& match) {
  const auto beside = match.entities.find("item_beside");
  const auto it = beside != match.entities.end() ? beside : match.entities.find("named_item");
  if (it == match.entities.end()) return false;
  const std::size_t colon = beside != match.entities.end() ? it->second.find(':') : std::string::npos;
  const std::string name = colon == std::string::npos ? it->second : it->second.substr(colon + 1);
  const std::string word = " " + fold_words(name) + " ";
  const knowledge::Career& career = any_career();
  std::size_t found = 0;
  for (std::size_t i = 0; i < state_.last_list.size(); ++i) {
    const knowledge::Fact* fact = career.find_fact(state_.last_list[i]);
    if (fact == nullptr || item_words(*fact).find(word) == std::string::npos) continue;
    if (found != 0) return false;  // more than one: not a reference we can resolve
    found = i + 1;
  }
  if (found == 0) return false;
  if (colon != std::string::npos) found = it->second.starts_with("before") ? found - 1 : found + 1;
  if (found == 0 || found > state_.last_list.size()) return false;
  MatchResult by_number = match;
  by_number.entities["ordinal"] = std::to_string(found);
  return answer_listed_item(by_number);
}

// The first step every route shares ("10+2 with Science or relevant subjects"), without its full stop.
std::string TurnBuilder::general_requirement() const {
  const auto& routes = any_career().routes;
  std::string requirement;
  if (!routes.empty() && !routes.front().steps.empty()) {
    requirement = routes.front().steps.front().fact.text;
    while (!requirement.empty() && requirement.back() == '.') requirement.pop_back();
  }
  return requirement;
}

// Words that open a second question after "and" ("what it is and in which sectors they work").
constexpr std::string_view kSecondQuestion[] = {"what", "which", "how", "where", "who", "when", "why"};
constexpr std::string_view kPrepositions[] = {"in", "for", "at", "from", "to", "with"};

// "and" followed by an asking word, past a preposition: the start of a second question.
bool and_asks(std::string_view folded, std::size_t after) {
  const auto next_word = [&]() {  // `folded` is lower-case already
    while (after < folded.size() && std::isalnum(static_cast<unsigned char>(folded[after])) == 0) ++after;
    const std::size_t start = after;
    while (after < folded.size() && std::isalnum(static_cast<unsigned char>(folded[after])) != 0) ++after;
    return folded.substr(start, after - start);
  };
  std::string_view word = next_word();
  if (is_one_of(kPrepositions, word)) word = next_word();
  return is_one_of(kSecondQuestion, word);
}

// Where a joint ("aur", "plus", "and also") splits a message: a boundary, but no question mark (in
// "online certificates kar sakti hu, aur abroad ..." the part before it tells, it does not ask).
constexpr char kJoint = '\x01';

// The parts of a message that ask something: split at sentence ends, at "and also", "also,", "plus",
// "aur", and at "and" before an asking word; parts of three words or more that end in a question mark
// or open with an asking word.
std::vector<std::string> question_parts(std::string_view text) {
  // Most messages are one sentence with no joint: no allocation for them.
  std::size_t boundaries = 0;
  std::size_t last_boundary = std::string_view::npos;
  for (std::size_t i = 0; i < text.size(); ++i)
    if (text[i] == '?' || text[i] == '.' || text[i] == '!') {
      ++boundaries;
      last_boundary = i;
    }
  const bool ends_there = last_boundary != std::string_view::npos &&
                          text.find_first_not_of(" ?.!", last_boundary) == std::string_view::npos;
  const bool joined =
      text.find(" also") != std::string_view::npos || text.find(" plus ") != std::string_view::npos ||
      text.find(" aur ") != std::string_view::npos || text.find(" Also") != std::string_view::npos ||
      text.find(" and ") != std::string_view::npos;
  if (!joined && (boundaries == 0 || (boundaries == 1 && ends_there))) return {};
  std::string folded;
  for (const char c : text) folded += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const std::string_view joint : {" and also ", ", also ", " also, ", " plus ", " aur "})
    for (std::size_t at = folded.find(joint); at != std::string::npos; at = folded.find(joint, at + 1))
      folded.replace(at, joint.size(), std::string(joint.size() - 1, ' ') + kJoint);
  // "... what it is and in which sectors they work": the part before such an "and" asks too.
  for (std::size_t at = folded.find(" and "); at != std::string::npos; at = folded.find(" and ", at + 1))
    if (and_asks(folded, at + 5)) folded.replace(at, 5, "    ?");
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= folded.size(); ++i) {
    if (i < folded.size() && folded[i] != '?' && folded[i] != '.' && folded[i] != '!' && folded[i] != kJoint)
      continue;
    const std::string part = folded.substr(start, i - start);
    const std::vector<std::string> words = lower_words(part);
    // A part asks when a question mark ends it or an asking word opens it ("read that ML is used in
    // drug discovery." tells, it does not ask).
    const bool asks = (i < folded.size() && folded[i] == '?') || opens_with_asking(words);
    // It must name something beyond asking words: "aur kaun kaun se" only asks the first part again.
    const bool names_something = std::any_of(words.begin(), words.end(), [](const std::string& word) {
      return word.size() >= 3 && !is_asking_word(word) && !is_one_of(kFillers, word);
    });
    if (words.size() >= 3 && asks && names_something) parts.push_back(part);
    start = i + 1;
  }
  return parts;
}

// Whether a part of a message of several asks a career question the matcher is sure of ("I have worked
// in accounts for ten years. Which certifications exist, and also who hires in India?"): such a
// message asks those questions; it does not ask for a plan.
bool TurnBuilder::asks_career_questions() {
  if (!several_questions()) return false;
  const auto& parts = matched_parts();
  return std::any_of(parts.begin(), parts.end(), [](const PartMatch& part) {
    return part.match.confidence >= kConfidentCareerQuestion && !part.intent->plan_when_personal;
  });
}

// Each asking part of a message of several sentences or joined questions, matched once per turn: those
// the matcher places with an intent that answers a career question (not a fallback, the small talk or
// the planner).
const std::vector<TurnBuilder::PartMatch>& TurnBuilder::matched_parts() {
  if (part_matches_) return *part_matches_;
  part_matches_.emplace();
  for (const auto& part : asking_parts()) {
    MatchResult m = content_.matcher->match(part);
    const Intent* asked = m.intent == intent::kFallbackIntent ? nullptr : find(m.intent);
    if (asked != nullptr && !asked->fallback && !asked->general && asked->name != flow().start_intent())
      part_matches_->push_back({asked, std::move(m)});
  }
  return *part_matches_;
}

const std::vector<std::string>& TurnBuilder::asking_parts() {
  if (!asking_parts_) asking_parts_ = question_parts(text_);
  return *asking_parts_;
}

// Two or more parts of the message ask something: only then are the parts matched one by one.
bool TurnBuilder::several_questions() {
  return asking_parts().size() >= 2;
}

// `intent`'s answer as a second one in this turn: its reply and facts, with the turn's own reply,
// facts, route and answered intent left as they were (the session's topic is the second answer's).
std::pair<Reply, std::vector<std::string>> TurnBuilder::extra_answer(
    const Intent& intent, const std::map<std::string, std::string>& entities) {
  Reply own = std::move(turn_.reply);
  std::vector<std::string> own_facts = std::move(turn_.fact_keys);
  const std::string answered = turn_.answered_intent;
  const std::string route = turn_.route;
  answer_intent(intent, entities);
  std::pair<Reply, std::vector<std::string>> extra{std::move(turn_.reply), std::move(turn_.fact_keys)};
  turn_.reply = std::move(own);
  turn_.fact_keys = std::move(own_facts);
  turn_.answered_intent = answered;
  turn_.route = route;
  return extra;
}

// "masters no. btw are kaggle competitions actually useful?": the answer moved the plan on; a career
// question asked beside it in its own sentence is answered first, then the plan's next line.
void TurnBuilder::answer_aside() {
  for (const auto& [asked, m] : matched_parts()) {
    if (!asked->required_entities.empty() || m.confidence < kConfidentCareerQuestion) continue;
    auto [aside, facts] = extra_answer(*asked, m.entities);
    const std::string& plan = turn_.reply.text;
    aside.text += "\n\n" + (state_.flow.active() ? fill(flow().text("resume"), {{"question", plan}}) : plan);
    turn_.reply.text = std::move(aside.text);
    aside.sources.insert(aside.sources.end(), turn_.reply.sources.begin(), turn_.reply.sources.end());
    turn_.reply.sources = std::move(aside.sources);
    turn_.fact_keys.insert(turn_.fact_keys.end(), facts.begin(), facts.end());
    turn_.answered_intent = asked->name;
    return;  // one aside: a message of several questions is not a plan answer
  }
}

// "Which certifications exist for this field, and also which companies in India hire?": two
// questions, two answers. A part answered by another intent the matcher is sure of (not the planner,
// nor an intent that needs a route named) adds its answer after the first one.
void TurnBuilder::answer_second_question(const Intent& first) {
  if (!several_questions()) return;
  std::vector<const PartMatch*> others;
  bool first_asked = false;
  for (const auto& part : matched_parts()) {
    if (part.intent == &first)
      first_asked = true;
    else if (part.match.confidence >= kUnsureQuestion && part.intent->required_entities.empty())
      others.push_back(&part);
  }
  if (others.empty()) return;
  // Read whole, "which certifications are there, and also who hires in Pune?" looked like neither
  // question (the certification route): each part's own answer instead.
  if (!first_asked && others.size() >= 2) {
    answer_intent(*others.front()->intent, others.front()->match.entities);
    others.erase(others.begin());
  }
  // Two answers at most: a long message gets its two clearest questions answered.
  // "The second one" afterwards means the first answer's list and topic, which the reply shows first.
  std::vector<std::string> first_list = state_.last_list;
  const std::string first_topic = state_.last_intent;
  auto [second, facts] = extra_answer(*others.front()->intent, others.front()->match.entities);
  state_.last_list = std::move(first_list);
  state_.last_intent = first_topic;
  turn_.reply.text += "\n\n" + second.text;
  for (auto& source : second.sources)
    if (std::find(turn_.reply.sources.begin(), turn_.reply.sources.end(), source) ==
        turn_.reply.sources.end())
      turn_.reply.sources.push_back(std::move(source));
  turn_.fact_keys.insert(turn_.fact_keys.end(), facts.begin(), facts.end());
}

std::string TurnBuilder::render_line(std::string_view phrase) const {
  return fill(phrase, {{"career", any_career().name}, {"careers", content_.careers_list}});
}

void TurnBuilder::fallback(std::string_view text_key, bool search_related) {
  turn_.route = "fallback";
  turn_.unanswered = search_related;
  turn_.reply.intent = std::string(intent::kFallbackIntent);
  std::string text = render_line(book().text("fallback", text_key));
  if (search_related && career_ != nullptr) {
    // Related facts only when the search finds something clearly relevant; never presented as
    // the answer, only as "this part of the guide may help".
    const auto hits = content_.knowledge->search(turn_.match.normalized, 2, career_->slug);
    std::vector<const knowledge::SearchHit*> strong;
    for (const auto& hit : hits)
      if (hit.score >= 4.0) strong.push_back(&hit);
    if (!strong.empty()) {
      text += "\n" + book().text("fallback", "related");
      for (const auto* hit : strong) {
        text += "\n- " + hit->fact.text;
        turn_.fact_keys.push_back(hit->fact.key);
        if (std::find(turn_.reply.sources.begin(), turn_.reply.sources.end(), hit->fact.source) ==
            turn_.reply.sources.end())
          turn_.reply.sources.push_back(hit->fact.source);
      }
    }
  }
  turn_.reply.text = std::move(text);
  turn_.reply.suggestions = book().list("fallback", "suggestions");
}

void TurnBuilder::answer_intent(const Intent& intent, std::map<std::string, std::string> entities) {
  const AnswerTemplate* answer = book().find(intent.answer);
  if (answer == nullptr) {  // lint prevents this; stay honest if it happens anyway
    fallback("text", false);
    return;
  }
  // "Is DeepMind in America or in England?": an employer the guide names, named in the question,
  // narrows the employer lists to it (the first word of its name, as a whole word). Not when the
  // question asks for the rest of the list (entity `others`: "who else hires in Mumbai besides
  // TCS?"), nor in an ellipsis that reuses the last question ("'Tech Mahindra, Pune' - got it. And
  // Mumbai?").
  // Only for the answers that can use it (AnswerTemplate::filters_by_employer), so other turns do no
  // work for it.
  if (answer->filters_by_employer && !turn_.match.entities.contains("others") &&
      !turn_.match.entities.contains("ellipsis")) {
    const std::string padded = " " + turn_.match.normalized + " ";
    for (const auto& employer : any_career().employers) {
      const std::string words = fold_words(employer.name);
      const std::string first = words.substr(0, words.find(' '));
      if (first.size() >= 3 && padded.find(" " + first + " ") != std::string::npos) {
        entities.emplace("employer", employer.name);
        break;
      }
    }
  }
  // What the student told us earlier personalises answers (e.g. eligibility for a commerce student).
  for (const auto& [key, value] : state_.profile)
    if (value != "unknown" && value != "unsure") entities.emplace(key, value);
  const AnswerRenderer renderer(book());
  Rendered rendered = renderer.render(*answer, {any_career(), entities, content_.careers_list});
  turn_.answered_intent = intent.name;
  turn_.reply.intent = intent.fallback ? std::string(intent::kFallbackIntent) : intent.name;
  // One item of the list just shown ("which one of them is in the UK?" gives DeepMind) keeps that list
  // in focus, and points at its place in it: "the first one" after it is still the list's first.
  const auto kept = rendered.listed.size() == 1 && state_.last_intent == intent.name
                        ? std::find(state_.last_list.begin(), state_.last_list.end(), rendered.listed.front())
                        : state_.last_list.end();
  if (kept != state_.last_list.end()) {
    state_.last_item = static_cast<int>(kept - state_.last_list.begin()) + 1;
  } else if (!rendered.listed.empty()) {
    state_.last_list = std::move(rendered.listed);
    state_.last_item = 0;
  }
  turn_.reply.text = std::move(rendered.text);  // moved, not copied: the answer text is the largest string
  turn_.reply.sources = std::move(rendered.sources);
  turn_.fact_keys = std::move(rendered.fact_keys);
  turn_.reply.suggestions = intent.suggestions;
  if (turn_.route.empty()) turn_.route = "intent";

  state_.last_intent = intent.name;
  const std::string route_before = state_.last_route;
  if (const auto it = entities.find("route"); it != entities.end() && !intent.required_entities.empty())
    state_.last_route = it->second;
  if (!intent.sets_route.empty()) state_.last_route = intent.sets_route;
  if (&intent == with_role("one_route") || &intent == with_role("route_duration"))
    if (const auto it = entities.find("route"); it != entities.end()) state_.last_route = it->second;
  if (!route_before.empty() && state_.last_route != route_before) state_.previous_route = route_before;
  // An answer about one stage ("how long are the certifications?", "the master's in the 2nd one"):
  // "then what?" goes on from it. A route named by its stage ("the certification route") is the
  // whole route.
  const bool stage_of_route = (&intent == with_role("one_route") || !intent.sets_route.empty()) &&
                              (entities.contains("route") || entities.contains("ordinal")) &&
                              !entities.contains("route_by_stage");
  if (const auto stage = entities.find("step");
      stage != entities.end() && (&intent == with_role("route_duration") || stage_of_route))
    focus_on_stage(stage->second);
}

// The stage's step becomes the one in focus: on the route in focus, or else the first route that has
// it. Nothing changes for a stage no route has or a route's last step (nothing comes after it).
void TurnBuilder::focus_on_stage(std::string_view stage) {
  const knowledge::Career& career = any_career();
  const knowledge::Route* route = nullptr;
  int number = 0;
  try {
    route = state_.last_route.empty() ? nullptr : career.route(std::stoi(state_.last_route));
  } catch (const std::exception&) {
    route = nullptr;
  }
  if (route != nullptr) number = step_number(*route, stage);
  for (std::size_t i = 0; number == 0 && i < career.routes.size(); ++i) {
    route = &career.routes[i];
    number = step_number(*route, stage);
  }
  if (number == 0 || number == static_cast<int>(route->steps.size())) return;
  state_.last_route = std::to_string(route->number);
  state_.last_step = number;
}

// True when this turn's message told an undecided stream the profile did not hold before ("which stream
// should I take?", "not decided yet").
bool TurnBuilder::stream_newly_undecided() const {
  const auto& undecided = flow().plan().streams_undecided;
  const auto stream = state_.profile.find("stream");
  return stream != state_.profile.end() && stream->second != stream_at_start_ &&
         std::find(undecided.begin(), undecided.end(), stream->second) != undecided.end();
}

void TurnBuilder::advance_flow(const std::string& prefix) {
  const FlowSlot* slot = flow().next_slot(state_.profile);
  turn_.reply.intent = flow().start_intent();
  turn_.answered_intent = flow().start_intent();
  if (slot != nullptr) {
    state_.flow.slot = slot->slot;
    state_.flow.reprompts = 0;
    std::string said = prefix;
    // "Which stream do I pick?" or "not decided yet" for the stream: what the guide says about streams
    // comes now, not only with the recommendation at the end.
    if (stream_newly_undecided()) {
      const std::string line =
          fill(flow().text("result", "stream_undecided"), {{"requirement", general_requirement()}});
      said = said.empty() ? line : said + "\n" + line;
    }
    turn_.reply.text = said.empty() ? slot->question : said + "\n" + slot->question;
    turn_.reply.suggestions = slot->labels();
    return;
  }
  const knowledge::Career& career = any_career();
  const Plan plan = make_plan(flow(), book(), career, state_.profile);
  state_.flow.finished = true;
  state_.flow.slot.clear();
  if (plan.best_route > 0) state_.last_route = std::to_string(plan.best_route);
  turn_.reply.text = prefix.empty() ? plan.text : prefix + "\n" + plan.text;
  turn_.reply.suggestions = plan.suggestions;
  turn_.reply.sources = plan.sources;
  turn_.fact_keys = plan.fact_keys;
}

// Yes/no answers the message gives in passing ("no master's, certifications if possible") go into the
// profile. True when they answer the question the plan is waiting on.
bool TurnBuilder::absorb_topics() {
  const auto answers = flow().read_topics(text_);
  // A message that says where the student stands names the degrees they hold without wishing for one
  // ("I'm 28, MBA in marketing ... I want to switch to ML": no wish for a master's): a yes the plan
  // would not ask about at that stage is not read from it. (A no is kept: "no way im doing a masters"
  // also reads as a master's in progress.)
  const bool states_stage = turn_.match.entities.contains("education");
  // An entity's pattern ("not doing a master's") is more precise than the nearest answer phrase.
  for (const auto& [slot, value] : answers) {
    const FlowSlot* asked = flow().find(slot);
    if (states_stage && value == "yes" && asked != nullptr && !asked->ask_if.slot.empty() &&
        !asked->ask_if.holds(state_.profile))
      continue;
    if (!turn_.match.entities.contains(slot)) state_.profile[slot] = value;
  }
  return !state_.flow.slot.empty() && answers.contains(state_.flow.slot);
}

void TurnBuilder::start_flow() {
  turn_.route = "flow_start";
  // Asked again after a plan it has already given ("ok what do you recommend?"), with nothing left to
  // ask, the student gets the plan alone: the intro and its notes are in the plan already.
  const bool planned_before = state_.flow.finished && state_.flow.name == flow().name();
  state_.flow = FlowState{};
  state_.flow.name = flow().name();
  absorb_topics();
  if (planned_before && flow().next_slot(state_.profile) == nullptr) {
    advance_flow("");
    state_.last_intent = flow().start_intent();
    return;
  }
  // The intro quotes the general requirement before the first question.
  std::string intro = flow().text("intro");
  const std::string requirement = general_requirement();
  intro = fill(intro, {{"requirement", requirement}});
  // A stream the guide does not name ("I took commerce, can I still do this?") is answered at once,
  // honestly, before the first question: the guide neither allows nor rules it out.
  if (const auto it = state_.profile.find("stream");
      it != state_.profile.end() && flow().plan().stream_unclear(it->second))
    intro += "\n" + unclear_stream_line(flow(), "stream_unclear", it->second, requirement);
  advance_flow(intro);
  state_.last_intent = flow().start_intent();
}

bool TurnBuilder::answer_flow_slot(std::string_view text, bool asks) {
  const FlowSlot* slot = flow().find(state_.flow.slot);
  if (slot == nullptr) {
    state_.flow = FlowState{};
    return false;
  }
  if (const auto value = flow().interpret(*slot, text, turn_.match, asks)) {
    state_.profile[slot->slot] = *value;
    turn_.route = "flow";
    turn_.reply.confidence = 1.0;  // the answer to the question asked
    advance_flow("");
    return true;
  }
  return false;
}

bool TurnBuilder::what_if() {
  if (!state_.flow.finished) return false;
  // "what if", "suppose", ...: the `hypothetical` entity (entities.yaml). A plain statement that
  // changes what the student said ("we'd prefer he stays in India") is one too.
  const bool hypothetical = turn_.match.entities.contains("hypothetical");
  const bool question = is_question(text_, turn_.match);
  // A question the matcher cannot place that changes a fact the plan used ("aur agar PCB le lu toh
  // chalega?", "and with commerce?") asks what changes too.
  const bool unplaced =
      turn_.match.intent == intent::kFallbackIntent || turn_.match.confidence < kUnsureQuestion;
  if (!hypothetical && question && !unplaced) return false;
  const bool about_profile = mentions_profile(turn_.match);
  auto changed = state_.profile;
  for (std::string_view key : kProfileEntities) {
    const auto it = turn_.match.entities.find(std::string(key));
    if (it != turn_.match.entities.end()) changed[std::string(key)] = it->second;
  }
  if (!hypothetical) {
    if (!question)
      for (const auto& [slot, value] : flow().read_topics(text_))
        if (!turn_.match.entities.contains(slot)) changed[slot] = value;
    // Saying again what the plan already used ("abroad interest ledu, Hyderabad lone undali" after
    // the suggestion) gets the same suggestion back, not "I'm not sure".
    const bool changes = told_more(state_.profile, changed);
    if (question ? !changes : !changes && !about_profile) return false;
  }
  if (!about_profile && hypothetical) return false;
  const knowledge::Career& career = any_career();
  const Plan before = make_plan(flow(), book(), career, state_.profile);
  const Plan after = make_plan(flow(), book(), career, changed);
  state_.profile = std::move(changed);
  turn_.route = "what_if";
  turn_.reply.intent = flow().start_intent();
  turn_.answered_intent = flow().start_intent();
  turn_.reply.text =
      flow().text("result", before.best_route == after.best_route ? "same" : "changed") + "\n" + after.text;
  turn_.reply.suggestions = after.suggestions;
  turn_.reply.sources = after.sources;
  turn_.fact_keys = after.fact_keys;
  if (after.best_route > 0) state_.last_route = std::to_string(after.best_route);
  return true;
}

// A concern leaves whatever was going on: no flow question, no intent (what the message said about the
// student is kept, by the caller). The flow state is left as it was, so the next ordinary message can
// still continue the plan.
bool TurnBuilder::safeguard(std::optional<Concern> concern) {
  if (!concern) return false;
  turn_.concern = concern;
  if (concern->unsure) return false;  // the gentle check goes before the ordinary answer (respond())
  turn_.route = "safeguarding";
  turn_.answered_intent = "safeguarding";
  turn_.reply.intent = "safeguarding";
  turn_.reply.confidence = 1.0;
  turn_.reply.sensitive = true;
  turn_.reply.text = content_.safeguarding->reply_text(*concern, contacts_);
  turn_.reply.suggestions = concern->category->suggestions;
  return true;
}

// "So which route suits me?", "fastest way pls, which one for me", "so what should he do?" mid-check:
// the student wants the answer now. What the message says beside the question counts (its wishes too,
// and its answer to the waiting question). With at most one question left, the recommendation comes
// with what is known and the rest left unknown; earlier, the questions go on (a recommendation on two
// facts would be a guess).
void TurnBuilder::answer_plan_now(std::string_view text, const MatchResult& match) {
  absorb_profile(match, state_, flow());
  absorb_topics();  // "no masters, maybe some online certs. india only. which route then?"
  if (const FlowSlot* slot = flow().find(state_.flow.slot);
      slot != nullptr && !state_.profile.contains(slot->slot))
    if (const auto value = flow().interpret(*slot, text, match, true)) state_.profile[slot->slot] = *value;
  turn_.route = "flow";
  if (auto guess = state_.profile; mark_unasked_unknown(flow(), guess) > 1) {
    advance_flow(fill(flow().text("more_needed"), {{"requirement", general_requirement()}}));
    return;
  }
  mark_unasked_unknown(flow(), state_.profile);
  turn_.reply.confidence = 1.0;
  advance_flow(flow().text("early"));
}

// True when the words after the message's last '?' open with a yes or a no (the `answer_yes` and
// `answer_no` roles' words: "... from courses? yes I like those").
bool TurnBuilder::yes_or_no_after_question(std::string_view text) const {
  const std::size_t mark = text.rfind('?');
  if (mark == std::string_view::npos || mark + 1 >= text.size()) return false;
  const intent::NormalizedText tail = content_.matcher->normalizer().normalize(text.substr(mark + 1));
  if (tail.tokens.empty()) return false;
  const MatchResult first = content_.matcher->match(tail.tokens.front());
  return first.intent != intent::kFallbackIntent && is_yes_or_no(find(first.intent));
}

// The likeliest intent other than a yes or no that the rules name (its own patterns matched) with some
// confidence, or nullptr: what a question read as a bare yes or no is about.
const Intent* TurnBuilder::topic_named_by_rules(const MatchResult& match) const {
  for (const auto& candidate : match.top) {
    const Intent* other = find(candidate.intent);
    if (other != nullptr && !other->fallback && !is_yes_or_no(other) && !candidate.patterns.empty() &&
        candidate.confidence >= kSeriousCandidate)
      return other;
  }
  return nullptr;
}

// The planner is waiting for an answer: this message answers it, tells more, asks for the plan now,
// or asks something else (answered, then the waiting question again).
void TurnBuilder::continue_flow(std::string_view text, const MatchResult& match, const Intent* intent) {
  // Everything the message says about the student counts ("12th with PCM" answers two questions);
  // the answer to the waiting question, read from the whole message, then wins over it. A question
  // tells facts ("I'm in 12th, is it hard?") but no wishes.
  const std::map<std::string, std::string> known = state_.profile;
  const bool question = is_question(text, match);
  // "certifications means like certificates from courses? yes I like those": a question, then a yes or
  // no that answers it: the wishes it tells count as an answer's do, and the question is answered too.
  const bool answers_after = question && yes_or_no_after_question(text);
  // "does Microsoft India hire in Hyderabad or is it only Bangalore?": a city asked about employers
  // is where they hire, not where the student wants to stay: no answer to "India or abroad?".
  const bool asks_where_they_hire =
      question && match.entities.contains("city") && match.entities.contains("abroad") && intent != nullptr &&
      (intent == with_role("employer_list") || intent == with_role("employers_in_india") ||
       intent == with_role("employers_abroad"));
  if (asks_where_they_hire) turn_.match.entities.erase("abroad");  // `match` is turn_.match
  absorb_profile(match, state_, flow(), !question || answers_after);
  if (answers_after && absorb_topics()) {
    turn_.route = "flow";
    turn_.reply.confidence = 1.0;
    advance_flow("");
    answer_aside();
    return;
  }
  if (!question && absorb_topics()) {  // "masters yes, certifications no" while asked about certifications
    turn_.route = "flow";
    turn_.reply.confidence = 1.0;
    advance_flow("");
    answer_aside();
    return;
  }
  if (question && asks_for_plan(intent, match, flow().start_intent())) {
    answer_plan_now(text, match);
    return;
  }
  if (answer_flow_slot(text, question)) {
    answer_aside();
    return;
  }
  // Not the waiting answer, but other facts the student had not given yet ("will stay in India,
  // certifications yes for sure"): the plan goes on from them, asking only what is still missing.
  // The student passed over the waiting question: one that only refines the time (years of
  // experience) is not asked again, even when what they said instead we knew already ("no, staying
  // in India" once abroad is known).
  const bool optional_slot = flow().early_answer_skips(state_.flow.slot);
  if ((!question || answers_after) &&
      (told_more(known, state_.profile) || (optional_slot && restates(known, match)))) {
    turn_.route = "flow";
    if (optional_slot) state_.profile[state_.flow.slot] = "unknown";
    advance_flow("");
    if (answers_after) answer_aside();
    return;
  }
  // A question the matcher can only guess is a yes or no ("btw DeepMind ekkada undi?" read as "no" at
  // 0.32) is no answer, since the waiting question could not use it: the likeliest other topic the
  // rules name ("deepmind": the employers abroad), else a question we cannot place.
  if (question && intent != nullptr && match.confidence < kUnsureQuestion && is_yes_or_no(intent))
    intent = topic_named_by_rules(match);
  // A few words that are no question and that the matcher can only call off-topic ("hmm the blue
  // one", "dishwasher") are far likelier a failed answer than a question: ask again, do not lecture.
  const bool question_mark = text.find('?') != std::string_view::npos;
  const bool offtopic_words =
      intent != nullptr && intent->fallback && match.tokens.size() <= kShortAnswerWords && !question_mark;
  // The same topic again, with no '?', right after it was answered while this question waited ("illa,
  // masters venaam" read twice as a question about Route 2): an answer we could not read, not a
  // question, so the plan asks again and moves on after max_reprompts instead of looping.
  const bool same_topic_again = intent != nullptr && intent->name == state_.last_intent && !question_mark;
  // "not working yet" asked where the student stands rules an option out: an answer we could not use
  // (ask again, with the options), not a question about working.
  const FlowSlot* waiting = flow().find(state_.flow.slot);
  const bool rules_option_out = !question_mark && waiting != nullptr && flow().negates_option(*waiting, text);
  const bool real_question =
      intent != nullptr && !is_yes_or_no(intent) && !offtopic_words && !same_topic_again && !rules_option_out;
  // "Which stream should I go for?" while another question waits (a class-10 student is not asked
  // the stream): what the guide says about streams answers it, then the waiting question again.
  if (question && (intent == nullptr || intent->fallback) && stream_newly_undecided()) {
    turn_.route = "flow";
    advance_flow("");
    return;
  }
  // A question we cannot answer is still a question, not a failed answer: say so, then resume.
  if (intent == nullptr && question) {
    fallback("text", false);
    turn_.route = "flow_interrupted";
    if (waiting != nullptr) {
      turn_.reply.text += "\n\n" + fill(flow().text("resume"), {{"question", waiting->question}});
      turn_.reply.suggestions = waiting->labels();
    }
    return;
  }
  if (!real_question) {
    const FlowSlot* slot = waiting;
    turn_.route = "flow_reprompt";
    // Facts we had already ("abroad no no, he will stay in India" asked about a master's) were used:
    // say so (`restated:`) instead of "couldn't use that answer", and ask the waiting question again.
    const std::string& restated = flow().text("restated");
    const bool said_known = !question && !restated.empty() && restates(known, match);
    if (++state_.flow.reprompts > flow().max_reprompts()) {
      state_.profile[slot->slot] = "unknown";  // move on: no flow can loop forever
      advance_flow(flow().text("skip"));
    } else {
      turn_.reply.intent = flow().start_intent();
      turn_.answered_intent = flow().start_intent();
      // A second answer in a row we could not use: the question asked another way (`reprompt_again`
      // and the slot's `rephrase`), never the same apology twice.
      const std::string& again = flow().text("reprompt_again");
      const bool rephrased =
          !said_known && state_.flow.reprompts > 1 && !again.empty() && !slot->rephrase.empty();
      turn_.reply.text =
          rephrased ? fill(again, {{"question", slot->rephrase}})
                    : fill(said_known ? restated : flow().text("reprompt"), {{"question", slot->question}});
      turn_.reply.suggestions = slot->labels();
    }
    return;
  }
  // An off-flow question: answer it, then offer to continue where we were.
  answer_intent(*intent, match.entities);
  turn_.route = "flow_interrupted";
  if (const FlowSlot* slot = flow().find(state_.flow.slot)) {
    turn_.reply.text += "\n\n" + fill(flow().text("resume"), {{"question", slot->question}});
    turn_.reply.suggestions = slot->labels();
  }
}

Turn TurnBuilder::run(std::string_view raw_text, const Screening* screened) {
  const Screening own = screened != nullptr ? Screening{} : screen(content_, raw_text);
  const Screening& screening = screened != nullptr ? *screened : own;
  const std::string_view text = trim(screening.text);
  text_ = text;
  if (const auto stream = state_.profile.find("stream"); stream != state_.profile.end())
    stream_at_start_ = stream->second;
  const auto& settings = content_.intents->settings();
  if (text.empty()) {
    fallback("empty_message", false);
    return std::move(turn_);
  }
  if (utf8::length(text) > settings.max_question_chars) {
    // Too long to match as a question, but a long message may be the one that matters most.
    if (safeguard(screening.concern)) return std::move(turn_);
    turn_.match.intent = std::string(intent::kFallbackIntent);
    fallback("long_message", false);
    return std::move(turn_);
  }
  turn_.match = screening.match ? *screening.match : content_.matcher->match(text);
  read_wishes_by_sentence(*content_.matcher, text, flow(), turn_.match);
  const MatchResult& match = turn_.match;
  std::optional<Concern> concern = screening.concern;
  // An answer to the planner's waiting question is held to the same bar as a confident career
  // question (screen() could not know a plan was waiting); the reviewed patterns apply regardless.
  if (concern && !concern->pattern && state_.flow.active()) {
    if (concern->probability < Safeguarding::kCareerQuestionBar) {
      concern.reset();
    } else if (const FlowSlot* slot = flow().find(state_.flow.slot);
               slot != nullptr && (match.tokens.size() <= kShortAnswerWords || screening.tells_planner) &&
               flow().interpret(*slot, text, match, is_question(text, match))) {
      // An answer to the waiting question ("if they're not too hard, ok"; "i want to stay in india,
      // close to home, and no master's for me") which only the classifier worries about: the gentle
      // check, then the plan goes on with what it said. Still flagged and stored for a counsellor.
      concern->unsure = true;
    }
  } else if (concern && !concern->pattern && !concern->unsure &&
             concern->probability < Safeguarding::kCareerQuestionBar && !state_.last_intent.empty() &&
             (match.entities.contains("reference") || match.entities.contains("ellipsis")) &&
             match.tokens.size() <= kShortPointingBackWords) {
    // A short follow-up that points back ("do they keep checking it after it's live?" after deployment)
    // or repeats the last question with a new value ("and for seniors?" after salaries) is a career
    // question in this conversation: held to the same bar as one, read with the last topic's words.
    // Below the bar it still gets the gentle check and is stored for a counsellor.
    const Intent* topic = find(match.intent);
    if (topic != nullptr && !topic->fallback && match.confidence >= kUnsureQuestion) {
      concern->unsure = true;
    } else if (const Intent* last = find(state_.last_intent); last != nullptr && !last->follow_up.empty()) {
      const MatchResult again = content_.matcher->match(last->follow_up + " " + std::string(text));
      if (again.intent != intent::kFallbackIntent && again.confidence >= kConfidentCareerQuestion)
        concern->unsure = true;
    }
  }
  // The full safety reply answers nothing else, but what the message told us about the student is
  // kept: back at their plan they are not asked it again, and a false alarm on a long career opening
  // ("did my BCom in 2021 and since then I've been working...") loses nothing.
  if (concern && !concern->unsure) absorb_profile(match, state_, flow());
  if (safeguard(concern)) return std::move(turn_);  // before any flow or intent handling
  turn_.reply.confidence = match.confidence;
  career_ = focus_career(content_, state_, match);
  const Intent* intent = match.intent == intent::kFallbackIntent ? nullptr : find(match.intent);
  // "does stats even count as a related field?", which the matcher could not place: the general
  // requirement names the fields each route's degree takes (never a yes the guide does not give).
  if (match.entities.contains("degree_counts") && (intent == nullptr || match.confidence < kUnsureQuestion))
    if (const Intent* requirements = with_role("requirements")) intent = requirements;

  // Forgetting everything the student said needs a clear request: "uske baad?" walks on (route_step)
  // and an unsure guess ("at 40? no, not another degree" mid-check) is no restart. Nor is an unsure
  // "phir?" a goodbye: with nothing to walk on, it is a question we could not place. Mid-plan, where a
  // restart wipes every answer, a reading without one of its own phrases ("start over", "cancel") must
  // be confident ("can't afford it" to a master's question at 0.53 is a guess).
  if (intent != nullptr && intent == with_role("restart") &&
      (match.entities.contains("route_step") || match.confidence < kUnsureQuestion ||
       (state_.flow.active() && match.confidence < kConfidentCareerQuestion &&
        !named_by_own_pattern(match, intent))))
    intent = nullptr;
  // With a step of a route in focus, "uske baad kya karu?" walks on unless the matcher is confident of
  // another question ("help" at 0.52 is a guess).
  if (const auto step = match.entities.find("route_step");
      intent != nullptr && intent != with_role("tell_more") && step != match.entities.end() &&
      match.confidence <
          (state_.last_step > 0 && step->second == "next" ? kConfidentCareerQuestion : kUnsureQuestion))
    intent = nullptr;
  // "start over", "cancel", "reset" work in every state.
  if (intent != nullptr && intent == with_role("restart")) {
    const bool in_flow = state_.flow.active();
    state_.flow = FlowState{};
    state_.profile.clear();  // starting over means the planner asks afresh
    if (in_flow) {
      turn_.route = "flow_cancel";
      turn_.reply.intent = intent->name;
      turn_.answered_intent = intent->name;
      turn_.reply.text = flow().text("cancelled");
      turn_.reply.suggestions = book().list("welcome", "suggestions");
      return std::move(turn_);
    }
    answer_intent(*intent, match.entities);
    return std::move(turn_);
  }

  // A career we have no guide for ("how do I become a pilot?"): say so rather than answer for ours,
  // in every state (mid-plan the next message can still continue the plan).
  const bool general = intent != nullptr && intent->general;
  // "I work as a staff nurse, could I move into this?" names the student's job, not a career asked about;
  // so does "teacher" said to the planner's question about where the student stands.
  const auto answers_waiting_question = [&] {
    const FlowSlot* waiting = state_.flow.active() ? flow().find(state_.flow.slot) : nullptr;
    return waiting != nullptr &&
           flow().interpret(*waiting, text, match, is_question(text, match)).has_value();
  };
  if (match.entities.contains("other_career") && !match.entities.contains("career") &&
      !match.entities.contains("own_job") && !general && !answers_waiting_question()) {
    fallback("other_career", false);
    turn_.unanswered = true;
    return std::move(turn_);
  }

  if (state_.flow.active()) {  // the planner is waiting for an answer
    continue_flow(text, match, intent);
    return std::move(turn_);
  }
  // Outside a plan a bare yes or no answers nothing, so a question read as one ("who hires for that"
  // read as "no" at 0.53) is about the topic its own words name, when the rules name one.
  if (is_yes_or_no(intent) && is_question(text, match))
    if (const Intent* topic = topic_named_by_rules(match)) intent = topic;

  // "What if ..." compares with the profile as it was, so it runs before the message updates it.
  if (what_if()) return std::move(turn_);
  absorb_profile(match, state_, flow());
  // "Explain the route with the master's" names one route: that route, not the guided check, unless
  // the student asks about their own case ("which route suits me, the master's one?").
  const auto said_personal = match.entities.find("personal");
  const bool about_own_case = said_personal != match.entities.end() && said_personal->second == "case";
  if (intent != nullptr && intent->name == flow().start_intent() && match.entities.contains("route") &&
      !about_own_case && with_role("one_route") != nullptr)
    intent = with_role("one_route");
  // An unsure plan is no request for the guided check beside career questions we are sure of (those
  // are answered, below), nor on a few words that reuse the last question with a new value ("any in
  // UK?" after the employers abroad: that follow-up, below).
  const auto reuses_last_question = [&] {
    return !about_own_case && !state_.last_intent.empty() && state_.last_intent != flow().start_intent() &&
           match.tokens.size() <= kShortEllipsisWords && !mentions_profile(match) &&
           (match.entities.contains("ellipsis") || match.entities.contains("city") ||
            match.entities.contains("country"));
  };
  if (intent != nullptr && intent->name == flow().start_intent() && match.confidence < kUnsureQuestion &&
      (asks_career_questions() || reuses_last_question()))
    intent = nullptr;
  if (intent != nullptr && intent->name == flow().start_intent()) {
    start_flow();
    return std::move(turn_);
  }
  // "ok what do you recommend?" once the student has told us about themselves: their own case, asked
  // with words the matcher cannot place ("help" at 0.34), is the plan again, from what is known. So is
  // their own case asked about this career before they said anything ("could someone like me get into
  // this ML thing?"): the plan, which asks what it needs.
  const bool names_our_career = match.entities.contains("career") || match.entities.contains("field");
  if (about_own_case && (!state_.profile.empty() || names_our_career) &&
      (intent == nullptr || match.confidence < kUnsureQuestion) && !asks_career_questions()) {
    start_flow();
    return std::move(turn_);
  }
  // A student who says who they are while asking about eligibility, routes or time ("I took arts in
  // 11th, can I still do this?", "I'm a tester, can I move into ML?") gets the guided check, which
  // states the general requirement first and then asks only what it does not know yet.
  // Two or more facts about the student ("12th PCM, no master's, India only") are a situation too.
  // (Only asked of such intents: reading the message's topics costs more than the rest of this turn.)
  // An intent with `plan_when_personal: asked` ("any tips? I'm in class 10" is still advice) needs
  // the student to ask about their own case.
  if (intent != nullptr && intent->plan_when_personal) {
    const auto personal = match.entities.find("personal");
    // "I am ITI electrician student. tell me the route with masters degree" asks for that route.
    const bool names_route = match.entities.contains("route") || match.entities.contains("route_by_stage");
    // "tester. can move to ML?": their own job said beside the move is about themselves too
    const bool says_who =
        (personal != match.entities.end() || match.entities.contains("own_job")) && mentions_profile(match);
    const bool states_situation =
        about_own_case || (!names_route && !intent->plan_only_when_asked &&
                           (says_who || profile_facts(match, flow().read_topics(text)) >= 2));
    if (states_situation) {
      start_flow();
      return std::move(turn_);
    }
  } else if (!state_.flow.finished && mentions_profile(match)) {
    // Any message that is mostly about the student is a situation too: three facts ("did 12th science
    // then BCA, working in testing since 2021, kya karu?"), or two said as a statement, beside a
    // question the matcher is unsure of ("took arts in 11th, what would my path look like") or beside
    // one about their own case, however sure ("left MBBS after 2nd year, into AI for healthcare now..
    // where do i even start from here": healthcare is the topic, the question is theirs). Only
    // when it names the career: "bba or bcom after 12th commerce?" is about another path.
    // One fact beside an unsure question that asks about the student's own case is enough too ("im in
    // class 10 and love coding, what should i do now?"); not beside a question about the job ("im a
    // nurse, just curious.. what does an ML specialist do all day?").
    const std::size_t facts = profile_facts(match, flow().read_topics(text));
    // Three facts need not name the career ("12th PCM ho gaya, online certificates kar sakti hu, abroad
    // ki permission nahi milegi, mere liye kya?"): the planner's own wishes are in them.
    const bool about_us = names_our_career || facts >= 3;
    const bool unsure = match.confidence < kUnsureQuestion;
    // A fact about the student beside a question the matcher cannot place at all ("mai 10th mein hu,
    // AI/ML mein career banana hai, kya karna padega?") asks what to do from there, too.
    // Where the student stands and what to do from there ("class 12 e pori ... my boards are almost
    // over, what next?") is their situation, however sure the matcher is of the rest (the career).
    const bool stage_and_own_case = about_own_case && match.entities.contains("education");
    const bool situation =
        facts >= 3 || (facts >= 2 && (!is_question(text, match) || unsure || about_own_case)) ||
        (about_own_case && unsure) || stage_and_own_case || (facts >= 1 && intent == nullptr);
    // Unless, unsure of the whole, some of its parts ask career questions we are sure of: those
    // are answered (below) rather than a plan started.
    if (about_us && situation && !((intent == nullptr || unsure) && asks_career_questions())) {
      start_flow();
      return std::move(turn_);
    }
  }

  if (career_ == nullptr && !general) {
    fallback("which_career", false);
    for (const auto& career : content_.knowledge->careers()) turn_.reply.suggestions.push_back(career.name);
    return std::move(turn_);
  }

  if (walk_route_steps(match)) return std::move(turn_);
  state_.last_step = 0;  // any other answer ends a walk through a route's steps
  if (compare_listed_routes(match)) return std::move(turn_);
  if (answer_item_in_span(match) || answer_listed_item(match)) return std::move(turn_);
  state_.last_item = 0;  // likewise a walk through the last list

  std::map<std::string, std::string> entities = match.entities;
  // "that route" / "this route": the route in focus (the `route_in_focus` entity, entities.yaml). Right
  // after a route's answer, "how long does that take?" points at that route too.
  const Intent* previous = find(state_.last_intent);
  const bool last_about_route = previous != nullptr && !state_.last_route.empty() &&
                                (!previous->sets_route.empty() || previous == with_role("one_route") ||
                                 previous == with_role("route_duration"));
  const bool asks_time =
      intent != nullptr && (intent == with_role("stage_lengths") || intent == with_role("route_duration"));
  // A bare "time?" or "duration?" right after a route's answer is that route's time too.
  // "Do I need an Indian degree for that?" right after it: that route's steps say what it needs.
  const bool asks_requirement = last_about_route && match.entities.contains("route_requirement") &&
                                match.entities.contains("reference") && !asks_time;
  const bool deictic_route =
      match.entities.contains("route_in_focus") || asks_requirement ||
      (asks_time && last_about_route &&
       (match.entities.contains("reference") || match.tokens.size() <= kBareFollowUpWords) &&
       !match.entities.contains("step"));
  if (deictic_route && !entities.contains("route") && !state_.last_route.empty()) {
    entities["route"] = state_.last_route;
    if (asks_requirement)
      intent = with_role("one_route");
    else if (intent == nullptr || intent == with_role("stage_lengths") ||
             intent == with_role("route_duration"))
      intent = with_role("route_duration");
    else if (intent == with_role("route_list"))
      intent = with_role("one_route");
    turn_.route = "follow_up";
  }
  // "and pune?": a new place asks the last question again with it, not for more of the last answer.
  if (intent != nullptr && intent == with_role("tell_more") &&
      (match.entities.contains("city") || match.entities.contains("country")))
    intent = nullptr;
  // "tell me more": the broader answer of the last topic.
  if (intent != nullptr && intent == with_role("tell_more")) {
    const Intent* last = find(state_.last_intent);
    const std::string broader = last != nullptr ? last->tell_more : std::string();
    if (const Intent* target = broader.empty() ? last : find(broader);
        target != nullptr && target != with_role("tell_more")) {
      if (!state_.last_route.empty() && !target->required_entities.empty())
        entities.emplace("route", state_.last_route);
      turn_.route = "follow_up";
      answer_intent(*target, entities);
      return std::move(turn_);
    }
    if (last == nullptr) {  // nothing said yet: ask what about, rather than "I'm not sure I can answer"
      turn_.route = "tell_more";
      turn_.reply.intent = intent->name;
      turn_.reply.text = render_line(book().text("phrases", "more_without_topic"));
      turn_.reply.suggestions = book().list("welcome", "suggestions");
      return std::move(turn_);
    }
  }
  // An elliptical follow-up ("and in India?", "what about route 3?", a bare "chennai?" the matcher can
  // only call off-topic): read it with the last topic's words. A short question that points back
  // ("are they mandatory?") is read that way too, and kept if the last topic explains it better.
  const bool unsure_offtopic =
      intent != nullptr && intent->fallback && match.confidence < kConfidentCareerQuestion;
  // A bare place ("chennai?", "noida??", "chennai bhi batao") after a question about places is that
  // question again.
  const bool bare_place =
      match.tokens.size() <= 3 && (match.entities.contains("city") || match.entities.contains("country"));
  // "Which one is the best?" or "which is most useful?" right after a list asks about that list (the
  // `ranking` entity; read alone, such a message may land on any topic), unless the student asks about
  // their own case ("which is best for me?").
  const bool ranks_the_list = match.entities.contains("ranking") && !match.entities.contains("personal") &&
                              !state_.last_list.empty() && match.confidence < kConfidentCareerQuestion;
  const bool elliptical = intent == nullptr || unsure_offtopic || bare_place || ranks_the_list ||
                          match.entities.contains("ellipsis");
  const bool refers_back = match.entities.contains("reference");
  // A message that points back may be as long as a follow-up question ("do they keep checking it
  // after that?"), even when the matcher could not place it.
  // So may one that says it asks the last question again and names the new place ("fine, now back
  // to my own city, what about Chennai?").
  const bool new_place = match.entities.contains("ellipsis") &&
                         (match.entities.contains("city") || match.entities.contains("country"));
  const std::size_t short_enough =
      elliptical && !refers_back && !new_place ? kShortEllipsisWords : kShortFollowUpWords;
  // Its own topic, named in its own words (a pattern of its intent: "is it costly?", "is any of this
  // used in pharma?"), is what it asks about: the last topic's words are no better reading of it.
  const bool own_topic = named_by_own_pattern(match, intent);
  // "competition also?" after the tools names a new topic of its own, no new value for the last
  // question (a place, a route, a company) and nothing that points back ("these", "them"): that
  // topic, not the tools again.
  const bool carries_value = std::any_of(match.entities.begin(), match.entities.end(), [](const auto& e) {
    static constexpr std::string_view kMarkers[] = {"ellipsis", "reference", "place_reference", "field",
                                                    "career"};
    return std::find(std::begin(kMarkers), std::end(kMarkers), e.first) == std::end(kMarkers);
  });
  const bool new_topic = own_topic && !carries_value && !refers_back &&
                         match.confidence >= kConfidentCareerQuestion && intent->name != state_.last_intent;
  if ((elliptical || refers_back) && !new_topic && !asks_requirement && !state_.last_intent.empty() &&
      match.tokens.size() <= short_enough) {
    const Intent* last = find(state_.last_intent);
    if (const std::string words = last != nullptr ? last->follow_up : std::string(); !words.empty()) {
      MatchResult again = content_.matcher->match(words + " " + std::string(text));
      // "How long does it take to do these?" after the certifications: the time of that stage.
      const bool names_stage = asks_time && !match.entities.contains("step") &&
                               again.entities.contains("step") &&
                               find(again.intent) == with_role("route_duration");
      // How far the message alone considered the last topic's reading (-1: not at all).
      const auto considered =
          std::find_if(match.top.begin(), match.top.end(),
                       [&](const intent::Candidate& c) { return c.intent == again.intent; });
      const double again_alone = considered == match.top.end() ? -1.0 : considered->confidence;
      // Against the message's own topic, the last topic's reading wins only if the message alone
      // already had it as a candidate ("do employers actually require them?" after certifications).
      // (One the matcher scored near zero only fills its top five: "and where do they mostly work?"
      // after the work day had the responsibilities there at 0.04 beside its own topic at 0.87.)
      const bool own_candidate = again_alone >= kFillerCandidate;
      // "do they deploy the models also?" after the work day names a topic of its own, surely, that
      // the message alone hardly considers as the last topic's reading: its own topic, "also" or not.
      const bool serious_candidate = again_alone >= kSeriousCandidate;
      const bool surely_own_topic = own_topic && match.confidence >= kConfidentCareerQuestion;
      const bool keeps_own_topic = surely_own_topic && !carries_value && !serious_candidate;
      // "is it costly?" after a certification's time asks, surely, what the guide does not hold: its
      // honest answer, never a fact the last topic's words would turn it into.
      const bool asks_a_gap = surely_own_topic && intent->fallback;
      if (again.intent != intent::kFallbackIntent && !asks_a_gap &&
          ((elliptical && !keeps_own_topic) || names_stage ||
           ((!own_topic || own_candidate) && again.confidence > match.confidence))) {
        turn_.route = "follow_up";
        turn_.match = std::move(again);
        turn_.reply.confidence = turn_.match.confidence;
        intent = find(turn_.match.intent);
        entities = turn_.match.entities;
        if (!entities.contains("route") && !state_.last_route.empty() && intent != nullptr &&
            !intent->required_entities.empty())
          entities["route"] = state_.last_route;
      }
    }
  }
  // Read with the last topic's words, "aur usme total kitna time lagta hai" after a route's answer is
  // that route's time.
  if (turn_.route == "follow_up" && last_about_route && match.entities.contains("reference") &&
      intent != nullptr && (intent == with_role("stage_lengths") || intent == with_role("route_duration")) &&
      !entities.contains("route") && !entities.contains("step")) {
    entities["route"] = state_.last_route;
    intent = with_role("route_duration");
  }
  // "Which companies would I work for there?" while the route abroad is in focus, or any employers
  // question right after its answer: the employers abroad.
  if (intent != nullptr && intent == with_role("employer_list")) {
    const Intent* abroad_route = with_role("abroad_route");
    const Intent* employers_abroad = with_role("employers_abroad");
    if (abroad_route != nullptr && employers_abroad != nullptr && !state_.last_route.empty() &&
        state_.last_route == abroad_route->sets_route &&
        (entities.contains("place_reference") || last_about_route)) {
      intent = employers_abroad;
      turn_.route = "follow_up";
    } else if (const Intent* in_india = with_role("employers_in_india");
               in_india != nullptr && entities.contains("city")) {
      intent = in_india;  // "and pune": a city's employers, never the whole list
    } else if (employers_abroad != nullptr && entities.contains("country")) {
      intent = employers_abroad;
    }
  }
  // A route-specific question with no route named uses the route in focus.
  if (intent != nullptr && intent == with_role("route_duration") && !entities.contains("route") &&
      deictic_route && !state_.last_route.empty())
    entities["route"] = state_.last_route;

  // A message of several parts that the matcher could not place as a whole: the first part it is
  // sure of is the question (answer_second_question adds another).
  if (intent == nullptr)
    for (const auto& [asked, m] : matched_parts())
      if (m.confidence >= kConfidentCareerQuestion && asked->required_entities.empty()) {
        intent = asked;
        entities = m.entities;
        break;
      }
  if (intent == nullptr) {
    // The student told us where they stand ("I did BSc maths, what now?"): plan from there. A course
    // or stream named in someone else's question ("is BCom better than BBA") is not that.
    const bool about_me = (match.entities.contains("education") || match.entities.contains("stream") ||
                           match.entities.contains("degree_field")) &&
                          match.entities.contains("personal");
    if (about_me) {
      start_flow();
      return std::move(turn_);
    }
    fallback("text", true);
    return std::move(turn_);
  }
  answer_intent(*intent, std::move(entities));
  if (turn_.route == "intent") answer_second_question(*intent);
  // Close runner-up: answer the better one and offer the other.
  if (turn_.match.ambiguous && turn_.match.top.size() > 1) {
    if (const Intent* other = find(turn_.match.top[1].intent); other != nullptr && !other->examples.empty()) {
      const std::string& example = other->examples.front().text;
      if (std::find(turn_.reply.suggestions.begin(), turn_.reply.suggestions.end(), example) ==
          turn_.reply.suggestions.end())
        turn_.reply.suggestions.insert(turn_.reply.suggestions.begin(), example);
    }
  }
  return std::move(turn_);
}

}  // namespace

Screening screen(const Content& content, std::string_view raw_text) {
  Screening screening;
  const std::string_view text = trim(raw_text);
  screening.text = text;
  if (text.empty()) return screening;
  if (utf8::length(text) > content.intents->settings().max_question_chars) {
    // Too long to match as a question, but a long message may be the one that matters most. The
    // reviewed patterns apply as to any message; the classifier, whose examples are all short, must
    // be nearly certain (as for a confident career question): on pages of pasted text or junk
    // ("aaaa...") its middling scores are noise, and its flag threshold is set low for recall.
    screening.concern =
        content.safeguarding->check(content.uncorrected->normalize(text).text, /*career_question=*/true);
    if (screening.concern && screening.concern->unsure) screening.concern.reset();
    return screening;
  }
  screening.text = content.quotes->without_quotes(text);
  screening.match = content.matcher->match(screening.text);
  // A confident career question needs near certainty from the safety classifier; the reviewed
  // patterns apply to every message.
  // A message that tells the planner about the student ("i just finished 12th with pcm") counts too.
  // A message whose question is one sentence of several says something else too: no bar for it.
  screening.tells_planner = mentions_profile(*screening.match);
  screening.may_answer_planner = screening.match->tokens.size() <= kShortAnswerWords &&
                                 content.planner != nullptr &&
                                 content.planner->opens_with_answer(screening.text);
  const bool career_question =
      (screening.match->intent != intent::kFallbackIntent &&
       screening.match->confidence >= kConfidentCareerQuestion && screening.match->from_sentence.empty()) ||
      screening.tells_planner;
  screening.concern = content.safeguarding->check(screening.match->normalized, career_question);
  return screening;
}

Turn respond(const Content& content, SessionState& state, std::string_view text,
             const SafeguardingContacts& contacts, const Screening* screened) {
  TurnBuilder builder(content, state, contacts);
  Turn turn = builder.run(text, screened);
  // One gentle check costs little: "are you okay?" with the helpline, then the answer that was asked
  // for. The turn is flagged like any concern, so its text stays out of history.
  if (turn.concern && turn.concern->unsure) {
    turn.reply.text = content.safeguarding->reply_text(*turn.concern, contacts) + "\n\n" + turn.reply.text;
    turn.reply.intent = "safeguarding";
    turn.reply.sensitive = true;
    turn.route = "safeguarding_check+" + turn.route;
  }
  return turn;
}

nlohmann::json explain_turn(const Turn& turn, const SessionState& state_after) {
  nlohmann::json j = intent::Matcher::explain(turn.match);
  j["decision"] = {{"route", turn.route},
                   {"answered_intent", turn.answered_intent},
                   {"reply_intent", turn.reply.intent},
                   {"safeguarding", turn.concern ? turn.concern->category->name : std::string()},
                   {"safeguarding_probability", turn.concern ? turn.concern->probability : 0.0},
                   {"facts", turn.fact_keys},
                   {"sources", turn.reply.sources}};
  j["flow"] = {{"name", state_after.flow.name},
               {"slot", state_after.flow.slot},
               {"finished", state_after.flow.finished},
               {"reprompts", state_after.flow.reprompts}};
  j["profile"] = state_after.profile;
  j["career"] = state_after.career;
  j["reply"] = {{"text", turn.reply.text}, {"suggestions", turn.reply.suggestions}};
  return j;
}

}  // namespace careerbot::dialog
