#include "knowledge/knowledge_base.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>
#include <tuple>
#include <type_traits>

#include "knowledge/fts_query.hpp"
#include "knowledge/schema.hpp"
#include "knowledge/text.hpp"

namespace careerbot::knowledge {

// The read-only connection the snapshot is read through; kept open for its FTS5 tokenizer module.
struct KnowledgeBase::Connection {
  explicit Connection(const std::string& path) : db(path, SQLite::OPEN_READONLY) {}
  SQLite::Database db;
};

// One instance of the tokenizer the schema gives fact_search ('porter unicode61 remove_diacritics
// 2'), made through SQLite's fts5_api, so documents and queries are split exactly as FTS5 splits them.
// An instance keeps scratch buffers: one thread at a time.
class KnowledgeBase::Tokenizer {
 public:
  explicit Tokenizer(sqlite3* db) {
    fts5_api* api = nullptr;
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, nullptr) == SQLITE_OK) {
      sqlite3_bind_pointer(st, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
      sqlite3_step(st);
    }
    sqlite3_finalize(st);
    if (api == nullptr) throw std::runtime_error("this SQLite has no FTS5");
    void* user_data = nullptr;
    if (api->xFindTokenizer(api, "porter", &user_data, &module_) != SQLITE_OK)
      throw std::runtime_error("FTS5 has no porter tokenizer");
    const char* args[] = {"unicode61", "remove_diacritics", "2"};
    if (module_.xCreate(user_data, args, 3, &instance_) != SQLITE_OK)
      throw std::runtime_error("cannot create the FTS5 tokenizer");
  }
  Tokenizer(const Tokenizer&) = delete;
  Tokenizer& operator=(const Tokenizer&) = delete;
  ~Tokenizer() { module_.xDelete(instance_); }

  // Calls on_token(std::string_view) for each token (FTS5_TOKENIZE_DOCUMENT or _QUERY).
  template <class OnToken>
  void tokenize(std::string_view text, int reason, OnToken&& on_token) {
    auto callback = [](void* ctx, int flags, const char* token, int size, int, int) -> int {
      // A colocated token (a synonym at the same position) takes no position of its own.
      if ((flags & FTS5_TOKEN_COLOCATED) == 0)
        (*static_cast<std::remove_reference_t<OnToken>*>(ctx))(
            std::string_view(token, static_cast<std::size_t>(size)));
      return SQLITE_OK;
    };
    if (module_.xTokenize(instance_, &on_token, reason, text.data(), static_cast<int>(text.size()),
                          callback) != SQLITE_OK)
      throw std::runtime_error("the FTS5 tokenizer failed");
  }

 private:
  fts5_tokenizer module_{};
  Fts5Tokenizer* instance_ = nullptr;
};

namespace {

std::string meta(SQLite::Database& db, const std::string& key) {
  SQLite::Statement st(db, "SELECT value FROM meta WHERE key = ?");
  st.bind(1, key);
  if (!st.executeStep()) throw std::runtime_error("meta." + key + " is missing");
  return st.getColumn(0).getString();
}

std::optional<int> optional_int(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getInt();
}

// True when `needle` occurs in `haystack` with word boundaries on both sides.
bool contains_words(std::string_view haystack, std::string_view needle) {
  auto is_word_byte = [](char c) { return (c & 0x80) != 0 || std::isalnum(static_cast<unsigned char>(c)); };
  for (std::size_t at = haystack.find(needle); at != std::string_view::npos;
       at = haystack.find(needle, at + 1)) {
    bool start_ok = at == 0 || !is_word_byte(haystack[at - 1]);
    std::size_t end = at + needle.size();
    bool end_ok = end == haystack.size() || !is_word_byte(haystack[end]);
    if (start_ok && end_ok) return true;
  }
  return false;
}

struct RouteRow {
  int number;
  std::string name, outcome, summary;
};
struct StepRow {
  Duration duration;
  std::string stage;
};
struct EmployerRow {
  std::string name, region, location;
};
struct LevelRow {
  std::string title, description;
  std::optional<double> salary;
};

// Reads every table into memory and assembles the Careers, in guide order (fact ids ascend with it).
class SnapshotReader {
 public:
  explicit SnapshotReader(SQLite::Database& db) : db_(db) {}

  void read(std::vector<Career>& careers, std::vector<std::int64_t>& ids) {
    read_structured_rows();
    SQLite::Statement career_rows(db_, "SELECT id, slug, name, source, reviewed FROM careers ORDER BY slug");
    while (career_rows.executeStep()) {
      Career c;
      ids.push_back(career_rows.getColumn(0).getInt64());
      c.slug = career_rows.getColumn(1).getString();
      c.name = career_rows.getColumn(2).getString();
      c.source = career_rows.getColumn(3).getString();
      c.reviewed = career_rows.getColumn(4).getString();
      read_aliases(ids.back(), c);
      read_facts(ids.back(), c);
      careers.push_back(std::move(c));
    }
  }

