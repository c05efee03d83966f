#include "cli/arguments.hpp"

#include <charconv>

namespace careerbot::cli {

const char* const kUsage =
    "Usage:\n"
    "  careerbot-cli [--url URL] [--admin-token T]   chat interactively\n"
    "  careerbot-cli ask \"question\" [--json] [--explain]\n"
    "                                                 print one answer (or the raw reply JSON), with\n"
    "                                                 why it was chosen when --explain is given\n"
    "  careerbot-cli test FILES...                    run conversation test files\n"
    "  careerbot-cli unanswered [--limit N]           questions the bot could not answer (admin)\n"
    "  careerbot-cli reload                           reload intents and knowledge (admin)\n"
    "\n"
    "  --url URL          the server's WebSocket URL (env CAREERBOT_URL, default ws://127.0.0.1:8080/ws)\n"
    "  --admin-token T    bearer token for admin commands and explain (env CAREERBOT_ADMIN_TOKEN)\n";

namespace {

Command command_named(const std::string& word) {
  if (word == "ask") return Command::ask;
  if (word == "test") return Command::test;
  if (word == "unanswered") return Command::unanswered;
  if (word == "reload") return Command::reload;
  if (word == "chat") return Command::chat;
  if (word == "help") return Command::help;
  throw UsageError("unknown command '" + word + "'");
}

}  // namespace

Arguments parse_arguments(const std::vector<std::string>& args,
                          const std::function<std::optional<std::string>(const char*)>& getenv) {
  Arguments parsed;
  parsed.url = getenv("CAREERBOT_URL").value_or("ws://127.0.0.1:8080/ws");
  parsed.admin_token = getenv("CAREERBOT_ADMIN_TOKEN").value_or("");

  std::optional<Command> command;
  std::vector<std::string> positional;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const auto& arg = args[i];
    const auto value = [&]() -> const std::string& {
      if (i + 1 >= args.size()) throw UsageError(arg + " needs a value");
      return args[++i];
    };
    if (arg == "--url") {
      parsed.url = value();
    } else if (arg == "--admin-token") {
      parsed.admin_token = value();
    } else if (arg == "--json") {
      parsed.json = true;
    } else if (arg == "--explain") {
      parsed.explain = true;
    } else if (arg == "--limit") {
      const auto& text = value();
      const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), parsed.limit);
      if (ec != std::errc() || end != text.data() + text.size() || parsed.limit < 1) {
        throw UsageError("--limit needs a positive number, not '" + text + "'");
      }
    } else if (arg == "--help" || arg == "-h") {
      command = Command::help;
    } else if (arg == "--") {
      positional.insert(positional.end(), args.begin() + static_cast<std::ptrdiff_t>(i) + 1, args.end());
      break;
    } else if (arg.starts_with("--")) {
      throw UsageError("unknown option '" + arg + "'");
    } else if (!command) {
      command = command_named(arg);
    } else {
      positional.push_back(arg);
    }
  }
  parsed.command = command.value_or(Command::chat);

  switch (parsed.command) {
    case Command::ask:
      if (positional.size() != 1) throw UsageError("ask takes one question (quote it)");
      parsed.question = positional.front();
      break;
    case Command::test:
      if (positional.empty()) throw UsageError("test needs at least one conversation file");
      parsed.files = std::move(positional);
      break;
    default:
      if (!positional.empty()) throw UsageError("unexpected argument '" + positional.front() + "'");
  }
  if ((parsed.json || parsed.explain) && parsed.command != Command::ask) {
    throw UsageError("--json and --explain apply to ask only");
  }
  return parsed;
}

}  // namespace careerbot::cli
