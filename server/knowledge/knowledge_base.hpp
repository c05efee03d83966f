#pragma once
// The knowledge the rest of the server reads: an immutable snapshot of a database made by
// build_knowledge. Everything is loaded into memory at open(); only full-text search goes back to
// SQLite, through a fixed pool of read-only connections opened at the same time (so a database
// renamed over the file later is never mixed in: reload by opening a new KnowledgeBase).
//
// Thread-safety: every const method may be called concurrently from any thread. search() takes a
// connection from the pool under a mutex (waiting if all are busy) and gives it back.

#include <condition_variable>
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
  double score = 0;  // higher is better (negated bm25)
};

class KnowledgeBase {
 public:
  // Opens `db_path` read-only and loads it. Throws std::runtime_error (naming the file) when it is
  // missing, not a knowledge database, or of another schema version.
  static std::shared_ptr<const KnowledgeBase> open(const std::string& db_path,
                                                   std::size_t search_connections = 4);

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

  // FTS5 bm25 search over every fact's title and text: each word of `text` is quoted and the words
  // are OR-ed, so no input can inject FTS syntax or throw. Best first, at most `limit` hits;
  // `career_slug` restricts to one career (an unknown slug gives no hits).
  std::vector<SearchHit> search(std::string_view text, std::size_t limit,
                                std::string_view career_slug = {}) const;

  std::size_t fact_count() const noexcept { return fact_count_; }
  const std::string& content_hash() const noexcept { return content_hash_; }
  const std::string& built_at() const noexcept { return built_at_; }
  const std::string& path() const noexcept { return path_; }

 private:
  struct SearchConnection;
  struct FactRef {
    std::size_t career;
    const Fact* fact;
  };

  KnowledgeBase() = default;
  void load(std::size_t search_connections);
  void index();
  std::unique_ptr<SearchConnection> acquire() const;
  void release(std::unique_ptr<SearchConnection> connection) const;

  std::string path_;
  std::string content_hash_, built_at_;
  std::vector<Career> careers_;
  std::vector<std::int64_t> career_ids_;  // database id of careers_[i]
  std::size_t fact_count_ = 0;
  std::unordered_map<std::int64_t, FactRef> facts_by_id_;
  std::vector<std::pair<std::string, std::size_t>> names_;  // folded slug/name/alias -> career index

  mutable std::mutex pool_mutex_;
  mutable std::condition_variable pool_ready_;
  mutable std::vector<std::unique_ptr<SearchConnection>> pool_;
};

}  // namespace careerbot::knowledge
