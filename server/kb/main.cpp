// careerbot-kb: the knowledge tool counsellors and deployments run (see knowledge/README.md).
//   careerbot-kb build --source DIR [--source DIR...] --out FILE
//   careerbot-kb check --source DIR [--source DIR...]
//   careerbot-kb import-page PAGE.txt [--out FILE]
// Exit status: 0 success, 1 content errors (all printed), 2 usage errors.

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "knowledge/builder.hpp"
#include "knowledge/page_importer.hpp"

namespace {

constexpr const char* kUsage =
    "usage:\n"
    "  careerbot-kb build --source DIR [--source DIR...] --out FILE\n"
    "      validate every career under DIR/careers and build the database FILE atomically\n"
    "  careerbot-kb check --source DIR [--source DIR...]\n"
    "      validate only\n"
    "  careerbot-kb import-page PAGE.txt [--out FILE]\n"
    "      turn a copied career page into a <slug>.page.txt (stdout without --out)\n";

struct Arguments {
  std::string command;
  std::vector<std::string> sources, positional;
  std::string out;
};

bool parse(int argc, char** argv, Arguments& args) {
  if (argc < 2) return false;
  args.command = argv[1];
  for (int i = 2; i < argc; ++i) {
    std::string arg = argv[i];
    if ((arg == "--source" || arg == "--out") && i + 1 < argc) {
      (arg == "--source" ? args.sources.emplace_back() : args.out) = argv[++i];
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

}  // namespace

int main(int argc, char** argv) {
  Arguments args;
  int status = 2;
  if (parse(argc, argv, args)) {
    if (args.command == "build" && !args.sources.empty() && !args.out.empty() && args.positional.empty())
      status = report(careerbot::knowledge::build_knowledge(career_dirs(args.sources), args.out),
                      "built " + args.out);
    else if (args.command == "check" && !args.sources.empty() && args.out.empty() && args.positional.empty())
      status = report(careerbot::knowledge::check_knowledge(career_dirs(args.sources)), "ok");
    else if (args.command == "import-page")
      status = import_page(args);
  }
  if (status == 2) std::cerr << kUsage;
  return status;
}
