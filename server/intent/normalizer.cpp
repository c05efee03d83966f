#include "intent/normalizer.hpp"

#include "intent/stemmer.hpp"
#include "intent/text_fold.hpp"

namespace careerbot::intent {

Normalizer::Normalizer(std::shared_ptr<const Lexicon> lexicon,
                       std::shared_ptr<const SpellingCorrector> speller)
    : lexicon_(lexicon ? std::move(lexicon) : std::make_shared<const Lexicon>()),
      speller_(std::move(speller)) {
  if (speller_ != nullptr)
    for (std::size_t i = 0; i < speller_->words().size(); ++i)
      stem_cache_.try_emplace(speller_->words()[i], speller_->word_stems()[i]);
  for (const std::string& w : lexicon_->words()) stem_cache_.try_emplace(w, stem(w));
}

std::vector<std::string> Normalizer::surface_words(std::string_view text) {
  std::vector<RawToken> raw;
  split_tokens(text, raw);
  std::vector<std::string> out;
  out.reserve(raw.size());
  for (auto& t : raw) out.push_back(std::move(t.folded));
  return out;
}

NormalizedText Normalizer::normalize(std::string_view text) const {
  NormalizedText out;
  normalize(text, out);
  return out;
}

void Normalizer::normalize(std::string_view text, NormalizedText& out) const {
  out.text.clear();
  out.tokens.clear();
  out.stems.clear();
  out.corrections.clear();

  thread_local std::vector<RawToken> raw;
  split_tokens(text, raw);

  if (speller_ != nullptr) {
    for (RawToken& t : raw) {
      if (auto fixed = speller_->correct(t.folded)) {
        out.corrections.emplace_back(t.folded, std::string(*fixed));
        t.folded.assign(*fixed);
        t.cased = t.folded;  // a corrected word no longer has a case "as written"
      }
    }
  }

  lexicon_->rewrite(raw, out.tokens);

  out.stems.reserve(out.tokens.size());
  for (const std::string& token : out.tokens) {
    if (!out.text.empty()) out.text.push_back(' ');
    out.text += token;
    if (auto it = stem_cache_.find(token); it != stem_cache_.end()) {
      out.stems.push_back(it->second);
    } else {
      out.stems.push_back(stem(token));
    }
  }
}

}  // namespace careerbot::intent
