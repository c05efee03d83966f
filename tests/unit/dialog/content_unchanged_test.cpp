// The content's meaning, pinned. Two recordings in tests/data/unchanged/ must match what the content
// gives today:
//   knowledge_rows.txt  every row of every table of the knowledge base built from knowledge/ (the
//                       build time and the hash of the source bytes left out; the full-text index as
//                       one digest per row)
//   decisions.tsv       for every intent example, every safeguarding example and near miss (each in a
//                       fresh session) and every line a student types in tests/conversations/ (each
//                       conversation replayed in its own session): the matcher's intent, confidence and
//                       entities, the safeguarding category, the reply's intent and a digest of the
//                       reply's text and quick replies
// They were recorded with the record-format parser before the content moved to YAML (issue 20), so
// this test proves the conversion changed no meaning. Decisions are the rules' alone (no trained
// classifier): the examples retrain the model often, and the held-out gates and conversation tests
// guard what the model changes. A commit that changes meaning on purpose
// records them again and the diff shows what changed:
//   CAREERBOT_RECORD_UNCHANGED=1 build/ci/tests/unit/dialog/content_tests --gtest_filter='ContentUnchanged.*'
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <SQLiteCpp/SQLiteCpp.h>

#include "common/record_file.hpp"
#include "content_fixture.hpp"
#include "dialog/responder.hpp"
#include "knowledge/builder.hpp"

namespace careerbot::dialog {
namespace {

namespace fs = std::filesystem;

constexpr const char* kConversationSuffix = ".yaml";

constexpr const char* kDecisionsHeader =
    "from\ttext\tintent\tconfidence\tentities\tsafeguarding\treply_intent\treply_digest";

bool recording() {
  const char* value = std::getenv("CAREERBOT_RECORD_UNCHANGED");  // NOLINT(concurrency-mt-unsafe)
  return value != nullptr && std::string_view(value) == "1";
}

fs::path recorded(const std::string& name) {
  return fs::path(testing::source_path("tests/data/unchanged")) / name;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// FNV-1a, as hex: a short stand-in for a long text.
std::string digest(std::string_view text) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  char out[17];
  std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(hash));
  return out;
}

std::string escaped(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\\' || c == '|') out += '\\';
    if (c == '\n' || c == '\t') {
      out += c == '\n' ? "\\n" : "\\t";
      continue;
    }
    out += c;
  }
  return out;
}

std::string cell(const SQLite::Column& column) {
  if (column.isNull()) return "NULL";
  if (column.isInteger()) return std::to_string(column.getInt64());
  if (column.isFloat()) {
    char out[40];
    std::snprintf(out, sizeof out, "%.17g", column.getDouble());
    return out;
  }
  return escaped(column.getString());
}

// Every table in name order, every row in the order of its columns' values.
std::string dump_knowledge(const std::string& path) {
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  std::vector<std::string> tables;
  SQLite::Statement list(
      db,
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'fact_search_%' "
      "AND name NOT LIKE 'sqlite_%' ORDER BY name");
  while (list.executeStep()) tables.push_back(list.getColumn(0).getString());
  std::string out;
  for (const auto& table : tables) {
    SQLite::Statement query(db, "SELECT * FROM " + table);
    const int columns = query.getColumnCount();
    std::string order;
    for (int i = 1; i <= columns; ++i) order += (i > 1 ? "," : "") + std::to_string(i);
    SQLite::Statement rows(db, "SELECT * FROM " + table + " ORDER BY " + order);
    out += "## " + table + ":";
    for (int i = 0; i < columns; ++i) out += std::string(i == 0 ? " " : "|") + rows.getColumnName(i);
    out += "\n";
    while (rows.executeStep()) {
      std::string row;
      for (int i = 0; i < columns; ++i) row += (i > 0 ? "|" : "") + cell(rows.getColumn(i));
      if (table == "meta" && (row.starts_with("built_at|") || row.starts_with("content_hash|"))) continue;
      out += (table == "fact_search" ? digest(row) : row) + "\n";
    }
  }
  return out;
}

// The texts a conversation file makes the student type, conversation by conversation.
void conversations_of(const RecordNode& node, std::vector<std::vector<std::string>>& out) {
  if (const RecordNode* list = node.find("conversations")) {
    for (const RecordNode& item : list->items()) conversations_of(item, out);
    return;
  }
  std::vector<std::string> turns;
  if (const RecordNode* list = node.find("turns"))
    for (const RecordNode& turn : list->items()) turns.push_back(turn.get("user"));
  out.push_back(std::move(turns));
}

