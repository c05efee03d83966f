#include "common/command_line.hpp"

#include <algorithm>
#include <cctype>
#include <iostream>

#include "common/build_info.hpp"

namespace careerbot {

std::string version_line(std::string_view program) {
  return std::string(program) + " " + std::string(version()) + " (commit " + std::string(git_commit()) + ")";
}

void add_version_flag(CLI::App& app) {
  app.set_version_flag("--version", version_line(app.get_name()),
                       "print the version and git commit, then exit");
  // Wide enough for the longest flag with its value name, so descriptions line up.
  app.get_formatter()->column_width(34);
}

std::string usage_error_message(const CLI::ParseError& error) {
  std::string message = error.what();
  // CLI11 writes sentences ("The following argument was not expected: --x"); the usage line is
  // "program: message", so start lower-case, and keep it to one line.
  if (!message.empty() && std::isupper(static_cast<unsigned char>(message[0])) != 0 &&
      (message.size() < 2 || message[1] == ' ' ||
       std::islower(static_cast<unsigned char>(message[1])) != 0)) {
    message[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(message[0])));
  }
  std::replace(message.begin(), message.end(), '\n', ' ');
  while (!message.empty() && message.back() == ' ') message.pop_back();
  return message;
}

int exit_status(const CLI::App& app, const CLI::ParseError& error) {
  if (dynamic_cast<const CLI::CallForHelp*>(&error) != nullptr) {
    std::cout << app.help();
    return 0;
  }
  if (dynamic_cast<const CLI::CallForAllHelp*>(&error) != nullptr) {
    std::cout << app.help("", CLI::AppFormatMode::All);
    return 0;
  }
  if (dynamic_cast<const CLI::CallForVersion*>(&error) != nullptr) {
    std::cout << error.what() << "\n";
    return 0;
  }
  if (error.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) return 0;
  std::cerr << app.get_name() << ": " << usage_error_message(error) << " (see " << app.get_name()
            << " --help)\n";
  return 2;
}

std::optional<int> parse_command_line(CLI::App& app, int argc, const char* const* argv) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return exit_status(app, error);
  }
  return std::nullopt;
}

std::optional<int> parse_command_line(CLI::App& app, std::vector<std::string> args) {
  std::reverse(args.begin(), args.end());  // CLI11 takes the arguments last first
  try {
    app.parse(args);
  } catch (const CLI::ParseError& error) {
    return exit_status(app, error);
  }
  return std::nullopt;
}

}  // namespace careerbot