 private:
  void read_structured_rows() {
    SQLite::Statement tags(db_, "SELECT fact_id, tag FROM fact_tags ORDER BY rowid");
    while (tags.executeStep()) tags_[tags.getColumn(0).getInt64()].push_back(tags.getColumn(1).getString());
    SQLite::Statement routes(db_, "SELECT fact_id, number, name, outcome, summary FROM routes");
    while (routes.executeStep())
      routes_[routes.getColumn(0).getInt64()] = {
          routes.getColumn(1).getInt(), routes.getColumn(2).getString(), routes.getColumn(3).getString(),
          routes.getColumn(4).getString()};
    SQLite::Statement fits(db_,
                           "SELECT career_id, route_number, fit FROM route_fits ORDER BY career_id, "
                           "route_number, position");
    while (fits.executeStep())
      fits_[{fits.getColumn(0).getInt64(), fits.getColumn(1).getInt()}].push_back(
          fits.getColumn(2).getString());
    SQLite::Statement steps(db_,
                            "SELECT fact_id, duration_text, min_months, max_months, stage FROM route_steps");
    while (steps.executeStep()) {
      StepRow row;
      if (!steps.getColumn(1).isNull()) row.duration.text = steps.getColumn(1).getString();
      row.duration.min_months = optional_int(steps.getColumn(2));
      row.duration.max_months = optional_int(steps.getColumn(3));
      row.stage = steps.getColumn(4).getString();
      steps_[steps.getColumn(0).getInt64()] = std::move(row);
    }
    SQLite::Statement employers(db_, "SELECT fact_id, name, region, location FROM employers");
    while (employers.executeStep())
      employers_[employers.getColumn(0).getInt64()] = {employers.getColumn(1).getString(),
                                                       employers.getColumn(2).getString(),
                                                       employers.getColumn(3).getString()};
    SQLite::Statement levels(db_, "SELECT fact_id, title, description, salary_lpa FROM career_levels");
    while (levels.executeStep()) {
      LevelRow row{levels.getColumn(1).getString(), levels.getColumn(2).getString(), std::nullopt};
      if (!levels.getColumn(3).isNull()) row.salary = levels.getColumn(3).getDouble();
      levels_[levels.getColumn(0).getInt64()] = std::move(row);
    }
  }

  void read_aliases(std::int64_t career_id, Career& c) {
    SQLite::Statement st(db_, "SELECT alias FROM career_aliases WHERE career_id = ? ORDER BY position");
    st.bind(1, career_id);
    while (st.executeStep()) c.aliases.push_back(st.getColumn(0).getString());
  }

  void read_facts(std::int64_t career_id, Career& c) {
    SQLite::Statement st(
        db_,
        "SELECT id, fact_key, section, grp, position, title, text, source_section, reviewed, note "
        "FROM facts WHERE career_id = ? ORDER BY id");
    st.bind(1, career_id);
    while (st.executeStep()) {
      std::int64_t id = st.getColumn(0).getInt64();
      Fact f;
      f.key = st.getColumn(1).getString();
      f.section = st.getColumn(2).getString();
      f.group = st.getColumn(3).getString();
      f.position = st.getColumn(4).getInt();
      f.title = st.getColumn(5).getString();
      f.text = st.getColumn(6).getString();
      f.source = st.getColumn(7).getString();
      f.reviewed = st.getColumn(8).getString();
      f.note = st.getColumn(9).getString();
      if (auto it = tags_.find(id); it != tags_.end()) f.tags = it->second;
      place(career_id, id, std::move(f), c);
    }
    c.for_each_fact([&](const Fact& f) {
      if (f.has_tag("certification")) c.certifications.push_back(f);
    });
  }

