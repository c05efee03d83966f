#pragma once
// careerbot-cli's command line. Options may come before or after the subcommand:
//   careerbot-cli [--url URL] [--admin-token T]                    interactive chat
//   careerbot-cli ask "question" [--json] [--explain]
//   careerbot-cli test FILES...
//   careerbot-cli unanswered [--limit N]
//   careerbot-cli reload
// The URL defaults to $CAREERBOT_URL, else ws://127.0.0.1:8080/ws; the token to
// $CAREERBOT_ADMIN_TOKEN. Pure parsing (the environment is passed in): safe from any thread.

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace careerbot::cli {

enum class Command { chat, ask, test, unanswered, reload, help };

struct Arguments {
  Command command = Command::chat;
  std::string url;
  std::string admin_token;
  bool json = false;               // ask: print the raw reply
  bool explain = false;            // ask: ask the server why it chose the answer
  int limit = 50;                  // unanswered: how many
  std::string question;            // ask
  std::vector<std::string> files;  // test
};

// Bad usage; the message says what is wrong.
struct UsageError : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

// `getenv` looks up environment variables (std::getenv in main, a map in tests).
Arguments parse_arguments(const std::vector<std::string>& args,
                          const std::function<std::optional<std::string>(const char*)>& getenv);

extern const char* const kUsage;

}  // namespace careerbot::cli
