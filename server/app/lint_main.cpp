// careerbot-lint: checks every content file counsellors edit (knowledge sources, intents, answers,
// flows) the way the server would load them, and prints each problem as "file:line: problem".
// Exit code 0 when the content is clean, 1 otherwise.
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "dialog/content.hpp"
#include "dialog/responder.hpp"
#include "knowledge/builder.hpp"

int main(int argc, char** argv) {
  std::string knowledge_dir = "knowledge";
  std::string intents_dir = "intents";
  std::vector<std::string> questions;  // --ask: answer these offline (one session) instead of linting
  bool verbose = false;
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
    else {
      std::cout << "usage: careerbot-lint [--knowledge DIR] [--intents DIR] [--ask QUESTION]... [--explain]\n"
                   "Checks all content; with --ask, answers the questions in one conversation instead.\n";
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
    const auto content = careerbot::dialog::load_content({scratch.string(), intents_dir});
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
