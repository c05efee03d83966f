#include "knowledge/database_writer.hpp"

#include <ctime>

#include "knowledge/schema.hpp"

namespace careerbot::knowledge {
namespace {

SQLite::Database& with_schema(SQLite::Database& db) {
  db.exec(std::string(kSchemaSql));
  return db;
}

void bind_optional(SQLite::Statement& st, int index, const std::optional<int>& value) {
  if (value)
    st.bind(index, *value);
  else
    st.bind(index);
}

void run(SQLite::Statement& st) {
  st.exec();
  st.reset();
  st.clearBindings();
}

}  // namespace

DatabaseWriter::DatabaseWriter(SQLite::Database& db)
    : db_(with_schema(db)),
      insert_career_(db_,
                     "INSERT INTO careers(slug, name, source, reviewed, final_message, destination) "
                     "VALUES (?, ?, ?, ?, ?, ?)"),
      insert_alias_(db_, "INSERT INTO career_aliases(career_id, position, alias) VALUES (?, ?, ?)"),
      insert_fact_(
          db_,
          "INSERT INTO facts(career_id, fact_key, section, grp, position, title, text, source_section, "
          "reviewed, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
      insert_tag_(db_, "INSERT INTO fact_tags(fact_id, tag) VALUES (?, ?)"),
      insert_route_(db_,
                    "INSERT INTO routes(career_id, number, fact_id, name, outcome, summary) "
                    "VALUES (?, ?, ?, ?, ?, ?)"),
      insert_fit_(db_, "INSERT INTO route_fits(career_id, route_number, position, fit) VALUES (?, ?, ?, ?)"),
      insert_step_(db_,
                   "INSERT INTO route_steps(fact_id, route_number, position, duration_text, min_months, "
                   "max_months, stage) VALUES (?, ?, ?, ?, ?, ?, ?)"),
      insert_employer_(db_, "INSERT INTO employers(fact_id, name, region, location) VALUES (?, ?, ?, ?)"),
      insert_level_(
          db_, "INSERT INTO career_levels(fact_id, title, description, salary_lpa) VALUES (?, ?, ?, ?)") {}

std::int64_t DatabaseWriter::write_fact(std::int64_t career_id, const Fact& fact) {
  insert_fact_.bind(1, career_id);
  insert_fact_.bind(2, fact.key);
  insert_fact_.bind(3, fact.section);
  insert_fact_.bind(4, fact.group);
  insert_fact_.bind(5, fact.position);
  insert_fact_.bind(6, fact.title);
  insert_fact_.bind(7, fact.text);
  insert_fact_.bind(8, fact.source);
  insert_fact_.bind(9, fact.reviewed);
  insert_fact_.bind(10, fact.note);
  run(insert_fact_);
  std::int64_t id = db_.getLastInsertRowid();
  for (const auto& tag : fact.tags) {
    insert_tag_.bind(1, id);
    insert_tag_.bind(2, tag);
    run(insert_tag_);
  }
  return id;
}

void DatabaseWriter::write(const Career& career) {
  insert_career_.bind(1, career.slug);
  insert_career_.bind(2, career.name);
  insert_career_.bind(3, career.source);
  insert_career_.bind(4, career.reviewed);
  insert_career_.bind(5, career.final_message.text);
  insert_career_.bind(6, career.destination.text);
  run(insert_career_);
  std::int64_t career_id = db_.getLastInsertRowid();

  for (std::size_t i = 0; i < career.aliases.size(); ++i) {
    insert_alias_.bind(1, career_id);
    insert_alias_.bind(2, static_cast<int>(i + 1));
    insert_alias_.bind(3, career.aliases[i]);
    run(insert_alias_);
  }

  // Facts first in guide order, then the structured rows that point at them.
  career.for_each_fact([&](const Fact& f) { write_fact(career_id, f); });
  SQLite::Statement fact_id(db_, "SELECT id FROM facts WHERE career_id = ? AND fact_key = ?");
  auto id_of = [&](const Fact& f) {
    fact_id.bind(1, career_id);
    fact_id.bind(2, f.key);
    fact_id.executeStep();
    std::int64_t id = fact_id.getColumn(0).getInt64();
    fact_id.reset();
    return id;
  };

  for (const auto& route : career.routes) {
    insert_route_.bind(1, career_id);
    insert_route_.bind(2, route.number);
    insert_route_.bind(3, id_of(route.fact));
    insert_route_.bind(4, route.name);
    insert_route_.bind(5, route.outcome);
    insert_route_.bind(6, route.summary);
    run(insert_route_);
    for (std::size_t i = 0; i < route.fits.size(); ++i) {
      insert_fit_.bind(1, career_id);
      insert_fit_.bind(2, route.number);
      insert_fit_.bind(3, static_cast<int>(i + 1));
      insert_fit_.bind(4, route.fits[i]);
      run(insert_fit_);
    }
    for (const auto& step : route.steps) {
      insert_step_.bind(1, id_of(step.fact));
      insert_step_.bind(2, route.number);
      insert_step_.bind(3, step.fact.position);
      if (step.duration.known())
        insert_step_.bind(4, step.duration.text);
      else
        insert_step_.bind(4);
      bind_optional(insert_step_, 5, step.duration.min_months);
      bind_optional(insert_step_, 6, step.duration.max_months);
      insert_step_.bind(7, step.stage);
      run(insert_step_);
    }
  }
  for (const auto& e : career.employers) {
    insert_employer_.bind(1, id_of(e.fact));
    insert_employer_.bind(2, e.name);
    insert_employer_.bind(3, e.region);
    insert_employer_.bind(4, e.location);
    run(insert_employer_);
  }
  for (const auto& l : career.levels) {
    insert_level_.bind(1, id_of(l.fact));
    insert_level_.bind(2, l.title);
    insert_level_.bind(3, l.description);
    if (l.salary_lpa)
      insert_level_.bind(4, *l.salary_lpa);
    else
      insert_level_.bind(4);
    run(insert_level_);
  }
}

void DatabaseWriter::finish(const std::string& content_hash) {
  db_.exec("INSERT INTO fact_search(fact_search) VALUES ('rebuild')");
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char built_at[32];
  std::strftime(built_at, sizeof built_at, "%Y-%m-%dT%H:%M:%SZ", &utc);
  SQLite::Statement meta(db_, "INSERT INTO meta(key, value) VALUES (?, ?)");
  for (const auto& [key, value] :
       {std::pair<std::string, std::string>{"schema_version", std::to_string(kSchemaVersion)},
        {"built_at", built_at},
        {"content_hash", content_hash}}) {
    meta.bind(1, key);
    meta.bind(2, value);
    run(meta);
  }
}

}  // namespace careerbot::knowledge
