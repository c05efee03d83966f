// KnowledgeBase::search ranks in memory; it must give exactly what the FTS5 bm25 query it replaced
// gives on the same database: the same facts, in the same order, with the same scores (so the
// responder's threshold of 4.0 keeps the same facts). The reference query runs here, through SQLite.

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "knowledge/builder.hpp"
#include "knowledge/fts_query.hpp"
#include "knowledge/knowledge_base.hpp"
#include "knowledge/text.hpp"
#include "test_support.hpp"

namespace careerbot::knowledge {
namespace {

struct ReferenceHit {
  std::string career_slug, fact_key;
  double score;
};

// The query KnowledgeBase::search ran before it searched in memory.
std::vector<ReferenceHit> fts5_search(SQLite::Database& db, std::string_view text, std::size_t limit,
                                      const std::string& career_slug) {
  std::vector<ReferenceHit> hits;
  std::string expression = fts_match_expression(text);
  if (expression.empty()) return hits;
  SQLite::Statement st(db,
                       "SELECT c.slug, f.fact_key, bm25(fact_search, 2.0, 1.0) AS score FROM fact_search "
                       "JOIN facts f ON f.id = fact_search.rowid JOIN careers c ON c.id = f.career_id "
                       "WHERE fact_search MATCH ?1 AND (?2 = '' OR c.slug = ?2) ORDER BY score LIMIT ?3");
  st.bind(1, expression);
  st.bind(2, career_slug);
  st.bind(3, static_cast<std::int64_t>(limit));
  while (st.executeStep())
    hits.push_back({st.getColumn(0).getString(), st.getColumn(1).getString(), -st.getColumn(2).getDouble()});
  return hits;
}

// Every student question the tests and the benchmark ask, as written and folded.
std::vector<std::string> questions() {
  std::vector<std::string> out;
  auto dir = testing::source_dir() / "tests" / "data" / "questions";
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".jsonl") continue;
    std::ifstream in(entry.path());
    for (std::string line; std::getline(in, line);)
      if (!line.empty() && line[0] == '{') out.push_back(nlohmann::json::parse(line).at("text"));
  }
  std::ifstream bench(testing::source_dir() / "bench" / "questions.txt");
  for (std::string line; std::getline(bench, line);)
    if (!line.empty() && line[0] != '#') out.push_back(line);
  std::size_t asked = out.size();
  for (std::size_t i = 0; i < asked; ++i) out.push_back(text::fold(out[i]));
  // Words the tokenizer splits, folds or stems differently, and FTS5 syntax.
  for (const char* q :
       {"caf\xC3\xA9 CAFE\xCC\x81 na\xC3\xAFve", "10+2 B.Tech M.Sc. PhD's", "don't can't",
        "running runs ran runner", "kaggle AND \"kaggle", "the the the", "data-driven",
        "x\xE2\x80\x8By \xE0\xA4\xA8\xE0\xA4\xAE\xE0\xA4\xB8\xE0\xA5\x8D\xE0\xA4\xA4\xE0\xA5\x87", "", "?!"})
    out.push_back(q);
  return out;
}

TEST(SearchEquivalence, SameFactsOrderAndScoresAsTheFts5Query) {
  testing::TempDir dir;
  std::string path = dir / "knowledge.db";
  BuildResult result = build_knowledge({testing::shipped_careers(), testing::test_careers()}, path);
  ASSERT_TRUE(result.ok()) << result.errors.report();
  auto kb = KnowledgeBase::open(path, 1);
  SQLite::Database db(path, SQLite::OPEN_READONLY);

  std::vector<std::string> careers{""};
  for (const auto& c : kb->careers()) careers.push_back(c.slug);
  std::size_t compared = 0, strong = 0;
  for (const std::string& q : questions()) {
    for (const std::string& career : careers) {
      for (std::size_t limit : {std::size_t{2}, std::size_t{10}}) {
        auto expected = fts5_search(db, q, limit, career);
        auto got = kb->search(q, limit, career);
        ASSERT_EQ(got.size(), expected.size()) << q << " / " << career;
        for (std::size_t i = 0; i < got.size(); ++i) {
          EXPECT_EQ(got[i].career_slug, expected[i].career_slug) << q << " / " << career << " #" << i;
          EXPECT_EQ(got[i].fact.key, expected[i].fact_key) << q << " / " << career << " #" << i;
          EXPECT_EQ(got[i].score, expected[i].score) << q << " / " << career << " #" << i;
          // The responder keeps hits scoring >= 4.0: the same side of it, whatever the rounding.
          EXPECT_EQ(got[i].score >= 4.0, expected[i].score >= 4.0) << q;
          strong += got[i].score >= 4.0 ? 1 : 0;
        }
        compared += got.size();
      }
    }
  }
  // The questions do reach the index and the threshold (a comparison of empty lists proves nothing).
  EXPECT_GT(compared, 1000u);
  EXPECT_GT(strong, 100u);
}

}  // namespace
}  // namespace careerbot::knowledge
