#include "intent/lexicon.hpp"

#include <algorithm>

#include "common/record_file.hpp"

namespace careerbot::intent {
namespace {

std::vector<std::string> words_of(const std::string& text, bool cased) {
  std::vector<RawToken> tokens;
  split_tokens(text, tokens);
  std::vector<std::string> words;
  for (auto& t : tokens) words.push_back(cased ? std::move(t.cased) : std::move(t.folded));
  return words;
}

std::string join(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) {
    if (!out.empty()) out.push_back(' ');
    out += w;
  }
  return out;
}

}  // namespace

void Lexicon::add(FormIndex& index, std::vector<std::string> words, std::uint32_t canonical,
                  const RecordNode& where) {
  if (words.empty()) where.fail("a lexicon form needs at least one letter or digit");
  auto& forms = index[words.front()];
  for (const Form& f : forms) {
    if (f.words != words) continue;
    if (f.canonical == canonical) return;  // the same form listed twice for one entry: harmless
    where.fail("form '" + join(words) + "' is already a form of '" + join(canonicals_[f.canonical]) + "'");
  }
  forms.push_back({std::move(words), canonical});
  std::stable_sort(forms.begin(), forms.end(),
                   [](const Form& a, const Form& b) { return a.words.size() > b.words.size(); });
}

Lexicon Lexicon::from_record(const RecordNode& root) {
  Lexicon lexicon;
  for (const auto& [key, node] : root.entries("lexicon")) {
    if (key != "entries")
      root.key_node(key)->fail("unknown field '" + key + "' (a lexicon has only 'entries')");
  }
  const RecordNode* entries = root.find("entries");
  if (entries == nullptr) return lexicon;
  for (const RecordNode& entry : entries->items("entries")) {
    for (const auto& [key, node] : entry.entries("lexicon entry"))
      if (key != "canonical" && key != "forms" && key != "case_sensitive")
        entry.key_node(key)->fail("unknown field '" + key + "' in a lexicon entry");
    const RecordNode& canonical_node = entry.at("canonical");
    auto canonical = words_of(canonical_node.text("canonical"), false);
    if (canonical.empty()) canonical_node.fail("canonical form is empty");
    const auto id = static_cast<std::uint32_t>(lexicon.canonicals_.size());
    lexicon.canonicals_.push_back(std::move(canonical));
    const RecordNode* forms = entry.find("forms");
    const RecordNode* cased = entry.find("case_sensitive");
    if ((forms == nullptr || forms->items("forms").empty()) && (cased == nullptr || cased->items().empty()))
      entry.fail("lexicon entry needs 'forms' or 'case_sensitive'");
    if (forms != nullptr)
      for (const RecordNode& form : forms->items("forms"))
        lexicon.add(lexicon.folded_, words_of(form.text("form"), false), id, form);
    if (cased != nullptr)
      for (const RecordNode& form : cased->items("case_sensitive"))
        lexicon.add(lexicon.cased_, words_of(form.text("form"), true), id, form);
  }
  return lexicon;
}

bool Lexicon::matches(const Form& form, const std::vector<RawToken>& in, std::size_t at, bool cased) {
  if (at + form.words.size() > in.size()) return false;
  for (std::size_t k = 0; k < form.words.size(); ++k) {
    const std::string& word = cased ? in[at + k].cased : in[at + k].folded;
    if (word != form.words[k]) return false;
  }
  return true;
}

void Lexicon::rewrite(const std::vector<RawToken>& in, std::vector<std::string>& out) const {
  for (std::size_t i = 0; i < in.size();) {
    const Form* best = nullptr;
    if (auto it = cased_.find(in[i].cased); it != cased_.end())
      for (const Form& f : it->second)
        if (matches(f, in, i, true)) {
          best = &f;
          break;
        }
    if (auto it = folded_.find(in[i].folded); it != folded_.end())
      for (const Form& f : it->second)
        if ((best == nullptr || f.words.size() > best->words.size()) && matches(f, in, i, false)) {
          best = &f;
          break;
        }
    if (best == nullptr) {
      out.push_back(in[i].folded);
      ++i;
      continue;
    }
    for (const auto& w : canonicals_[best->canonical]) out.push_back(w);
    i += best->words.size();
  }
}

std::vector<std::string> Lexicon::words() const {
  std::vector<std::string> out;
  for (const auto& c : canonicals_) out.insert(out.end(), c.begin(), c.end());
  return out;
}

std::vector<std::string> Lexicon::form_words() const {
  std::vector<std::string> out;
  for (const auto& [first, forms] : folded_)
    for (const Form& f : forms) out.insert(out.end(), f.words.begin(), f.words.end());
  return out;
}

}  // namespace careerbot::intent
