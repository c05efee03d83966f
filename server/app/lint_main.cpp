// careerbot-lint: checks every content file counsellors edit (knowledge sources, intents, answers,
// flows) the way the server would load them, and prints each problem as "file:line: problem".
// Exit code 0 when the content is clean, 1 otherwise.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "dialog/content.hpp"
#include "dialog/evaluation.hpp"
#include "dialog/responder.hpp"
#include "intent/example_corpus.hpp"
#include "knowledge/builder.hpp"

int main(int argc, char** argv) {
  std::string knowledge_dir = "knowledge";
  std::string intents_dir = "intents";
  std::vector<std::string> questions;  // --ask: answer these offline (one session) instead of linting
  bool verbose = false;
  bool rules_only = false;              // measure the RE2 rules without the classifiers
  std::vector<std::string> eval_files;  // --eval: measure understanding on labelled question sets
  int folds = 0;                        // --cross-validate K
  double min_in_scope = 0, min_out_of_scope = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if ((arg == "--knowledge" || arg == "--source") && i + 1 < argc)
      knowledge_dir = argv[++i];
    else if (arg == "--intents" && i + 1 < argc)
      intents_dir = argv[++i];
    else if (arg == "--ask" && i + 1 < argc)
      questions.push_back(argv[++i]);
    else if (arg == "--explain")
      verbose = true;
    else if (arg == "--rules-only")
      rules_only = true;
    else if (arg == "--eval" && i + 1 < argc)
      eval_files.push_back(argv[++i]);
    else if (arg == "--cross-validate" && i + 1 < argc)
      folds = std::atoi(argv[++i]);
    else if (arg == "--min-in-scope" && i + 1 < argc)
      min_in_scope = std::atof(argv[++i]);
    else if (arg == "--min-out-of-scope" && i + 1 < argc)
      min_out_of_scope = std::atof(argv[++i]);
    else {
      std::cout
          << "usage: careerbot-lint [--knowledge DIR] [--intents DIR] [--ask QUESTION]... [--explain]\n"
             "       careerbot-lint --eval FILE.jsonl [--min-in-scope 0.9] [--min-out-of-scope 0.9]\n"
             "       careerbot-lint --cross-validate K\n"
             "--rules-only leaves the classifiers out (to measure what they add).\n"
             "Checks all content; with --ask, answers the questions in one conversation instead.\n"
             "--eval asks every question of a labelled set ({\"text\",\"intent\"} lines) in a fresh\n"
             "session and prints accuracy, per-intent precision/recall/F1 and the most confused pairs;\n"
             "it fails below the given minimums or when a line nearly repeats a training example.\n"
             "--cross-validate trains K models, each without one fold of the examples.\n";
      return arg == "--help" || arg == "-h" ? 0 : 2;
    }
  }
  const auto scratch =
      std::filesystem::temp_directory_path() / ("careerbot-lint-" + std::to_string(::getpid()) + ".db");
  const auto build = careerbot::knowledge::build_knowledge({knowledge_dir + "/careers"}, scratch.string());
  if (!build.ok()) {
    std::cout << build.errors.report();
    return 1;
  }
  int status = 0;
  try {
    careerbot::dialog::ContentPaths paths{scratch.string(), intents_dir};
    paths.classifiers = !rules_only;
    const auto content = careerbot::dialog::load_content(paths);
    if (!eval_files.empty() || folds > 0) {
      std::vector<std::string> training;
      for (const auto& e :
           careerbot::intent::load_intent_examples(*content->intents, intents_dir + "/examples"))
        training.push_back(e.text);
      for (const auto& file : eval_files) {
        const auto cases = careerbot::dialog::load_eval_file(file);
        for (const auto& [c, example] : careerbot::dialog::near_duplicates(cases, training)) {
          std::cout << file << ":" << c->line << ": nearly repeats a training example ('" << example
                    << "'): a held-out line must be new\n";
          status = 1;
        }
        const auto report = careerbot::dialog::evaluate(*content, cases);
        std::cout << "== " << file << "\n" << report.format() << "\n";
        if (report.in_scope_accuracy() < min_in_scope ||
            report.out_of_scope_recognised() < min_out_of_scope) {
          std::cout << file << ": below the minimum (in scope " << min_in_scope << ", out of scope "
                    << min_out_of_scope << ")\n";
          status = 1;
        }
      }
      if (folds > 0) {
        const auto report = careerbot::dialog::cross_validate(*content, intents_dir, folds);
        std::cout << "== " << folds << "-fold cross-validation of the training examples\n"
                  << report.format() << "\n";
      }
      std::filesystem::remove(scratch);
      return status;
    }
    if (!questions.empty()) {
      careerbot::dialog::SessionState state;
      for (const auto& question : questions) {
        const auto turn = careerbot::dialog::respond(*content, state, question);
        std::cout << "> " << question << "\n[" << turn.reply.intent << " " << turn.reply.confidence << " via "
                  << turn.route << "] normalised: " << turn.match.normalized << "\n   top:";
        for (const auto& c : turn.match.top) std::cout << " " << c.intent << "=" << c.confidence;
        std::cout << "\n   entities:";
        for (const auto& [k, v] : turn.match.entities) std::cout << " " << k << "=" << v;
        std::cout << "\n" << turn.reply.text << "\n";
        if (verbose) std::cout << careerbot::dialog::explain_turn(turn, state).dump(2) << "\n";
        std::cout << "\n";
      }
      std::filesystem::remove(scratch);
      return 0;
    }
    for (const auto& problem : careerbot::dialog::lint_content(*content)) {
      std::cout << problem << "\n";
      status = 1;
    }
  } catch (const std::exception& e) {
    std::cout << e.what() << "\n";
    status = 1;
  }
  std::filesystem::remove(scratch);
  if (status == 0)
    std::cout << "content ok: " << build.career_count << " careers, " << build.fact_count << " facts\n";
  return status;
}
