#include "knowledge/builder.hpp"

#include <unistd.h>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Transaction.h>

#include <atomic>
#include <filesystem>

#include "common/concat.hpp"
#include "knowledge/career_sources.hpp"
#include "knowledge/database_writer.hpp"

namespace careerbot::knowledge {
namespace {

namespace fs = std::filesystem;

// A unique name beside the target, so the final rename stays within one file system.
fs::path temporary_path(const fs::path& target) {
  static std::atomic<unsigned> counter{0};
  return target.parent_path() / concat(".", target.filename().string(), ".build-", std::to_string(::getpid()),
                                       "-", std::to_string(counter++));
}

std::size_t count_facts(const std::vector<Career>& careers) {
  std::size_t n = 0;
  for (const auto& c : careers) c.for_each_fact([&](const Fact&) { ++n; });
  return n;
}

void write_database(const CareerSources& sources, const fs::path& path) {
  SQLite::Database db(path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  SQLite::Transaction transaction(db);
  DatabaseWriter writer(db);
  for (const auto& career : sources.careers) writer.write(career);
  writer.finish(sources.content_hash);
  transaction.commit();
  std::string integrity = db.execAndGet("PRAGMA integrity_check").getString();
  if (integrity != "ok") throw std::runtime_error("integrity check failed: " + integrity);
  db.exec("INSERT INTO fact_search(fact_search) VALUES ('integrity-check')");
}

CareerSources load_checked(const std::vector<std::string>& career_dirs, BuildResult& result) {
  CareerSources sources = load_career_sources(career_dirs, result.errors);
  result.content_hash = sources.content_hash;
  if (sources.careers.empty() && result.errors.empty())
    result.errors.add(career_dirs.empty() ? std::string("<no source>") : career_dirs.front(), 0,
                      "no careers found (expected <slug>.page.yaml files)");
  return sources;
}

}  // namespace

BuildResult check_knowledge(const std::vector<std::string>& career_dirs) {
  BuildResult result;
  CareerSources sources = load_checked(career_dirs, result);
  if (result.ok()) {
    result.career_count = sources.careers.size();
    result.fact_count = count_facts(sources.careers);
  }
  return result;
}

BuildResult build_knowledge(const std::vector<std::string>& career_dirs, const std::string& out_path) {
  BuildResult result;
  CareerSources sources = load_checked(career_dirs, result);
  if (!result.ok()) return result;

  fs::path target = fs::absolute(out_path);
  fs::path temp = temporary_path(target);
  try {
    fs::create_directories(target.parent_path());
    write_database(sources, temp);
    fs::rename(temp, target);
  } catch (const std::exception& e) {
    std::error_code ignored;
    fs::remove(temp, ignored);
    fs::remove(temp.string() + "-journal", ignored);
    result.errors.add(out_path, 0, std::string("cannot build the database: ") + e.what());
    return result;
  }
  result.career_count = sources.careers.size();
  result.fact_count = count_facts(sources.careers);
  return result;
}

}  // namespace careerbot::knowledge
