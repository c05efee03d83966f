#include "intent/keyword_index.hpp"

#include <functional>
#include <string_view>

#include "intent/intent_set.hpp"
#include "intent/normalizer.hpp"

namespace careerbot::intent {
namespace {

// Order-sensitive hash of a run of stems.
std::uint64_t extend(std::uint64_t hash, const std::string& stem) {
  const std::uint64_t h = std::hash<std::string_view>{}(stem);
  return (hash ^ h) * 0x100000001b3ULL + 0x9e3779b97f4a7c15ULL;
}

bool same_run(const std::vector<std::string>& phrase, const std::vector<std::string>& stems, std::size_t at) {
  for (std::size_t k = 0; k < phrase.size(); ++k)
    if (phrase[k] != stems[at + k]) return false;
  return true;
}

}  // namespace

KeywordIndex::KeywordIndex(const IntentSet& set, const Normalizer& normalizer) {
  const auto& intents = set.intents();
  for (std::size_t i = 0; i < intents.size(); ++i) {
    for (const Keyword& k : intents[i].keywords) {
      const auto id = static_cast<std::uint32_t>(keywords_.size());
      keywords_.push_back({static_cast<std::uint32_t>(i), k.phrase, k.weight});
      std::vector<std::string> stems = normalizer.normalize(k.phrase).stems;
      if (stems.empty()) continue;
      std::uint64_t hash = 0;
      for (const auto& s : stems) hash = extend(hash, s);
      auto& bucket = by_hash_[hash];
      std::uint32_t entry = 0;
      bool found = false;
      for (std::uint32_t e : bucket)
        if (entries_[e].stems == stems) {
          entry = e;
          found = true;
        }
      if (!found) {
        entry = static_cast<std::uint32_t>(entries_.size());
        longest_ = std::max(longest_, stems.size());
        entries_.push_back({std::move(stems), {}});
        bucket.push_back(entry);
      }
      entries_[entry].keywords.push_back(id);
    }
  }
}

void KeywordIndex::scan(const std::vector<std::string>& stems, std::vector<std::uint32_t>& out) const {
  for (std::size_t i = 0; i < stems.size(); ++i) {
    std::uint64_t hash = 0;
    for (std::size_t n = 1; n <= longest_ && i + n <= stems.size(); ++n) {
      hash = extend(hash, stems[i + n - 1]);
      const auto it = by_hash_.find(hash);
      if (it == by_hash_.end()) continue;
      for (std::uint32_t e : it->second) {
        const Entry& entry = entries_[e];
        if (entry.stems.size() != n || !same_run(entry.stems, stems, i)) continue;
        out.insert(out.end(), entry.keywords.begin(), entry.keywords.end());
      }
    }
  }
}

}  // namespace careerbot::intent
