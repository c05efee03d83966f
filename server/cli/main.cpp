// careerbot-cli: chat with a careerbot server (or, --offline, with the content loaded in process), ask
// one question, run conversation tests, or use the admin endpoints. See arguments.hpp for the command
// line.
#include <cstdlib>
#include <iostream>
#include <memory>
#include <stdexcept>

#include <unistd.h>

#include "cli/admin_commands.hpp"
#include "cli/arguments.hpp"
#include "cli/conversation_runner.hpp"
#include "cli/intent_coverage.hpp"
#include "cli/interactive_chat.hpp"
#include "cli/offline_target.hpp"
#include "cli/reply_view.hpp"
#include "cli/server_target.hpp"
#include "common/command_line.hpp"
#include "common/log.hpp"
#include "common/record_file.hpp"
#include "dialog/source_content.hpp"

namespace {

using namespace careerbot::cli;

// --offline content that does not load: the offline "no connection" (exit 3).
struct ContentNotLoaded : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The content given to --offline, loaded as the server would load it.
std::unique_ptr<ChatTarget> offline_bot(const OfflineContent& offline) {
  // Warnings only: the chat and the answers own the screen.
  careerbot::log::set_level(careerbot::LogLevel::warn);
  careerbot::dialog::SourceContent loaded;
  try {
    loaded =
        careerbot::dialog::load_source_content({{offline.knowledge_dir + "/careers"}, offline.intents_dir});
  } catch (const std::exception& e) {
    throw ContentNotLoaded(std::string("the intents do not load: ") + e.what());
  }
  if (!loaded.build.ok()) {
    auto report = loaded.build.errors.report();
    report.pop_back();  // main ends the message's last line
    throw ContentNotLoaded("the knowledge does not build:\n" + report);
  }
  return std::make_unique<OfflineTarget>(std::move(loaded.content));
}

// The bot that chat, ask and test talk to.
std::unique_ptr<ChatTarget> bot_for(const Arguments& args) {
  if (args.offline.enabled) return offline_bot(args.offline);
  return std::make_unique<ServerTarget>(ServerUrl::parse(args.url), args.admin_token);
}

int ask(ChatTarget& bot, const Arguments& args) {
  const auto conversation = bot.open();
  nlohmann::json message = {{"type", "message"}, {"text", args.question}};
  if (args.explain) message["explain"] = true;
  const auto reply = conversation->exchange(message);
  conversation->close();
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
  if (args.command == Command::unanswered)
    return run_unanswered(ServerUrl::parse(args.url), args.admin_token, args.limit, std::cout, std::cerr);
  if (args.command == Command::reload)
    return run_reload(ServerUrl::parse(args.url), args.admin_token, std::cout, std::cerr);
  const auto bot = bot_for(args);
  switch (args.command) {
    case Command::chat:
      return run_interactive_chat(*bot);
    case Command::ask:
      return ask(*bot, args);
    case Command::test: {
      ConversationRunner runner(*bot, std::cout, TerminalStyle::for_descriptor(STDOUT_FILENO));
      const bool passed = runner.run_files(args.files).failed == 0;
      if (!args.intents_dir.empty())
        std::cout << intent_coverage_report(intent_names(args.intents_dir), runner.intents_answered());
      return passed ? 0 : 1;
    }
    case Command::unanswered:
    case Command::reload:
      break;  // answered above: they need a server
  }
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app(
      "Chat with a careerbot server, ask one question, run conversation tests, or use the admin\n"
      "endpoints; with --offline, chat, ask and test answer from the content loaded in this process.\n"
      "Exit status: 0 ok, 1 a failed test or refused request, 2 usage, 3 no connection (offline:\n"
      "the content does not load).",
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
  } catch (const ContentNotLoaded& e) {
    std::cerr << "careerbot-cli: " << e.what() << "\n";
    return 3;
  } catch (const careerbot::ContentError& e) {  // test --intents DIR that does not load
    std::cerr << "careerbot-cli: " << e.what() << "\n";
    return 2;
  }
}
