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

#include "dialog/content.hpp"
#include "dialog/coverage.hpp"
#include "knowledge/builder.hpp"
#include "knowledge/career_sources.hpp"
#include "knowledge/page_importer.hpp"

namespace {

constexpr const char* kUsage =
    "usage:\n"
    "  careerbot-kb build --source DIR [--source DIR...] --out FILE [--intents DIR]\n"
    "      validate every career under DIR/careers and build the database FILE atomically; then train\n"
    "      the classifiers from the intents folder (default intents/) into the model cache\n"
    "      ($CAREERBOT_MODEL_CACHE_DIR, else var/models)\n"
    "  careerbot-kb check --source DIR [--source DIR...]\n"
    "      validate only\n"
    "  careerbot-kb import-page PAGE.txt [--out FILE]\n"
    "      turn a copied career page into a <slug>.page.txt (stdout without --out)\n"
    "  careerbot-kb stale --source DIR --older-than DAYS [--today YYYY-MM-DD]\n"
    "      list facts whose last review is older than DAYS days\n"
    "  careerbot-kb coverage --source DIR [--intents DIR] [--unanswered FILE]\n"
    "      list facts no answer can reach, and careers students asked about that the base lacks\n";

struct Arguments {
  std::string command;
  std::vector<std::string> sources, positional;
  std::string out;
  std::string older_than, today, intents = "intents", unanswered;
};

bool parse(int argc, char** argv, Arguments& args) {
  if (argc < 2) return false;
  args.command = argv[1];
  for (int i = 2; i < argc; ++i) {
    std::string arg = argv[i];
    if ((arg == "--source" || arg == "--out") && i + 1 < argc) {
      (arg == "--source" ? args.sources.emplace_back() : args.out) = argv[++i];
    } else if (arg == "--older-than" && i + 1 < argc) {
      args.older_than = argv[++i];
    } else if (arg == "--today" && i + 1 < argc) {
      args.today = argv[++i];
    } else if (arg == "--intents" && i + 1 < argc) {
      args.intents = argv[++i];
    } else if (arg == "--unanswered" && i + 1 < argc) {
      args.unanswered = argv[++i];
    } else if (arg.starts_with("--")) {
      return false;
    } else {
      args.positional.push_back(arg);
    }
  }
  return true;
}

// "knowledge" holds careers/; a directory of *.page.txt files is accepted as is.
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
  if (args.positional.size() != 1) return 2;
  std::ifstream in(args.positional[0], std::ios::binary);
  if (!in) {
    std::cerr << args.positional[0] << ": cannot read the file\n";
    return 1;
  }
  std::ostringstream page;
  page << in.rdbuf();
  std::string record;
  try {
    record = careerbot::knowledge::import_page(page.str());
  } catch (const std::exception& e) {
    std::cerr << args.positional[0] << ": " << e.what() << "\n";
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
  long days = 0;
  try {
    days = std::stol(args.older_than);
  } catch (const std::exception&) {
    return 2;
  }
  const long today = args.today.empty() ? static_cast<long>(std::time(nullptr) / 86400) : days_of(args.today);
  if (days < 0 || today < 0) return 2;
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
    const auto& r = content->classifiers;
    const auto& c = content->matcher->model()->calibration();
    std::cout << "classifiers: " << r.intent_examples << " intent examples, " << r.safety_examples
              << " safety examples (counted when trained), "
              << (r.intent_trained || r.safety_trained ? "trained" : "loaded") << " in " << r.seconds
              << " s into " << careerbot::dialog::default_model_cache_dir() << "\n"
              << "intent decision (validation fifth): rule_weight " << c.rule_weight << ", threshold "
              << c.threshold << ", margin " << c.margin << ", in scope " << c.in_scope_accuracy
              << ", out of scope " << c.out_of_scope_accuracy << "\n";
    const auto& s = content->safeguarding->model()->calibration();
    std::cout << "safety (validation fifth): flag at " << s.flag_threshold << " (recall " << s.recall
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
  const auto scratch =
      std::filesystem::temp_directory_path() / ("careerbot-coverage-" + std::to_string(getpid()) + ".db");
  const auto build = careerbot::knowledge::build_knowledge(career_dirs(args.sources), scratch.string());
  if (!build.ok()) return report(build, "");
  int status = 0;
  try {
    const auto content = careerbot::dialog::load_content({scratch.string(), args.intents});
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
  std::filesystem::remove(scratch);
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  Arguments args;
  int status = 2;
  if (parse(argc, argv, args)) {
    if (args.command == "build" && !args.sources.empty() && !args.out.empty() && args.positional.empty())
      status = train_classifiers(
          args, report(careerbot::knowledge::build_knowledge(career_dirs(args.sources), args.out),
                       "built " + args.out));
    else if (args.command == "check" && !args.sources.empty() && args.out.empty() && args.positional.empty())
      status = report(careerbot::knowledge::check_knowledge(career_dirs(args.sources)), "ok");
    else if (args.command == "import-page")
      status = import_page(args);
    else if (args.command == "stale" && !args.sources.empty() && !args.older_than.empty())
      status = stale(args);
    else if (args.command == "coverage" && !args.sources.empty())
      status = coverage(args);
  }
  if (status == 2) std::cerr << kUsage;
  return status;
}
