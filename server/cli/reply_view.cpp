#include "cli/reply_view.hpp"

#include <iomanip>
#include <sstream>

namespace careerbot::cli {

namespace {

using nlohmann::json;

// A compact one-line rendering: strings without quotes, everything else as JSON.
std::string compact(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_array()) {
    std::string out;
    for (const auto& item : value) out += (out.empty() ? "" : ", ") + compact(item);
    return out;
  }
  if (value.is_object()) {
    std::string out;
    for (const auto& [key, item] : value.items()) {
      if (item.is_null() || (item.is_array() && item.empty()) || (item.is_string() && item.empty())) continue;
      out += (out.empty() ? "" : ", ") + key + "=" + compact(item);
    }
    return out;
  }
  return value.dump();
}

const json* member(const json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return nullptr;
  return &*it;
}

std::string format_top_intent(const json& candidate) {
  std::ostringstream line;
  line << candidate.value("intent", "?");
  if (const auto* c = member(candidate, "confidence"); c && c->is_number()) {
    line << " " << std::fixed << std::setprecision(2) << c->get<double>();
  }
  if (const auto* raw = member(candidate, "raw"); raw && raw->is_number()) {
    line << " (raw " << std::fixed << std::setprecision(2) << raw->get<double>() << ")";
  }
  if (const auto* patterns = member(candidate, "patterns"); patterns && !patterns->empty()) {
    line << "\n      patterns: " << compact(*patterns);
  }
  if (const auto* keywords = member(candidate, "keywords");
      keywords && keywords->is_array() && !keywords->empty()) {
    line << "\n      keywords: ";
    bool first = true;
    for (const auto& kw : *keywords) {
      line << (first ? "" : ", ");
      first = false;
      if (kw.is_array() && kw.size() == 2) {
        line << compact(kw[0]) << " " << compact(kw[1]);
      } else {
        line << compact(kw);
      }
    }
  }
  return line.str();
}

}  // namespace

std::string format_reply(const json& frame, const TerminalStyle& style) {
  std::ostringstream out;
  out << frame.value("text", "") << "\n";
  if (const auto* suggestions = member(frame, "suggestions"); suggestions && suggestions->is_array()) {
    int number = 0;
    for (const auto& s : *suggestions) {
      out << "  " << style.cyan(std::to_string(++number) + ")") << " " << compact(s) << "\n";
    }
  }
  if (const auto* sources = member(frame, "sources"); sources && sources->is_array() && !sources->empty()) {
    out << style.dim("  source: " + compact(*sources)) << "\n";
  }
  return out.str();
}

std::string format_error(const json& frame, const TerminalStyle& style) {
  return style.red("error " + frame.value("code", "?") + ": " + frame.value("message", "")) + "\n";
}

std::string format_explanation(const json& frame, const TerminalStyle& style) {
  const auto* explain = member(frame, "explain");
  if (!explain || !explain->is_object()) return {};
  std::ostringstream out;
  out << style.yellow("why this answer") << "  (reply intent " << frame.value("intent", "?") << ")\n";
  if (const auto* n = member(*explain, "normalized")) out << "  normalized: " << compact(*n) << "\n";
  if (const auto* c = member(*explain, "corrections"); c && !c->empty()) {
    out << "  corrections: " << compact(*c) << "\n";
  }
  if (const auto* e = member(*explain, "entities"); e && !e->empty()) {
    out << "  entities: " << compact(*e) << "\n";
  }
  if (const auto* top = member(*explain, "top"); top && top->is_array()) {
    out << "  top intents:\n";
    for (const auto& candidate : *top) out << "    " << format_top_intent(candidate) << "\n";
  }
  if (const auto* d = member(*explain, "decision"); d && !d->empty()) {
    out << "  decision: " << compact(*d) << "\n";
  }
  if (const auto* f = member(*explain, "flow"); f && !f->empty()) out << "  flow: " << compact(*f) << "\n";
  if (const auto* p = member(*explain, "profile"); p && !p->empty()) {
    out << "  profile: " << compact(*p) << "\n";
  }
  if (const auto* c = member(*explain, "career"); c && !c->empty()) {
    out << "  career: " << compact(*c) << "\n";
  }
  return out.str();
}

}  // namespace careerbot::cli
