// careerbot-cli: chat with a careerbot server, ask one question, run conversation tests, or use the
// admin endpoints. See arguments.hpp for the command line.
#include <cstdlib>
#include <iostream>

#include <unistd.h>

#include "cli/admin_commands.hpp"
#include "cli/arguments.hpp"
#include "cli/conversation_runner.hpp"
#include "cli/intent_coverage.hpp"
#include "cli/interactive_chat.hpp"
#include "cli/reply_view.hpp"
#include "cli/server_connection.hpp"
#include "common/command_line.hpp"
#include "common/record_file.hpp"

namespace {

using namespace careerbot::cli;

int ask(const ServerUrl& url, const Arguments& args) {
  ChatConnection connection(url, args.admin_token);
  nlohmann::json message = {{"type", "message"}, {"text", args.question}};
  if (args.explain) message["explain"] = true;
  const auto reply = connection.exchange(message);
  connection.close();
  if (args.json) {
    std::cout << reply.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return 0;
  }
  if (reply.value("type", "") == "error") {
    std::cerr << format_error(reply, TerminalStyle::for_descriptor(STDERR_FILENO));
    return 1;
  }
  const auto style = TerminalStyle::for_descriptor(STDOUT_FILENO);
  if (args.explain) std::cout << format_explanation(reply, style);
  std::cout << format_reply(reply, style);
  return 0;
}

int run(const Arguments& args) {
  const auto url = ServerUrl::parse(args.url);
  switch (args.command) {
    case Command::chat:
      return run_interactive_chat(url, args.admin_token);
    case Command::ask:
      return ask(url, args);
    case Command::test: {
      ConversationRunner runner(url, args.admin_token, std::cout,
                                TerminalStyle::for_descriptor(STDOUT_FILENO));
      const bool passed = runner.run_files(args.files).failed == 0;
      if (!args.intents_dir.empty())
        std::cout << intent_coverage_report(intent_names(args.intents_dir), runner.intents_answered());
      return passed ? 0 : 1;
    }
    case Command::unanswered:
      return run_unanswered(url, args.admin_token, args.limit, std::cout, std::cerr);
    case Command::reload:
      return run_reload(url, args.admin_token, std::cout, std::cerr);
  }
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app(
      "Chat with a careerbot server, ask one question, run conversation tests, or use the admin\n"
      "endpoints. Exit status: 0 ok, 1 a failed test or refused request, 2 usage, 3 no connection.",
      "careerbot-cli");
  careerbot::add_version_flag(app);
  Arguments args;
  add_cli_arguments(app, args, [](const char* name) {
    const char* value = std::getenv(name);
    return value ? std::optional<std::string>(value) : std::nullopt;
  });
  if (const auto status = careerbot::parse_command_line(app, argc, argv)) return *status;
  try {
    return run(args);
  } catch (const std::invalid_argument& e) {  // a bad URL
    std::cerr << "careerbot-cli: " << e.what() << "\n";
    return 2;
  } catch (const ConnectionError& e) {
    std::cerr << "careerbot-cli: " << e.what() << "\n";
    return 3;
  } catch (const careerbot::ContentError& e) {  // test --intents DIR that does not load
    std::cerr << "careerbot-cli: " << e.what() << "\n";
    return 2;
  }
}
