#include "dialog/flow.hpp"

#include <algorithm>

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

bool is_yes_no(const FlowSlot& slot) {
  return std::any_of(slot.options.begin(), slot.options.end(),
                     [](const FlowOption& o) { return o.value == "yes"; });
}

}  // namespace

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
  for (const char* required : {"intro", "reprompt", "skip", "resume", "cancelled"})
    (void)root.at(required).text(required);

  for (const RecordNode& item : root.at("slots").items("slots")) {
    FlowSlot slot;
    slot.slot = item.at("slot").text("slot");
    slot.line = item.line();
    slot.question = item.at("question").text("question");
    if (flow->find(slot.slot) != nullptr) item.fail("duplicate slot '" + slot.slot + "'");
    if (const RecordNode* ask_if = item.find("ask_if")) {
      const std::string& condition = ask_if->text("ask_if");
      const auto eq = condition.find('=');
      if (eq == std::string::npos) ask_if->fail("ask_if must be SLOT=VALUE1,VALUE2");
      slot.ask_if_slot = condition.substr(0, eq);
      std::string values = condition.substr(eq + 1);
      std::size_t start = 0;
      while (start <= values.size()) {
        const auto comma = values.find(',', start);
        const auto end = comma == std::string::npos ? values.size() : comma;
        if (end > start) slot.ask_if_values.push_back(values.substr(start, end - start));
        start = end + 1;
      }
      if (flow->find(slot.ask_if_slot) == nullptr)
        ask_if->fail("ask_if names slot '" + slot.ask_if_slot + "', which is not defined above it");
    }
    for (const RecordNode& option : item.at("options").items("options"))
      slot.options.push_back({option.at("label").text("label"), option.at("value").text("value")});
    if (slot.options.empty()) item.fail("slot '" + slot.slot + "' has no options");
    flow->slots_.push_back(std::move(slot));
  }
  if (flow->slots_.empty()) root.fail("a flow needs at least one slot");

  if (const RecordNode* answers = root.find("answers")) {
    for (const auto& [value, phrases] : answers->entries("answers")) {
      if (value != "yes" && value != "no" && value != "unsure")
        phrases.fail("answers: expected yes, no or unsure, not '" + value + "'");
      for (const RecordNode& phrase : phrases.items("answer phrases"))
        flow->answer_phrases_.emplace_back(fold_words(phrase.text("phrase")), value);
    }
    std::stable_sort(flow->answer_phrases_.begin(), flow->answer_phrases_.end(),
                     [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
  }

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
  return flow;
}

const FlowSlot* FlowDef::find(std::string_view slot) const {
  for (const auto& s : slots_)
    if (s.slot == slot) return &s;
  return nullptr;
}

const FlowSlot* FlowDef::next_slot(const std::map<std::string, std::string>& profile) const {
  for (const auto& slot : slots_) {
    if (profile.contains(slot.slot)) continue;
    if (!slot.ask_if_slot.empty()) {
      const auto it = profile.find(slot.ask_if_slot);
      if (it == profile.end()) continue;
      if (std::find(slot.ask_if_values.begin(), slot.ask_if_values.end(), it->second) ==
          slot.ask_if_values.end())
        continue;
    }
    return &slot;
  }
  return nullptr;
}

std::optional<std::string> FlowDef::interpret(const FlowSlot& slot, std::string_view text,
                                              const intent::MatchResult& match) const {
  const std::string folded = fold_words(text);
  // 1. A tapped quick reply (or the same words typed).
  for (const auto& option : slot.options)
    if (folded == fold_words(option.label)) return option.value;
  // 2. The entity of the same name, found in free text ("I'm in final year B.Tech").
  if (const auto it = match.entities.find(slot.slot); it != match.entities.end()) {
    if (slot.slot == "years_experience") return it->second;
    for (const auto& option : slot.options)
      if (option.value == it->second) return option.value;
  }
  // 3. Yes / no / not sure, as students say them ("if possible, yes", "not really", "haan", "pata
  // nahi"): the phrase that comes first in the answer decides, the longer one on a tie.
  if (is_yes_no(slot)) {
    const std::string padded = " " + folded + " ";
    std::size_t best_at = std::string::npos;
    const std::string* best = nullptr;
    for (const auto& [phrase, value] : answer_phrases_) {
      const std::size_t at = padded.find(" " + phrase + " ");
      if (at != std::string::npos && (best == nullptr || at < best_at)) {
        best_at = at;
        best = &value;
      }
    }
    if (best != nullptr) return *best;
  }
  // 4. A number for a numeric slot ("3", "about 2 years").
  if (slot.slot == "years_experience") {
    for (std::size_t i = 0; i < folded.size(); ++i)
      if (folded[i] >= '0' && folded[i] <= '9') {
        std::size_t end = i;
        while (end < folded.size() && folded[end] >= '0' && folded[end] <= '9') ++end;
        return folded.substr(i, end - i);
      }
    if (contains_words(folded, "none") || contains_words(folded, "no experience") ||
        contains_words(folded, "fresher"))
      return std::string("0");
  }
  // 5. An option's words inside a longer answer ("I took commerce").
  for (const auto& option : slot.options) {
    const std::string label = fold_words(option.label);
    if (label.size() >= 4 && contains_words(folded, label)) return option.value;
  }
  return std::nullopt;
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
