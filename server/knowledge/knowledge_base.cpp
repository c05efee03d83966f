#include "knowledge/knowledge_base.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <map>
#include <stdexcept>

#include "knowledge/fts_query.hpp"
#include "knowledge/schema.hpp"
#include "knowledge/text.hpp"

namespace careerbot::knowledge {

// One read-only connection with its search statement, prepared once.
struct KnowledgeBase::SearchConnection {
  explicit SearchConnection(const std::string& path)
      : db(path, SQLite::OPEN_READONLY),
        search(db,
               "SELECT f.id, bm25(fact_search, 2.0, 1.0) AS score FROM fact_search "
               "JOIN facts f ON f.id = fact_search.rowid "
               "WHERE fact_search MATCH ?1 AND (?2 = 0 OR f.career_id = ?2) "
               "ORDER BY score LIMIT ?3") {}
  SQLite::Database db;
  SQLite::Statement search;
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
    } else {
      throw std::runtime_error("fact '" + f.key + "' of section '" + s + "' has no place in the model");
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

}  // namespace

KnowledgeBase::~KnowledgeBase() = default;

std::shared_ptr<const KnowledgeBase> KnowledgeBase::open(const std::string& db_path,
                                                         std::size_t search_connections) {
  std::shared_ptr<KnowledgeBase> kb(new KnowledgeBase());
  kb->path_ = db_path;
  try {
    kb->load(std::max<std::size_t>(search_connections, 1));
  } catch (const std::exception& e) {
    throw std::runtime_error("cannot open the knowledge database " + db_path + ": " + e.what());
  }
  return kb;
}

void KnowledgeBase::load(std::size_t search_connections) {
  // Open every connection first, then read through the first: all of them saw the same file, unless
  // it was replaced in between, which the meta check below detects.
  for (std::size_t i = 0; i < search_connections; ++i)
    pool_.push_back(std::make_unique<SearchConnection>(path_));
  SQLite::Database& db = pool_.front()->db;
  std::string version = meta(db, "schema_version");
  if (version != std::to_string(kSchemaVersion))
    throw std::runtime_error("schema version " + version + ", expected " + std::to_string(kSchemaVersion) +
                             " (rebuild it with careerbot-kb build)");
  content_hash_ = meta(db, "content_hash");
  built_at_ = meta(db, "built_at");
  for (auto& c : pool_)
    if (meta(c->db, "built_at") != built_at_ || meta(c->db, "content_hash") != content_hash_)
      throw std::runtime_error("the file was replaced while loading; open it again");
  SnapshotReader(db).read(careers_, career_ids_);
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
    SQLite::Statement ids(pool_.front()->db, "SELECT id FROM facts WHERE career_id = ? ORDER BY id");
    ids.bind(1, career_ids_[i]);
    careers_[i].for_each_fact([&](const Fact& f) {
      if (!ids.executeStep()) throw std::runtime_error("fact count mismatch");
      facts_by_id_.emplace(ids.getColumn(0).getInt64(), FactRef{i, &f});
      ++fact_count_;
    });
  }
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

std::unique_ptr<KnowledgeBase::SearchConnection> KnowledgeBase::acquire() const {
  std::unique_lock lock(pool_mutex_);
  pool_ready_.wait(lock, [&] { return !pool_.empty(); });
  auto connection = std::move(pool_.back());
  pool_.pop_back();
  return connection;
}

void KnowledgeBase::release(std::unique_ptr<SearchConnection> connection) const {
  {
    std::lock_guard lock(pool_mutex_);
    pool_.push_back(std::move(connection));
  }
  pool_ready_.notify_one();
}

std::vector<SearchHit> KnowledgeBase::search(std::string_view query, std::size_t limit,
                                             std::string_view career_slug) const {
  std::vector<SearchHit> hits;
  std::string expression = fts_match_expression(query);
  if (expression.empty() || limit == 0) return hits;
  std::int64_t career_id = 0;
  if (!career_slug.empty()) {
    const Career* c = find(career_slug);
    if (c == nullptr) return hits;
    career_id = career_ids_[static_cast<std::size_t>(c - careers_.data())];
  }

  auto connection = acquire();
  // Give the connection back even when SQLite throws.
  struct Return {
    const KnowledgeBase* kb;
    std::unique_ptr<SearchConnection>& c;
    ~Return() {
      c->search.tryReset();
      kb->release(std::move(c));
    }
  } give_back{this, connection};
  SQLite::Statement& st = connection->search;
  st.bind(1, expression);
  st.bind(2, career_id);
  st.bind(3, static_cast<std::int64_t>(std::min<std::size_t>(limit, 1000)));
  while (st.executeStep()) {
    auto it = facts_by_id_.find(st.getColumn(0).getInt64());
    if (it == facts_by_id_.end()) continue;
    hits.push_back({careers_[it->second.career].slug, *it->second.fact, -st.getColumn(1).getDouble()});
  }
  return hits;
}

}  // namespace careerbot::knowledge
