// careerbot-lint: checks every content file counsellors edit (knowledge sources, intents, answers,
// flows) against their JSON Schemas and the way the server would load them, and prints each problem
// as "file:line: problem" ("file:line:column: problem" where the column is known).
// Exit code 0 when the content is clean, 1 otherwise, 2 for a usage error.
#include <iostream>
#include <string>
#include <vector>

#include "common/command_line.hpp"
#include "dialog/classifiers.hpp"
#include "dialog/content.hpp"
#include "dialog/content_schemas.hpp"
#include "dialog/evaluation.hpp"
#include "dialog/responder.hpp"
#include "dialog/source_content.hpp"
#include "intent/example_corpus.hpp"

int main(int argc, char** argv) {
  std::string knowledge_dir = "knowledge";
  std::string intents_dir = "intents";
  std::vector<std::string> questions;  // --ask: answer these offline (one session) instead of linting
  bool verbose = false;
  bool rules_only = false;              // measure the RE2 rules without the classifiers
  bool show_misses = false;             // --eval: list every line answered wrongly
  std::vector<std::string> eval_files;  // --eval: measure understanding on labelled question sets
  int folds = 0;                        // --cross-validate K
  // --cross-validate with other training settings than the built-in ones, to compare them
  careerbot::intent::ClassifierParams params = careerbot::dialog::classifier_params();
  careerbot::intent::NoiseOptions noise = careerbot::dialog::intent_noise();
  double min_in_scope = 0, min_out_of_scope = 0;
  CLI::App app(
      "Checks all content the way the server loads it (each problem as file:line: problem; exit 1 when\n"
      "any). With --ask, answers the questions offline in one conversation instead; with --eval or\n"
      "--cross-validate, measures how well questions are understood.",
      "careerbot-lint");
  careerbot::add_version_flag(app);
  app.add_option("--knowledge,--source", knowledge_dir, "knowledge folder (holds careers/)")
      ->type_name("DIR")
      ->capture_default_str();
  app.add_option("--intents", intents_dir, "intents folder")->type_name("DIR")->capture_default_str();
  app.add_option("--ask", questions, "answer QUESTION offline (repeatable: one conversation)")
      ->type_name("QUESTION")
      ->allow_extra_args(false);
  app.add_flag("--explain", verbose, "with --ask: show why each answer was chosen");
  app.add_flag("--rules-only", rules_only, "leave the classifiers out (to measure what they add)");
  app.add_flag("--show-misses", show_misses,
               "with --eval: list every line answered wrongly (file:line: expected -> answered: text)");
  app.add_option(
         "--eval", eval_files,
         "ask every question of a labelled set ({\"text\",\"intent\"} lines) in a fresh session; print\n"
         "accuracy, per-intent precision/recall/F1 and the most confused pairs; fail below the\n"
         "minimums or when a line nearly repeats a training example (repeatable)")
      ->type_name("FILE.jsonl")
      ->allow_extra_args(false);
  app.add_option("--min-in-scope", min_in_scope, "with --eval: lowest in-scope accuracy accepted")
      ->type_name("0..1")
      ->check(CLI::Range(0.0, 1.0));
  app.add_option("--min-out-of-scope", min_out_of_scope,
                 "with --eval: lowest out-of-scope recognition accepted")
      ->type_name("0..1")
      ->check(CLI::Range(0.0, 1.0));
  app.add_option("--cross-validate", folds, "train K models, each without one fold of the examples")
      ->type_name("K")
      ->check(CLI::Range(2, 100));
  // The settings a grid compares (docs/classifier.md); the server always trains with the built-in ones.
  const auto setting = [&app](const std::string& name, auto& value, const std::string& what) {
    app.add_option(name, value, "with --cross-validate: " + what)->type_name("N")->capture_default_str();
  };
  setting("--dim", params.dim, "vector size");
  setting("--epoch", params.epoch, "training passes");
  setting("--lr", params.lr, "learning rate");
  setting("--word-ngrams", params.word_ngrams, "longest word n-gram");
  setting("--minn", params.minn, "shortest character n-gram, 0 for none");
  setting("--maxn", params.maxn, "longest character n-gram, 0 for none");
  setting("--noisy-copies", noise.copies, "noisy copies of each training example, 0 for none");
  if (const auto exit = careerbot::parse_command_line(app, argc, argv)) return *exit;
  // Every file against its schema first: an unknown key is named even when the loaders would stop
  // at an earlier problem.
  int status = 0;
  if (questions.empty() && eval_files.empty() && folds == 0)
    for (const auto& problem : careerbot::dialog::check_content_schemas(intents_dir, knowledge_dir)) {
      std::cout << problem << "\n";
      status = 1;
    }
  careerbot::dialog::SourceContent loaded;
  try {
    loaded = careerbot::dialog::load_source_content({{knowledge_dir + "/careers"},
                                                     intents_dir,
                                                     careerbot::dialog::default_model_cache_dir(),
                                                     !rules_only});
  } catch (const std::exception& e) {
    std::cout << e.what() << "\n";
    return 1;
  }
  const auto& build = loaded.build;
  if (!build.ok()) {
    std::cout << build.errors.report();
    return 1;
  }
  const auto& content = loaded.content;
  try {
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
        if (show_misses)
          for (const auto& outcome : report.outcomes)
            if (outcome.predicted != outcome.question.expected)
              std::cout << file << ":" << outcome.question.line << ": " << outcome.question.expected << " -> "
                        << outcome.predicted << ": " << outcome.question.text << "\n";
        if (report.in_scope_accuracy() < min_in_scope ||
            report.out_of_scope_recognised() < min_out_of_scope) {
          std::cout << file << ": below the minimum (in scope " << min_in_scope << ", out of scope "
                    << min_out_of_scope << ")\n";
          status = 1;
        }
      }
      if (folds > 0) {
        const auto report = careerbot::dialog::cross_validate(*content, intents_dir, folds, params, noise);
        std::cout << "== " << folds << "-fold cross-validation of the training examples ("
                  << params.describe() << ", " << noise.describe() << ")\n"
                  << report.format() << "\n";
      }
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
  if (status == 0)
    std::cout << "content ok: " << build.career_count << " careers, " << build.fact_count << " facts\n";
  return status;
}