  // Puts a fact where its section says, joining the structured row that belongs to it.
  void place(std::int64_t career_id, std::int64_t id, Fact f, Career& c) {
    const std::string& s = f.section;
    if (s == "overview")
      c.overview.push_back(std::move(f));
    else if (s == "responsibilities" && f.group.empty())
      c.responsibilities.push_back({std::move(f), {}});
    else if (s == "responsibilities" && !c.responsibilities.empty())
      c.responsibilities.back().items.push_back(std::move(f));
    else if (s == "routes" && routes_.count(id)) {
      const RouteRow& r = routes_.at(id);
      Route route;
      route.number = r.number;
      route.name = r.name;
      route.outcome = r.outcome;
      route.summary = r.summary;
      if (auto it = fits_.find({career_id, r.number}); it != fits_.end()) route.fits = it->second;
      route.fact = std::move(f);
      c.routes.push_back(std::move(route));
    } else if (s == "routes" && steps_.count(id) && !c.routes.empty()) {
      const StepRow& row = steps_.at(id);
      c.routes.back().steps.push_back({std::move(f), row.duration, row.stage});
    } else if (s == "destination")
      c.destination = std::move(f);
    else if (s == "academic_points")
      c.academic_points.push_back(std::move(f));
    else if (s == "internships")
      c.internships.push_back(std::move(f));
    else if (s == "courses")
      c.courses.push_back(std::move(f));
    else if (s == "employers" && employers_.count(id)) {
      const EmployerRow& row = employers_.at(id);
      c.employers.push_back({std::move(f), row.name, row.region, row.location});
    } else if (s == "advice")
      c.advice.push_back(std::move(f));
    else if (s == "final_message")
      c.final_message = std::move(f);
    else if (s == "trends")
      c.trends.push_back(std::move(f));
    else if (s == "career_levels" && levels_.count(id)) {
      const LevelRow& row = levels_.at(id);
      c.levels.push_back({std::move(f), row.title, row.description, row.salary});
    } else if (!f.group.empty()) {
      throw std::runtime_error("fact '" + f.key + "' of section '" + s + "' has no place in the model");
    } else {  // a section of this career's own (declared in its overlay): a list, in page order
      if (c.extra_sections.empty() || c.extra_sections.back().key != s)
        c.extra_sections.push_back({s, "", {}});
      c.extra_sections.back().facts.push_back(std::move(f));
    }
  }

  SQLite::Database& db_;
  std::map<std::int64_t, std::vector<std::string>> tags_;
  std::map<std::int64_t, RouteRow> routes_;
  std::map<std::pair<std::int64_t, int>, std::vector<std::string>> fits_;
  std::map<std::int64_t, StepRow> steps_;
  std::map<std::int64_t, EmployerRow> employers_;
  std::map<std::int64_t, LevelRow> levels_;
};

constexpr std::uint32_t kUnknownTerm = std::numeric_limits<std::uint32_t>::max();

// The words fts_match_expression quoted, in order: the phrases FTS5 would parse from it.
std::vector<std::string_view> quoted_words(std::string_view expression) {
  std::vector<std::string_view> words;
  for (std::size_t open = expression.find('"'); open != std::string_view::npos;) {
    std::size_t close = expression.find('"', open + 1);
    words.push_back(expression.substr(open + 1, close - open - 1));
    open = expression.find('"', close + 1);
  }
  return words;
}

// Occurrences of `phrase` as consecutive tokens of `tokens`.
std::uint32_t count_phrase(const std::vector<std::uint32_t>& tokens,
                           const std::vector<std::uint32_t>& phrase) {
  std::uint32_t n = 0;
  for (std::size_t i = 0; i + phrase.size() <= tokens.size(); ++i)
    if (std::equal(phrase.begin(), phrase.end(), tokens.begin() + static_cast<std::ptrdiff_t>(i))) ++n;
  return n;
}

}  // namespace

KnowledgeBase::KnowledgeBase() = default;
KnowledgeBase::~KnowledgeBase() = default;

std::shared_ptr<const KnowledgeBase> KnowledgeBase::open(const std::string& db_path,
                                                         std::size_t concurrent_searches) {
  std::shared_ptr<KnowledgeBase> kb(new KnowledgeBase());
  kb->path_ = db_path;
  try {
    kb->load(std::max<std::size_t>(concurrent_searches, 1));
  } catch (const std::exception& e) {
    throw std::runtime_error("cannot open the knowledge database " + db_path + ": " + e.what());
  }
  return kb;
}

void KnowledgeBase::load(std::size_t concurrent_searches) {
  // Everything is read through one connection in one go, so it all comes from the same file.
  connection_ = std::make_unique<Connection>(path_);
  SQLite::Database& db = connection_->db;
  std::string version = meta(db, "schema_version");
  if (version != std::to_string(kSchemaVersion))
    throw std::runtime_error("schema version " + version + ", expected " + std::to_string(kSchemaVersion) +
                             " (rebuild it with careerbot-kb build)");
  content_hash_ = meta(db, "content_hash");
  built_at_ = meta(db, "built_at");
  SnapshotReader(db).read(careers_, career_ids_);
  for (std::size_t i = 0; i < concurrent_searches; ++i)
    tokenizers_.push_back(std::make_unique<Tokenizer>(db.getHandle()));
  index();
}