// One line: where the text comes from, the text, the matcher's intent, confidence and entities, the
// safeguarding category, the reply's intent and the digest of its text and quick replies.
std::string decision(const std::string& from, const std::string& text, const Turn& turn) {
  char confidence[32];
  std::snprintf(confidence, sizeof confidence, "%.6f", turn.match.confidence);
  std::string entities;
  for (const auto& [name, value] : turn.match.entities)
    entities += (entities.empty() ? "" : " ") + name + "=" + value;
  std::string reply = turn.reply.text;
  for (const auto& s : turn.reply.suggestions) reply += "\n> " + s;
  std::string line;
  for (const std::string& field :
       {from, text, turn.match.intent, std::string(confidence), entities,
        turn.concern ? turn.concern->category->name : std::string("-"), turn.reply.intent, digest(reply)})
    line += (line.empty() ? "" : "\t") + escaped(field);
  return line;
}

std::vector<std::string> decisions(const Content& content) {
  std::vector<std::string> out;
  const auto alone = [&](const std::string& from, const std::string& text) {
    SessionState state;
    out.push_back(decision(from, text, respond(content, state, text)));
  };
  for (const auto& intent : content.intents->intents())
    for (const auto& example : intent.examples) alone("example " + intent.name, example.text);
  for (const auto& category : content.safeguarding->categories())
    for (const auto& [text, line] : category.examples) alone("safeguarding " + category.name, text);
  for (const auto& [text, line] : content.safeguarding->near_misses()) alone("near miss", text);

  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(testing::source_path("tests/conversations")))
    if (entry.path().filename().string().ends_with(kConversationSuffix)) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    std::vector<std::vector<std::string>> conversations;
    conversations_of(RecordDocument::load(file.string()).root(), conversations);
    const std::string from = "conversation " + file.stem().string();
    for (const auto& turns : conversations) {
      SessionState state;
      for (const auto& text : turns) out.push_back(decision(from, text, respond(content, state, text)));
    }
  }
  return out;
}

TEST(ContentUnchanged, KnowledgeBaseRowsMatchTheRecording) {
  const auto db =
      fs::temp_directory_path() / ("careerbot-unchanged-test-" + std::to_string(::getpid()) + ".db");
  const auto build = knowledge::build_knowledge({testing::source_path("knowledge/careers")}, db.string());
  ASSERT_TRUE(build.ok()) << build.errors.report();
  const std::string now = dump_knowledge(db.string());
  fs::remove(db);
  if (recording()) {
    std::ofstream(recorded("knowledge_rows.txt"), std::ios::binary) << now;
    GTEST_SKIP() << "recorded " << recorded("knowledge_rows.txt");
  }
  const auto expected = lines_of(read_file(recorded("knowledge_rows.txt")));
  const auto actual = lines_of(now);
  ASSERT_FALSE(expected.empty()) << "missing " << recorded("knowledge_rows.txt");
  std::string table;
  int shown = 0;
  for (std::size_t i = 0; i < std::max(expected.size(), actual.size()) && shown < 20; ++i) {
    const std::string e = i < expected.size() ? expected[i] : "(none)";
    const std::string a = i < actual.size() ? actual[i] : "(none)";
    if (e.starts_with("## ")) table = e;
    if (e == a) continue;
    ADD_FAILURE() << "line " << i + 1 << " (" << table << ")\n  recorded: " << e << "\n  now:      " << a;
    ++shown;
  }
}

TEST(ContentUnchanged, DecisionsOnEveryExampleAndConversationLineMatchTheRecording) {
  const auto now = decisions(*testing::project_rules_content());
  if (recording()) {
    std::ofstream out(recorded("decisions.tsv"), std::ios::binary);
    out << kDecisionsHeader << "\n";
    for (const auto& d : now) out << d << "\n";
    GTEST_SKIP() << "recorded " << recorded("decisions.tsv");
  }
  auto lines = lines_of(read_file(recorded("decisions.tsv")));
  ASSERT_GT(lines.size(), 400U) << "missing " << recorded("decisions.tsv");
  EXPECT_EQ(lines.front(), kDecisionsHeader);
  lines.erase(lines.begin());
  EXPECT_EQ(now.size(), lines.size());
  int shown = 0;
  for (std::size_t i = 0; i < std::min(now.size(), lines.size()) && shown < 20; ++i) {
    if (lines[i] == now[i]) continue;
    ADD_FAILURE() << "decision " << i + 1 << "\n  recorded: " << lines[i] << "\n  now:      " << now[i];
    ++shown;
  }
}

}  // namespace
}  // namespace careerbot::dialog
