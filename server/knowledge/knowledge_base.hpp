#pragma once
// The knowledge the rest of the server reads: an immutable snapshot of a database made by
// build_knowledge. Everything is loaded into memory at open(), the full-text index included: search()
// ranks facts in memory exactly as the database's FTS5 bm25 query would (same tokens, same scores,
// same order), without a SQL query per message. The one read-only connection opened at load stays
// open only because it owns SQLite's FTS5 tokenizer (porter over unicode61), which search() uses so
// that words are split and stemmed exactly as the index was. A database renamed over the file later
// is never mixed in: reload by opening a new KnowledgeBase.
//
// Thread-safety: every const method may be called concurrently from any thread. A tokenizer instance
// is not reentrant: search() takes one from a small pool under a mutex (making one if all are busy).

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "knowledge/model.hpp"

namespace careerbot::knowledge {

struct SearchHit {
  std::string career_slug;
  Fact fact;
  double score = 0;  // higher is better (FTS5's bm25() negated)
};

class KnowledgeBase {
 public:
  // Opens `db_path` read-only and loads it. Throws std::runtime_error (naming the file) when it is
  // missing, not a knowledge database, or of another schema version. `concurrent_searches`
  // tokenizers are made up front (more are made if more searches run at once).
  static std::shared_ptr<const KnowledgeBase> open(const std::string& db_path,
                                                   std::size_t concurrent_searches = 4);

  KnowledgeBase(const KnowledgeBase&) = delete;
  KnowledgeBase& operator=(const KnowledgeBase&) = delete;
  ~KnowledgeBase();

  // Every career, sorted by slug.
  const std::vector<Career>& careers() const noexcept { return careers_; }
  // The career with this slug, or nullptr.
  const Career* find(std::string_view slug) const;
  // The career whose slug, name or alias equals `name` (case-insensitive, spaces collapsed), or nullptr.
  const Career* find_by_name(std::string_view name) const;
  // Careers whose name or an alias appears as whole words in `text` (e.g. a student's message).
  std::vector<const Career*> mentioned_in(std::string_view text) const;

  // bm25 search over every fact's title (weight 2) and text (weight 1), equal to the FTS5 query
  // `fact_search MATCH fts_match_expression(text)` ranked by bm25(fact_search, 2.0, 1.0): each word
  // of `text` is a phrase, the phrases are OR-ed, so no input is ever read as syntax. Best first
  // (ties in fact id order), at most `limit` hits; `career_slug` restricts to one career (an unknown
  // slug gives no hits) while term statistics stay those of the whole index, as in FTS5.
  std::vector<SearchHit> search(std::string_view text, std::size_t limit,
                                std::string_view career_slug = {}) const;

  std::size_t fact_count() const noexcept { return fact_count_; }
  const std::string& content_hash() const noexcept { return content_hash_; }
  const std::string& built_at() const noexcept { return built_at_; }
  const std::string& path() const noexcept { return path_; }

 private:
  class Tokenizer;
  struct IndexedFact {
    std::size_t career;
    const Fact* fact;
    std::int64_t id;                         // database id: ties rank in id order
    std::vector<std::uint32_t> title, text;  // term ids in token order (for multi-token phrases)
  };
  struct Posting {
    std::uint32_t fact;  // index into facts_
    std::uint32_t title_hits, text_hits;
  };
  struct Term {
    std::vector<Posting> postings;  // by fact index, so each career's facts are one range
  };

  KnowledgeBase();
  void load(std::size_t concurrent_searches);
  void index();
  void index_search();
  std::unique_ptr<Tokenizer> acquire_tokenizer() const;
  void release_tokenizer(std::unique_ptr<Tokenizer> tokenizer) const;
  // The phrases of `query` as term ids (a term unknown to the index gets kUnknownTerm).
  std::vector<std::vector<std::uint32_t>> query_phrases(std::string_view query) const;

  std::string path_;
  std::string content_hash_, built_at_;
  std::vector<Career> careers_;
  std::vector<std::int64_t> career_ids_;  // database id of careers_[i]
  std::size_t fact_count_ = 0;
  std::vector<std::pair<std::string, std::size_t>> names_;  // folded slug/name/alias -> career index

  // The full-text index: facts in careers_ order (each career's facts are one contiguous range).
  std::vector<IndexedFact> facts_;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> career_ranges_;  // [begin, end) per career
  std::unordered_map<std::string, std::uint32_t> term_ids_;
  std::vector<Term> terms_;
  double average_length_ = 0;  // tokens per fact, title and text together

  struct Connection;
  std::unique_ptr<Connection> connection_;  // owns the FTS5 tokenizer module
  mutable std::mutex tokenizers_mutex_;
  mutable std::vector<std::unique_ptr<Tokenizer>> tokenizers_;
};

}  // namespace careerbot::knowledge
