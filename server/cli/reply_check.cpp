#include "cli/reply_check.hpp"

#include <cstdlib>
#include <memory>

#include "common/concat.hpp"
#include "common/utf8.hpp"

namespace careerbot::cli {

namespace {

std::string unicode_fold(std::string_view text) {
  // Invalid UTF-8: compare the bytes as they are.
  return utf8::normalize(text, {.compatibility = true, .casefold = true, .stable = false})
      .value_or(std::string(text));
}

bool is_space(char c) {
  return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

// The page writes "Bachelor’s"; counsellors type "Bachelor's".
std::string straighten_quotes(std::string text) {
  static const std::pair<std::string_view, char> quotes[] = {
      {"\u2018", '\''}, {"\u2019", '\''}, {"\u201C", '"'}, {"\u201D", '"'}};
  for (const auto& [curly, straight] : quotes) {
    for (auto at = text.find(curly); at != std::string::npos; at = text.find(curly, at + 1)) {
      text.replace(at, curly.size(), 1, straight);
    }
  }
  return text;
}

std::string collapse_whitespace(std::string_view text) {
  std::string out;
  bool pending_space = false;
  for (char c : text) {
    if (is_space(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += c;
  }
  return out;
}

std::string in_quotes(std::string_view text) {
  return concat("\"", text, "\"");
}

std::string string_field(const nlohmann::json& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return {};
  return it->get<std::string>();
}

bool has_explanation(const nlohmann::json& reply) {
  const auto explain = reply.find("explain");
  return explain != reply.end() && explain->is_object();
}

// The planner's waiting slot from the explain object; "" when no flow is waiting.
std::string waiting_slot(const nlohmann::json& reply) {
  if (!has_explanation(reply)) return {};
  const auto explain = reply.find("explain");
  const auto flow = explain->find("flow");
  if (flow == explain->end() || !flow->is_object()) return {};
  if (flow->value("finished", false)) return {};
  return string_field(*flow, "slot");
}

std::string suggestion_list(const nlohmann::json& reply) {
  std::string out;
  for (const auto& s : reply.value("suggestions", nlohmann::json::array())) {
    if (!out.empty()) out += ", ";
    out += s.is_string() ? in_quotes(s.get<std::string>()) : s.dump();
  }
  return "[" + out + "]";
}

}  // namespace

std::string fold_for_comparison(std::string_view text) {
  return collapse_whitespace(straighten_quotes(unicode_fold(text)));
}

std::vector<Mismatch> check_reply(const Expectation& expect, const nlohmann::json& reply) {
  std::vector<Mismatch> mismatches;
  if (reply.value("type", "") == "error") {
    mismatches.push_back({0, "the server answered with an error: " + reply.dump()});
    return mismatches;
  }
  const auto text = string_field(reply, "text");
  const auto folded_text = fold_for_comparison(text);
  const auto has = [&](const ExpectedText& wanted) {
    return folded_text.find(fold_for_comparison(wanted.text)) != std::string::npos;
  };

  if (expect.intent) {
    const auto intent = string_field(reply, "intent");
    if (intent != expect.intent->text) {
      mismatches.push_back({expect.intent->line, "intent: expected " + in_quotes(expect.intent->text) +
                                                     ", got " + in_quotes(intent)});
    }
  }
  if (expect.answered_intent) {
    const auto explain = reply.find("explain");
    const nlohmann::json* decision = nullptr;
    if (explain != reply.end() && explain->is_object()) {
      if (const auto d = explain->find("decision"); d != explain->end() && d->is_object()) decision = &*d;
    }
    if (decision == nullptr) {
      mismatches.push_back({expect.answered_intent->line,
                            "answered_intent: cannot check, the reply has no \"explain\" decision"});
    } else if (const auto answered = string_field(*decision, "answered_intent");
               answered != expect.answered_intent->text) {
      mismatches.push_back({expect.answered_intent->line, "answered_intent: expected " +
                                                              in_quotes(expect.answered_intent->text) +
                                                              ", got " + in_quotes(answered)});
    }
  }
  if (expect.matched_intent) {
    std::string top;
    bool reported = false;
    if (const auto explain = reply.find("explain"); explain != reply.end() && explain->is_object()) {
      if (const auto t = explain->find("top"); t != explain->end() && t->is_array()) {
        reported = true;
        if (!t->empty() && (*t)[0].is_object()) top = string_field((*t)[0], "intent");
      }
    }
    if (!reported) {
      mismatches.push_back({expect.matched_intent->line,
                            "matched_intent: cannot check, the reply has no \"explain\" top list"});
    } else if (top != expect.matched_intent->text) {
      mismatches.push_back(
          {expect.matched_intent->line,
           "matched_intent: expected " + in_quotes(expect.matched_intent->text) + ", got " + in_quotes(top)});
    }
  }
  for (const auto& wanted : expect.contains) {
    if (!has(wanted)) mismatches.push_back({wanted.line, "missing text " + in_quotes(wanted.text)});
  }
  for (const auto& unwanted : expect.not_contains) {
    if (has(unwanted)) mismatches.push_back({unwanted.line, "unwanted text " + in_quotes(unwanted.text)});
  }
  if (!expect.any_of.empty()) {
    bool found = false;
    std::string options;
    for (const auto& option : expect.any_of) {
      found = found || has(option);
      options += (options.empty() ? "" : " | ") + in_quotes(option.text);
    }
    if (!found) mismatches.push_back({expect.any_of.front().line, "none of " + options + " appears"});
  }
  if (!expect.suggestions_include.empty()) {
    std::vector<std::string> offered;
    for (const auto& s : reply.value("suggestions", nlohmann::json::array())) {
      if (s.is_string()) offered.push_back(fold_for_comparison(s.get<std::string>()));
    }
    for (const auto& wanted : expect.suggestions_include) {
      const auto folded = fold_for_comparison(wanted.text);
      bool found = false;
      for (const auto& o : offered) found = found || o == folded;
      if (!found) {
        mismatches.push_back({wanted.line, "suggestion " + in_quotes(wanted.text) + " not offered; got " +
                                               suggestion_list(reply)});
      }
    }
  }
  if (expect.flow_slot && !has_explanation(reply)) {
    // Without the account we cannot tell "no flow" from "not reported": say so, never pass.
    mismatches.push_back(
        {expect.flow_slot->line,
         "flow_slot: cannot check, the reply has no \"explain\" object (server without explain?)"});
  } else if (expect.flow_slot) {
    const auto slot = waiting_slot(reply);
    if (slot != expect.flow_slot->text) {
      mismatches.push_back(
          {expect.flow_slot->line,
           "flow_slot: expected " + in_quotes(expect.flow_slot->text) + ", got " + in_quotes(slot)});
    }
  }
  if (expect.career) {
    const auto career_it = reply.find("career");
    const std::string career =
        career_it == reply.end() || career_it->is_null() ? "none" : string_field(reply, "career");
    if (career != expect.career->text) {
      mismatches.push_back({expect.career->line, "career: expected " + in_quotes(expect.career->text) +
                                                     ", got " + in_quotes(career)});
    }
  }
  return mismatches;
}

}  // namespace careerbot::cli
