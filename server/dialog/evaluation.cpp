#include "dialog/evaluation.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "dialog/responder.hpp"
#include "intent/example_corpus.hpp"

namespace careerbot::dialog {
namespace {

const std::string kOutOfScope(intent::kOutOfScopeLabel);

bool replies_with_fallback(const intent::IntentSet& set, const std::string& name) {
  const intent::Intent* intent = set.find(name);
  return intent == nullptr || intent->fallback;
}

// What a label or an answered intent counts as: intents that reply with the fallback count as
// out_of_scope (the student gets the honest "I don't know").
std::string as_outcome(const intent::IntentSet& set, const std::string& name) {
  return name == kOutOfScope || name == intent::kFallbackIntent || replies_with_fallback(set, name)
             ? kOutOfScope
             : name;
}

std::string percent(double share) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.1f%%", 100 * share);
  return buf;
}

std::string simplify(const std::string& text) {
  std::string out;
  for (const unsigned char c : text) {
    const char lower = static_cast<char>(std::tolower(c));
    if (std::isspace(c)) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += lower;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::vector<std::uint32_t> trigrams(const std::string& s) {
  std::vector<std::uint32_t> grams;
  for (std::size_t i = 0; i + 3 <= s.size(); ++i)
    grams.push_back(static_cast<std::uint32_t>(static_cast<unsigned char>(s[i])) << 16 |
                    static_cast<std::uint32_t>(static_cast<unsigned char>(s[i + 1])) << 8 |
                    static_cast<unsigned char>(s[i + 2]));
  std::sort(grams.begin(), grams.end());
  return grams;
}

std::size_t common_count(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b) {
  std::size_t n = 0;
  for (std::size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (a[i] == b[j]) {
      ++n, ++i, ++j;
    } else if (a[i] < b[j]) {
      ++i;
    } else {
      ++j;
    }
  }
  return n;
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

}  // namespace

double EvalReport::in_scope_accuracy() const {
  std::size_t n = 0, right = 0;
  for (const auto& o : outcomes)
    if (o.question.expected != kOutOfScope) ++n, right += o.predicted == o.question.expected;
  return n ? double(right) / double(n) : 1.0;
}

double EvalReport::out_of_scope_recognised() const {
  std::size_t n = 0, right = 0;
  for (const auto& o : outcomes)
    if (o.question.expected == kOutOfScope) ++n, right += o.predicted == kOutOfScope;
  return n ? double(right) / double(n) : 1.0;
}

double EvalReport::false_fallback_rate() const {
  std::size_t n = 0, fallback = 0;
  for (const auto& o : outcomes)
    if (o.question.expected != kOutOfScope) ++n, fallback += o.predicted == kOutOfScope;
  return n ? double(fallback) / double(n) : 0.0;
}

std::string EvalReport::format(std::size_t confused_pairs) const {
  std::map<std::string, std::size_t> true_positive, expected_count, predicted_count;
  std::map<std::pair<std::string, std::string>, std::size_t> confusion;
  for (const auto& o : outcomes) {
    ++expected_count[o.question.expected];
    ++predicted_count[o.predicted];
    if (o.predicted == o.question.expected)
      ++true_positive[o.predicted];
    else
      ++confusion[{o.question.expected, o.predicted}];
  }
  std::ostringstream out;
  out << "questions: " << outcomes.size() << "\n"
      << "in scope answered right: " << percent(in_scope_accuracy()) << "\n"
      << "out of scope recognised: " << percent(out_of_scope_recognised())
      << " (false accepts: " << percent(1 - out_of_scope_recognised()) << ")\n"
      << "in scope given the fallback: " << percent(false_fallback_rate()) << "\n";
  if (!folds.empty()) {
    const auto [in_low, in_high] = std::minmax_element(
        folds.begin(), folds.end(), [](const Fold& a, const Fold& b) { return a.in_scope < b.in_scope; });
    const auto [out_low, out_high] =
        std::minmax_element(folds.begin(), folds.end(),
                            [](const Fold& a, const Fold& b) { return a.out_of_scope < b.out_of_scope; });
    double slowest = 0;
    out << "per fold (in scope / out of scope):";
    for (const Fold& f : folds) {
      out << " " << percent(f.in_scope) << "/" << percent(f.out_of_scope);
      slowest = std::max(slowest, f.train_seconds);
    }
    char line[160];
    std::snprintf(line, sizeof line,
                  "\nfold spread: in scope %.1f points, out of scope %.1f points; slowest training %.1f s\n",
                  100 * (in_high->in_scope - in_low->in_scope),
                  100 * (out_high->out_of_scope - out_low->out_of_scope), slowest);
    out << line;
  }
  out << "\n"
      << "label                          precision  recall     F1  count\n";
  for (const auto& [label, count] : expected_count) {
    const double tp = static_cast<double>(true_positive[label]);
    const double precision = predicted_count[label] ? tp / double(predicted_count[label]) : 0.0;
    const double recall = tp / double(count);
    const double f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0.0;
    char line[128];
    std::snprintf(line, sizeof line, "%-30s %9.2f %7.2f %6.2f %6zu\n", label.c_str(), precision, recall, f1,
                  count);
    out << line;
  }
  std::vector<std::pair<std::size_t, std::pair<std::string, std::string>>> pairs;
  for (const auto& [pair, n] : confusion) pairs.emplace_back(n, pair);
  std::sort(pairs.begin(), pairs.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  out << "\nmost confused (expected -> answered):\n";
  for (std::size_t i = 0; i < std::min(confused_pairs, pairs.size()); ++i)
    out << "  " << pairs[i].second.first << " -> " << pairs[i].second.second << ": " << pairs[i].first
        << "\n";
  return out.str();
}

std::vector<EvalCase> load_eval_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot read the file");
  std::vector<EvalCase> cases;
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("text") || !j["text"].is_string() ||
        !j.contains("intent") || !j["intent"].is_string())
      throw std::runtime_error(path + ":" + std::to_string(number) +
                               ": expected {\"text\": ..., \"intent\": ...}");
    cases.push_back({j["text"].get<std::string>(), j["intent"].get<std::string>(), number});
  }
  return cases;
}

EvalReport evaluate(const Content& content, const std::vector<EvalCase>& cases) {
  EvalReport report;
  const auto& set = *content.intents;
  for (const EvalCase& c : cases) {
    SessionState state;  // a fresh session per question
    const Turn turn = respond(content, state, c.text);
    const std::string& answered = turn.answered_intent.empty() ? turn.match.intent : turn.answered_intent;
    const bool fallback = turn.reply.intent == intent::kFallbackIntent;
    report.outcomes.push_back(
        {{c.text, as_outcome(set, c.expected), c.line}, fallback ? kOutOfScope : as_outcome(set, answered)});
  }
  return report;
}

EvalReport cross_validate(const Content& content, const std::string& intents_dir, int folds,
                          const intent::ClassifierParams& params, const intent::NoiseOptions& noise) {
  if (folds < 2) throw std::invalid_argument("cross-validation needs at least 2 folds");
  const auto& set = *content.intents;
  const auto examples = intent::load_intent_examples(set, intents_dir + "/examples");
  const auto names = career_names(*content.knowledge);
  EvalReport report;
  for (int fold = 0; fold < folds; ++fold) {
    intent::Matcher matcher(content.intents, names);
    std::vector<intent::IntentModel::TrainingExample> training;
    std::vector<const intent::Example*> asked;
    std::map<std::string, std::size_t> seen;
    for (const auto& e : examples) {
      if (static_cast<int>(seen[e.label]++ % static_cast<std::size_t>(folds)) == fold)
        asked.push_back(&e);
      else
        training.push_back({e.label, e.text});
    }
    const auto rules = [&matcher](const std::string& text) { return matcher.training_view(text); };
    const auto start = std::chrono::steady_clock::now();
    std::string model = intent::IntentModel::train(set, training, rules, params, noise);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    matcher.attach_model(intent::IntentModel::load(model, set));
    EvalReport fold_report;
    for (const intent::Example* e : asked)
      fold_report.outcomes.push_back(
          {{e->text, as_outcome(set, e->label), e->line}, as_outcome(set, matcher.match(e->text).intent)});
    report.folds.push_back({fold_report.in_scope_accuracy(), fold_report.out_of_scope_recognised(), seconds});
    report.outcomes.insert(report.outcomes.end(), fold_report.outcomes.begin(), fold_report.outcomes.end());
  }
  return report;
}

std::vector<std::pair<const EvalCase*, std::string>> near_duplicates(const std::vector<EvalCase>& cases,
                                                                     const std::vector<std::string>& training,
                                                                     double min_similarity) {
  struct Prepared {
    std::string text;
    std::vector<std::uint32_t> grams;
  };
  std::vector<Prepared> examples;
  for (const auto& t : training) {
    std::string s = simplify(t);
    examples.push_back({s, trigrams(s)});
  }
  std::vector<std::pair<const EvalCase*, std::string>> found;
  for (const EvalCase& c : cases) {
    const std::string s = simplify(c.text);
    const auto grams = trigrams(s);
    for (const Prepared& e : examples) {
      const std::size_t longer = std::max(s.size(), e.text.size());
      const double max_distance = (1 - min_similarity) * static_cast<double>(longer);
      // Quick bounds first: lengths too far apart, or too few shared trigrams (each edit destroys
      // at most three of them), cannot reach the similarity.
      if (static_cast<double>(longer - std::min(s.size(), e.text.size())) > max_distance) continue;
      const double needed = static_cast<double>(std::max(grams.size(), e.grams.size())) - 3 * max_distance;
      if (needed > 0 && static_cast<double>(common_count(grams, e.grams)) < needed) continue;
      const double similarity =
          longer == 0 ? 1.0
                      : 1.0 - static_cast<double>(edit_distance(s, e.text)) / static_cast<double>(longer);
      if (similarity >= min_similarity) {
        found.emplace_back(&c, e.text);
        break;
      }
    }
  }
  return found;
}

}  // namespace careerbot::dialog
