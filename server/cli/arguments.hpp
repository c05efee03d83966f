#pragma once
// careerbot-cli's command line (CLI11). Options may come before or after the subcommand:
//   careerbot-cli [--url URL] [--admin-token T]                    interactive chat
//   careerbot-cli ask "question" [--json] [--explain]
//   careerbot-cli test FILES...
//   careerbot-cli unanswered [--limit N]
//   careerbot-cli reload
//   careerbot-cli --offline [--knowledge-dir DIR] [--intents-dir DIR] [ask ... | test ...]
// The URL defaults to $CAREERBOT_URL, else ws://127.0.0.1:8080/ws; the token to
// $CAREERBOT_ADMIN_TOKEN. --offline loads the content in process instead of talking to a server (the
// admin commands need a server). Pure parsing (the environment is passed in): safe from any thread.

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace careerbot::cli {

enum class Command { chat, ask, test, unanswered, reload };

// --offline: answer from these folders in this process, no server (the flags are named as the server's).
struct OfflineContent {
  bool enabled = false;
  std::string knowledge_dir = "knowledge";  // holds careers/
  std::string intents_dir = "intents";
};

struct Arguments {
  Command command = Command::chat;
  std::string url;
  std::string admin_token;
  bool json = false;               // ask: print the raw reply
  bool explain = false;            // ask: ask the server why it chose the answer
  int limit = 50;                  // unanswered: how many
  std::string question;            // ask
  std::vector<std::string> files;  // test
  std::string intents_dir;         // test: report which of this folder's intents the replies reached
  OfflineContent offline;
};

// Bad usage; the message says what is wrong.
struct UsageError : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

using EnvLookup = std::function<std::optional<std::string>(const char*)>;

// Adds careerbot-cli's options and subcommands to `app`; parsing fills `parsed`, which must outlive
// the parse. `getenv` gives the defaults of --url and --admin-token (std::getenv in main, a map in tests).
void add_cli_arguments(CLI::App& app, Arguments& parsed, const EnvLookup& getenv);

// Parses `args` (without the program name) as main does; throws UsageError with CLI11's one-line
// message for a usage error and for --help or --version (which main answers before this is needed).
Arguments parse_arguments(const std::vector<std::string>& args, const EnvLookup& getenv);

}  // namespace careerbot::cli
