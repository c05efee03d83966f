#pragma once
// The command line of every careerbot executable, built with CLI11 the same way everywhere:
//   --help, -h   usage on stdout, exit 0 (also after a subcommand: `careerbot-kb build --help`);
//   --version    "<program> <version> (commit <hash>)" on stdout, exit 0;
//   a usage error (unknown flag, missing or bad value) is one line on stderr,
//                "<program>: <what is wrong> (see <program> --help)", exit 2.
//
//   CLI::App app{"what it does", "careerbot-x"};
//   careerbot::add_version_flag(app);
//   ... app.add_option(...) ...
//   if (const auto exit = careerbot::parse_command_line(app, argc, argv)) return *exit;
//
// Only the executables' main files and their argument parsers include this header (CLI11 is
// header-only and slow to compile); config.hpp only forward-declares CLI::App.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

namespace careerbot {

// "careerbot-kb 0.1.0 (commit fd42a6a)"
std::string version_line(std::string_view program);

// Adds --version to `app`, and sets the usage formatting shared by all executables.
void add_version_flag(CLI::App& app);

// The exit status for a CLI11 parse outcome, after printing what it calls for: help or version on
// stdout (0), or a one-line usage error on stderr (2).
int exit_status(const CLI::App& app, const CLI::ParseError& error);

// Parses argv; returns the exit status when the program should stop now (help, version, usage
// error), std::nullopt when it should go on.
std::optional<int> parse_command_line(CLI::App& app, int argc, const char* const* argv);

// The same for an argument list without the program name (tests, and programs that pre-process argv).
std::optional<int> parse_command_line(CLI::App& app, std::vector<std::string> args);

// A usage error's one line, without the program name: "the following argument was not expected: --x".
std::string usage_error_message(const CLI::ParseError& error);

}  // namespace careerbot
