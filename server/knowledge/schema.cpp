#include "knowledge/schema.hpp"

namespace careerbot::knowledge {

const std::string_view kSchemaSql = R"sql(
-- schema_version, built_at (UTC), content_hash (of the source files)
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE careers (
  id            INTEGER PRIMARY KEY,
  slug          TEXT NOT NULL UNIQUE,
  name          TEXT NOT NULL,
  source        TEXT NOT NULL,          -- title of the guide the facts cite
  reviewed      TEXT NOT NULL,          -- default last-reviewed date, YYYY-MM-DD
  final_message TEXT,
  destination   TEXT
);

CREATE TABLE career_aliases (
  career_id INTEGER NOT NULL REFERENCES careers(id),
  position  INTEGER NOT NULL,
  alias     TEXT NOT NULL,
  PRIMARY KEY (career_id, position)
);

-- Every statement of a guide, with its stable id (knowledge/README.md).
CREATE TABLE facts (
  id             INTEGER PRIMARY KEY,
  career_id      INTEGER NOT NULL REFERENCES careers(id),
  fact_key       TEXT NOT NULL,
  section        TEXT NOT NULL,
  grp            TEXT NOT NULL DEFAULT '',
  position       INTEGER NOT NULL,
  title          TEXT NOT NULL DEFAULT '',
  text           TEXT NOT NULL,
  source_section TEXT NOT NULL,         -- citation: "<source>, <page section>"
  reviewed       TEXT NOT NULL,
  note           TEXT NOT NULL DEFAULT '',
  UNIQUE (career_id, fact_key)
);

CREATE TABLE fact_tags (
  fact_id INTEGER NOT NULL REFERENCES facts(id),
  tag     TEXT NOT NULL,
  PRIMARY KEY (fact_id, tag)
);

CREATE TABLE routes (
  career_id INTEGER NOT NULL REFERENCES careers(id),
  number    INTEGER NOT NULL,
  fact_id   INTEGER NOT NULL REFERENCES facts(id),
  name      TEXT NOT NULL,
  outcome   TEXT NOT NULL,
  summary   TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (career_id, number)
);

CREATE TABLE route_fits (
  career_id    INTEGER NOT NULL REFERENCES careers(id),
  route_number INTEGER NOT NULL,
  position     INTEGER NOT NULL,
  fit          TEXT NOT NULL,
  PRIMARY KEY (career_id, route_number, fit)
);

-- A step without a duration has NULL months: the guide gives none, and none is guessed.
CREATE TABLE route_steps (
  fact_id       INTEGER PRIMARY KEY REFERENCES facts(id),
  route_number  INTEGER NOT NULL,
  position      INTEGER NOT NULL,
  duration_text TEXT,
  min_months    INTEGER CHECK (min_months IS NULL OR min_months > 0),
  max_months    INTEGER CHECK (max_months IS NULL OR max_months >= min_months),
  stage         TEXT NOT NULL DEFAULT ''
);

CREATE TABLE employers (
  fact_id  INTEGER PRIMARY KEY REFERENCES facts(id),
  name     TEXT NOT NULL,
  region   TEXT NOT NULL CHECK (region IN ('india', 'international')),
  location TEXT NOT NULL DEFAULT ''
);

-- salary_lpa NULL = the guide gives no figure; zero is never stored.
CREATE TABLE career_levels (
  fact_id     INTEGER PRIMARY KEY REFERENCES facts(id),
  title       TEXT NOT NULL,
  description TEXT NOT NULL,
  salary_lpa  REAL CHECK (salary_lpa IS NULL OR salary_lpa > 0)
);

-- Full-text index over facts (external content: rows live in facts).
CREATE VIRTUAL TABLE fact_search USING fts5(
  title, text,
  content = 'facts', content_rowid = 'id',
  tokenize = 'porter unicode61 remove_diacritics 2'
);
)sql";

}  // namespace careerbot::knowledge
