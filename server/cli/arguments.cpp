#include "cli/arguments.hpp"

#include <algorithm>

#include <CLI/CLI.hpp>

#include "common/command_line.hpp"

namespace careerbot::cli {

void add_cli_arguments(CLI::App& app, Arguments& parsed, const EnvLookup& getenv) {
  parsed.url = getenv("CAREERBOT_URL").value_or("ws://127.0.0.1:8080/ws");
  parsed.admin_token = getenv("CAREERBOT_ADMIN_TOKEN").value_or("");
  // Subcommands see the options above them, so `reload --admin-token T` works like `--admin-token T reload`.
  app.fallthrough();
  app.add_option("--url", parsed.url, "the server's WebSocket URL (env CAREERBOT_URL)")
      ->type_name("URL")
      ->capture_default_str();
  app.add_option("--admin-token", parsed.admin_token,
                 "bearer token for admin commands and explain (env CAREERBOT_ADMIN_TOKEN)")
      ->type_name("TOKEN");
  auto* offline = app.add_flag("--offline", parsed.offline.enabled,
                               "no server: load the content in this process and answer from it");
  app.add_option("--knowledge-dir", parsed.offline.knowledge_dir, "knowledge folder (holds careers/)")
      ->type_name("DIR")
      ->capture_default_str()
      ->needs(offline);
  app.add_option("--intents-dir", parsed.offline.intents_dir, "intents folder")
      ->type_name("DIR")
      ->capture_default_str()
      ->needs(offline);
  app.require_subcommand(0, 1);

  const auto command = [&parsed](CLI::App* sub, Command which) {
    sub->parse_complete_callback([&parsed, which] { parsed.command = which; });
    return sub;
  };
  command(app.add_subcommand("chat", "chat interactively (the default)"), Command::chat);

  auto* ask = command(app.add_subcommand("ask", "print one answer (or the raw reply JSON)"), Command::ask);
  ask->add_option("question", parsed.question, "the question (quote it; `--` before one that starts with -)")
      ->required();
  ask->add_flag("--json", parsed.json, "print the raw reply JSON");
  ask->add_flag("--explain", parsed.explain, "show why the answer was chosen");

  auto* test = command(app.add_subcommand("test", "run conversation test files"), Command::test);
  test->add_option("files", parsed.files, "conversation files (tests/conversations/*.txt)")
      ->type_name("FILES")
      ->required();
  test->add_option("--intents", parsed.intents_dir,
                   "after the summary, report which intents of this folder the replies reached")
      ->type_name("DIR");

  auto* unanswered = command(app.add_subcommand("unanswered", "questions the bot could not answer (admin)"),
                             Command::unanswered);
  unanswered->add_option("--limit", parsed.limit, "how many")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();

  command(app.add_subcommand("reload", "reload intents and knowledge (admin)"), Command::reload);

  // Checked once everything is parsed: --offline may come after the subcommand.
  app.final_callback([&parsed] {
    if (parsed.offline.enabled &&
        (parsed.command == Command::unanswered || parsed.command == Command::reload))
      throw CLI::ValidationError("--offline", "the admin commands (unanswered, reload) need a server");
  });
}

Arguments parse_arguments(const std::vector<std::string>& args, const EnvLookup& getenv) {
  CLI::App app("careerbot-cli", "careerbot-cli");
  Arguments parsed;
  add_cli_arguments(app, parsed, getenv);
  std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 takes the last argument first
  try {
    app.parse(reversed);
  } catch (const CLI::ParseError& error) {
    throw UsageError(usage_error_message(error));
  }
  return parsed;
}

}  // namespace careerbot::cli
