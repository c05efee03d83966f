// careerbot-kb: the knowledge tool counsellors and deployments run (see knowledge/README.md).
//   careerbot-kb build --source DIR [--source DIR...] --out FILE
//   careerbot-kb check --source DIR [--source DIR...]
//   careerbot-kb import-page PAGE.txt [--out FILE]
//   careerbot-kb stale --source DIR --older-than DAYS [--today YYYY-MM-DD]
//   careerbot-kb coverage --source DIR [--intents DIR] [--unanswered FILE]
// Exit status: 0 success, 1 content errors (all printed), 2 usage errors.

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <chrono>
#include <ctime>

#include "common/command_line.hpp"
#include "dialog/content.hpp"
#include "dialog/coverage.hpp"
#include "dialog/source_content.hpp"
#include "knowledge/builder.hpp"
#include "knowledge/career_sources.hpp"
#include "knowledge/page_importer.hpp"

namespace {

struct Arguments {
  std::vector<std::string> sources;
  std::string page, out, today, intents = "intents", unanswered;
  long older_than = 0;
};

// "knowledge" holds careers/; a directory of *.page.yaml files is accepted as is.
std::vector<std::string> career_dirs(const std::vector<std::string>& sources) {
  std::vector<std::string> dirs;
  for (const auto& s : sources)
    dirs.push_back(std::filesystem::is_directory(std::filesystem::path(s) / "careers") ? s + "/careers" : s);
  return dirs;
}

int report(const careerbot::knowledge::BuildResult& result, const std::string& done) {
  if (!result.ok()) {
    std::cerr << result.errors.report() << result.errors.size() << " error(s); nothing was written\n";
    return 1;
  }
  std::cout << done << ": " << result.career_count << " career(s), " << result.fact_count
            << " facts, content " << result.content_hash << "\n";
  return 0;
}

int import_page(const Arguments& args) {
  std::ifstream in(args.page, std::ios::binary);
  if (!in) {
    std::cerr << args.page << ": cannot read the file\n";
    return 1;
  }
  std::ostringstream page;
  page << in.rdbuf();
  std::string record;
  try {
    record = careerbot::knowledge::import_page(page.str());
  } catch (const std::exception& e) {
    std::cerr << args.page << ": " << e.what() << "\n";
    return 1;
  }
  if (args.out.empty()) {
    std::cout << record;
    return 0;
  }
  std::ofstream out(args.out, std::ios::binary | std::ios::trunc);
  out << record;
  if (!out.flush()) {
    std::cerr << args.out << ": cannot write the file\n";
    return 1;
  }
  return 0;
}

// Days since 1970-01-01 of a YYYY-MM-DD date, or -1 when malformed.
long days_of(const std::string& date) {
  std::tm tm{};
  if (date.size() != 10 || strptime(date.c_str(), "%Y-%m-%d", &tm) == nullptr) return -1;
  return static_cast<long>(timegm(&tm) / 86400);
}

int stale(const Arguments& args) {
  const long days = args.older_than;
  const long today = args.today.empty() ? static_cast<long>(std::time(nullptr) / 86400) : days_of(args.today);
  careerbot::knowledge::ErrorList errors;
  const auto sources = careerbot::knowledge::load_career_sources(career_dirs(args.sources), errors);
  if (!errors.empty()) {
    std::cerr << errors.report();
    return 1;
  }
  std::size_t count = 0;
  for (const auto& career : sources.careers)
    career.for_each_fact([&](const careerbot::knowledge::Fact& fact) {
      const long reviewed = days_of(fact.reviewed);
      if (reviewed < 0 || today - reviewed > days) {
        std::cout << career.slug << "  " << fact.key << "  reviewed " << fact.reviewed << "  (" << fact.source
                  << ")\n";
        ++count;
      }
    });
  std::cout << count << " fact(s) due for review (older than " << days << " days)\n";
  return 0;
}

// After a build: train the classifiers from --intents (default intents/) into the model cache, so a
// server started on this base loads them instead of training. Skipped when the folder is absent.
int train_classifiers(const Arguments& args, int status) {
  if (status != 0 || !std::filesystem::is_directory(args.intents)) return status;
  try {
    const auto content = careerbot::dialog::load_content({args.out, args.intents});
    // Content whose reviewed safeguarding examples do not raise their categories is not trained on
    // (load_content); say why instead of reading models that are not there.
    if (const auto problems = careerbot::dialog::blocking_problems(*content); !problems.empty()) {
      for (const auto& problem : problems) std::cerr << problem << "\n";
      std::cerr << args.intents
                << ": classifiers not trained: the safeguarding examples above must pass first\n";
      return 1;
    }
    const auto& r = content->classifiers;
    const auto& c = content->matcher->model()->calibration();
    std::cout << "classifiers: " << r.intent_examples << " intent examples, " << r.safety_examples
              << " safety examples (counted when a content file changed), "
              << (r.intent_trained || r.safety_trained ? "trained" : "loaded") << " in " << r.seconds
              << " s into " << careerbot::dialog::default_model_cache_dir() << "\n"
              << "intent decision (cross-fitted, 5 folds): rule_weight " << c.rule_weight << ", threshold "
              << c.threshold << ", margin " << c.margin << ", in scope " << c.in_scope_accuracy
              << ", out of scope " << c.out_of_scope_accuracy << "\n";
    const auto& s = content->safeguarding->model()->calibration();
    std::cout << "safety (cross-fitted, " << careerbot::dialog::kCalibrationFolds << " folds): flag at "
              << s.flag_threshold << " (recall " << s.recall
              << (s.recall_target_met ? "" : ", below the 98% target: the 1% false-alarm budget set it")
              << ", near misses flagged " << s.near_miss_flagged << "), check at " << s.check_threshold
              << " (near misses checked " << s.near_miss_checked << ")\n";
  } catch (const std::exception& e) {
    std::cerr << args.intents << ": " << e.what() << "\n";
    return 1;
  }
  return 0;
}

int coverage(const Arguments& args) {
  int status = 0;
  try {
    const auto loaded = careerbot::dialog::load_source_content({career_dirs(args.sources), args.intents});
    if (!loaded.build.ok()) return report(loaded.build, "");
    const auto& content = loaded.content;
    std::size_t unreachable = 0;
    for (const auto& career : content->knowledge->careers())
      for (const auto& key : careerbot::dialog::unreachable_facts(*content, career)) {
        std::cout << "unreachable: " << career.slug << "  " << key << "\n";
        ++unreachable;
      }
    std::cout << unreachable << " fact(s) no answer can reach\n";
    if (!args.unanswered.empty()) {
      std::vector<std::pair<std::string, long long>> questions;
      SQLite::Database db(args.unanswered, SQLite::OPEN_READONLY);
      SQLite::Statement query(db, "SELECT text, count FROM unanswered");
      while (query.executeStep())
        questions.emplace_back(query.getColumn(0).getString(), query.getColumn(1).getInt64());
      for (const auto& [career, count] : careerbot::dialog::missing_careers(*content, questions))
        std::cout << "asked for, not in the base: " << career << " (" << count << " times)\n";
    }
  } catch (const std::exception& e) {
    std::cerr << e.what() << "\n";
    status = 1;
  }
  return status;
}

// A YYYY-MM-DD date, checked while parsing so a bad one is a usage error (exit 2).
const CLI::Validator kDate(
    [](std::string& value) { return days_of(value) < 0 ? "must be a date YYYY-MM-DD" : std::string(); },
    "YYYY-MM-DD");

CLI::Option* add_sources(CLI::App& command, Arguments& args) {
  return command
      .add_option("--source", args.sources, "knowledge folder (holds careers/) or a folder of page files")
      ->type_name("DIR")
      ->required();
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app(
      "The knowledge tool: build, check and import career guides (see knowledge/README.md).\n"
      "Exit status: 0 success, 1 content errors (all printed), 2 usage errors.",
      "careerbot-kb");
  careerbot::add_version_flag(app);
  // At most one subcommand while parsing, so an unknown flag is reported as such; none is checked after.
  app.require_subcommand(0, 1);
  Arguments args;

  auto* build = app.add_subcommand(
      "build",
      "validate the careers and build the database atomically, then train\n"
      "the classifiers into the model cache ($CAREERBOT_MODEL_CACHE_DIR, else var/models)");
  add_sources(*build, args);
  build->add_option("--out", args.out, "the database to write")->type_name("FILE")->required();
  build->add_option("--intents", args.intents, "intents folder to train from (skipped when absent)")
      ->type_name("DIR")
      ->capture_default_str();

  auto* check = app.add_subcommand("check", "validate only");
  add_sources(*check, args);

  auto* import = app.add_subcommand("import-page", "turn a copied career page into a <slug>.page.yaml");
  import->add_option("page", args.page, "the copied page")->type_name("PAGE.txt")->required();
  import->add_option("--out", args.out, "where to write it (stdout without --out)")->type_name("FILE");

  auto* stale_command = app.add_subcommand("stale", "list facts whose last review is older than DAYS days");
  add_sources(*stale_command, args);
  stale_command->add_option("--older-than", args.older_than, "age in days")
      ->type_name("DAYS")
      ->required()
      ->check(CLI::NonNegativeNumber);
  stale_command->add_option("--today", args.today, "the date to count from (default: today)")->check(kDate);

  auto* coverage_command = app.add_subcommand(
      "coverage", "list facts no answer can reach, and careers students asked for\nthat the base lacks");
  add_sources(*coverage_command, args);
  coverage_command->add_option("--intents", args.intents, "intents folder")
      ->type_name("DIR")
      ->capture_default_str();
  coverage_command->add_option("--unanswered", args.unanswered, "the server's unanswered-questions database")
      ->type_name("FILE");

  if (const auto status = careerbot::parse_command_line(app, argc, argv)) return *status;
  if (app.get_subcommands().empty()) {
    std::cerr << "careerbot-kb: a command is needed: build, check, import-page, stale or coverage (see "
                 "careerbot-kb --help)\n";
    return 2;
  }
  if (build->parsed())
    return train_classifiers(
        args, report(careerbot::knowledge::build_knowledge(career_dirs(args.sources), args.out),
                     "built " + args.out));
  if (check->parsed()) return report(careerbot::knowledge::check_knowledge(career_dirs(args.sources)), "ok");
  if (import->parsed()) return import_page(args);
  if (stale_command->parsed()) return stale(args);
  return coverage(args);
}