void KnowledgeBase::index() {
  for (std::size_t i = 0; i < careers_.size(); ++i) {
    const Career& c = careers_[i];
    names_.emplace_back(text::fold(c.slug), i);
    names_.emplace_back(text::fold(c.name), i);
    for (const auto& a : c.aliases) names_.emplace_back(text::fold(a), i);
  }
  // Fact ids ascend in guide order per career, exactly the order for_each_fact visits.
  for (std::size_t i = 0; i < careers_.size(); ++i) {
    SQLite::Statement ids(connection_->db, "SELECT id FROM facts WHERE career_id = ? ORDER BY id");
    ids.bind(1, career_ids_[i]);
    auto begin = static_cast<std::uint32_t>(facts_.size());
    careers_[i].for_each_fact([&](const Fact& f) {
      if (!ids.executeStep()) throw std::runtime_error("fact count mismatch");
      facts_.push_back({i, &f, ids.getColumn(0).getInt64(), {}, {}});
    });
    if (ids.executeStep()) throw std::runtime_error("fact count mismatch");
    career_ranges_.emplace_back(begin, static_cast<std::uint32_t>(facts_.size()));
  }
  fact_count_ = facts_.size();
  index_search();
}

// Tokenizes every fact's title and text as FTS5 did when it built fact_search.
void KnowledgeBase::index_search() {
  auto tokenizer = acquire_tokenizer();
  std::size_t total_tokens = 0;
  auto add_column = [&](std::string_view text, std::uint32_t fact, bool title,
                        std::vector<std::uint32_t>& out) {
    tokenizer->tokenize(text, FTS5_TOKENIZE_DOCUMENT, [&](std::string_view token) {
      auto [it, added] = term_ids_.try_emplace(std::string(token), static_cast<std::uint32_t>(terms_.size()));
      if (added) terms_.emplace_back();
      auto& postings = terms_[it->second].postings;
      if (postings.empty() || postings.back().fact != fact) postings.push_back({fact, 0, 0});
      ++(title ? postings.back().title_hits : postings.back().text_hits);
      out.push_back(it->second);
    });
    total_tokens += out.size();
  };
  for (std::uint32_t f = 0; f < facts_.size(); ++f) {
    IndexedFact& fact = facts_[f];
    add_column(fact.fact->title, f, true, fact.title);
    add_column(fact.fact->text, f, false, fact.text);
  }
  release_tokenizer(std::move(tokenizer));
  if (!facts_.empty())
    average_length_ = static_cast<double>(total_tokens) / static_cast<double>(facts_.size());
}

const Career* KnowledgeBase::find(std::string_view slug) const {
  auto it = std::lower_bound(careers_.begin(), careers_.end(), slug,
                             [](const Career& c, std::string_view s) { return c.slug < s; });
  return it != careers_.end() && it->slug == slug ? &*it : nullptr;
}

const Career* KnowledgeBase::find_by_name(std::string_view name) const {
  std::string folded = text::fold(name);
  for (const auto& [n, i] : names_)
    if (n == folded) return &careers_[i];
  return nullptr;
}

std::vector<const Career*> KnowledgeBase::mentioned_in(std::string_view message) const {
  std::string folded = text::fold(message);
  std::vector<const Career*> out;
  for (const auto& [n, i] : names_) {
    const Career* c = &careers_[i];
    if (std::find(out.begin(), out.end(), c) == out.end() && contains_words(folded, n)) out.push_back(c);
  }
  return out;
}

std::unique_ptr<KnowledgeBase::Tokenizer> KnowledgeBase::acquire_tokenizer() const {
  {
    std::lock_guard lock(tokenizers_mutex_);
    if (!tokenizers_.empty()) {
      auto tokenizer = std::move(tokenizers_.back());
      tokenizers_.pop_back();
      return tokenizer;
    }
  }
  return std::make_unique<Tokenizer>(connection_->db.getHandle());
}

void KnowledgeBase::release_tokenizer(std::unique_ptr<Tokenizer> tokenizer) const {
  std::lock_guard lock(tokenizers_mutex_);
  tokenizers_.push_back(std::move(tokenizer));
}

std::vector<std::vector<std::uint32_t>> KnowledgeBase::query_phrases(std::string_view query) const {
  std::vector<std::vector<std::uint32_t>> phrases;
  std::string expression = fts_match_expression(query);
  auto tokenizer = acquire_tokenizer();
  try {
    for (std::string_view word : quoted_words(expression)) {
      auto& phrase = phrases.emplace_back();
      tokenizer->tokenize(word, FTS5_TOKENIZE_QUERY, [&](std::string_view token) {
        auto it = term_ids_.find(std::string(token));
        phrase.push_back(it == term_ids_.end() ? kUnknownTerm : it->second);
      });
    }
  } catch (...) {
    release_tokenizer(std::move(tokenizer));
    throw;
  }
  release_tokenizer(std::move(tokenizer));
  return phrases;
}

std::vector<SearchHit> KnowledgeBase::search(std::string_view query, std::size_t limit,
                                             std::string_view career_slug) const {
  std::vector<SearchHit> hits;
  if (limit == 0) return hits;
  std::uint32_t begin = 0, end = static_cast<std::uint32_t>(facts_.size());
  if (!career_slug.empty()) {
    const Career* c = find(career_slug);
    if (c == nullptr) return hits;
    std::tie(begin, end) = career_ranges_[static_cast<std::size_t>(c - careers_.data())];
  }

  // FTS5's bm25 (sqlite/ext/fts5/fts5_aux.c), term for term and in the same order, so the scores
  // are the very doubles the SQL query returned: for each phrase in query order,
  //   idf * (f * (k1 + 1)) / (f + k1 * (1 - b + b * D / avgdl)),
  // f = 2 * hits in the title + hits in the text, D = the fact's tokens, and
  // idf = log((N - n + 0.5) / (n + 0.5)) (at least 1e-6) with n = facts holding the phrase, N = all.
  constexpr double k1 = 1.2, b = 0.75, title_weight = 2.0, text_weight = 1.0;
  const double rows = static_cast<double>(facts_.size());
  std::vector<double> scores(end - begin, 0.0);
  std::vector<bool> matched(end - begin, false);
  auto add = [&](double idf, std::uint32_t fact, std::uint32_t title_hits, std::uint32_t text_hits) {
    if (fact < begin || fact >= end || title_hits + text_hits == 0) return;
    const IndexedFact& f = facts_[fact];
    double freq = title_weight * title_hits + text_weight * text_hits;
    double length = static_cast<double>(f.title.size() + f.text.size());
    scores[fact - begin] +=
        idf * ((freq * (k1 + 1.0)) / (freq + k1 * (1 - b + b * length / average_length_)));
    matched[fact - begin] = true;
  };
  auto idf_of = [&](std::size_t holding) {
    double idf = std::log((rows - static_cast<double>(holding) + 0.5) / (static_cast<double>(holding) + 0.5));
    return idf <= 0.0 ? 1e-6 : idf;
  };

  for (const auto& phrase : query_phrases(query)) {
    if (phrase.empty() || std::find(phrase.begin(), phrase.end(), kUnknownTerm) != phrase.end()) continue;
    const auto& postings = terms_[phrase.front()].postings;
    if (phrase.size() == 1) {
      double idf = idf_of(postings.size());
      auto first = std::lower_bound(postings.begin(), postings.end(), begin,
                                    [](const Posting& p, std::uint32_t f) { return p.fact < f; });
      for (auto it = first; it != postings.end() && it->fact < end; ++it)
        add(idf, it->fact, it->title_hits, it->text_hits);
      continue;
    }
    // A word FTS5 splits into several tokens is a phrase: consecutive tokens in one column.
    std::vector<Posting> holding;
    for (const Posting& p : postings) {
      const IndexedFact& f = facts_[p.fact];
      Posting h{p.fact, count_phrase(f.title, phrase), count_phrase(f.text, phrase)};
      if (h.title_hits + h.text_hits > 0) holding.push_back(h);
    }
    double idf = idf_of(holding.size());
    for (const Posting& h : holding) add(idf, h.fact, h.title_hits, h.text_hits);
  }

  // ORDER BY score LIMIT n over rows in rowid order: best first, ties in fact id order.
  std::vector<std::uint32_t> order;
  for (std::uint32_t i = 0; i < matched.size(); ++i)
    if (matched[i]) order.push_back(begin + i);
  auto better = [&](std::uint32_t x, std::uint32_t y) {
    double sx = scores[x - begin], sy = scores[y - begin];
    return sx != sy ? sx > sy : facts_[x].id < facts_[y].id;
  };
  std::size_t n = std::min({limit, order.size(), std::size_t{1000}});
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(n), order.end(), better);
  for (std::size_t i = 0; i < n; ++i) {
    const IndexedFact& f = facts_[order[i]];
    hits.push_back({careers_[f.career].slug, *f.fact, scores[order[i] - begin]});
  }
  return hits;
}

}  // namespace careerbot::knowledge
