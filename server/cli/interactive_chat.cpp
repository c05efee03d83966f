#include "cli/interactive_chat.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <editline/readline.h>
#include <unistd.h>

#include "cli/conversation_writer.hpp"
#include "cli/reply_view.hpp"
#include "cli/terminal_style.hpp"
#include "common/trim.hpp"

namespace careerbot::cli {

namespace {

constexpr const char* kHelp =
    "Type a question, or the number of a suggestion.\n"
    "  /explain  show or hide why each answer was chosen\n"
    "  /reset    forget this conversation (keeps the session)\n"
    "  /session  print the session id\n"
    "  /save FILE  write this conversation (since the last /reset) as a conversation test\n"
    "  /quit     leave\n";

// Line input: libedit on a terminal (editing, history saved between runs), plain getline otherwise
// so piped input works without a terminal.
class LineReader {
 public:
  LineReader() : terminal_(::isatty(STDIN_FILENO) == 1) {
    if (!terminal_) return;
    if (const char* home = std::getenv("HOME"))
      history_file_ = std::filesystem::path(home) / ".careerbot_history";
    using_history();
    if (!history_file_.empty()) read_history(history_file_.c_str());
  }
  ~LineReader() {
    if (terminal_ && !history_file_.empty()) write_history(history_file_.c_str());
  }
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  std::optional<std::string> read(const std::string& prompt) {
    if (!terminal_) {
      std::string line;
      if (!std::getline(std::cin, line)) return std::nullopt;
      return line;
    }
    std::unique_ptr<char, decltype(&std::free)> line(readline(prompt.c_str()), &std::free);
    if (!line) return std::nullopt;
    std::string text(line.get());
    if (!trim(text).empty()) add_history(line.get());
    return text;
  }

 private:
  bool terminal_;
  std::filesystem::path history_file_;
};

class ChatSession {
 public:
  explicit ChatSession(ChatTarget& bot) : bot_(bot), style_(TerminalStyle::for_descriptor(STDOUT_FILENO)) {}

  int run() {
    connection_ = bot_.open();
    show_welcome(connection_->welcome());
    std::cout << style_.dim("(/help for commands)") << "\n";
    LineReader reader;
    // A plain prompt: libedit miscounts (and may print) escape codes inside prompts.
    while (auto line = reader.read("you> ")) {
      const std::string text(trim(*line));
      if (text.empty()) continue;
      if (text == "/quit" || text == "/exit") break;
      if (text == "/help") {
        std::cout << kHelp;
      } else if (text == "/explain") {
        explain_ = !explain_;
        std::cout << style_.dim(explain_ ? "explanations on\n" : "explanations off\n");
      } else if (text == "/session") {
        std::cout << connection_->session_id() << "\n";
      } else if (text == "/reset") {
        with_reconnect([&] { show_welcome(connection_->reset()); });
        recorded_.clear();
      } else if (text.starts_with("/save")) {
        save(std::string(trim(std::string_view(text).substr(5))));
      } else if (text.starts_with("/")) {
        std::cout << "unknown command " << text << "\n" << kHelp;
      } else {
        const auto suggestion = chosen_suggestion(text);
        if (suggestion) std::cout << style_.dim("you chose: " + *suggestion) << "\n";
        send(suggestion.value_or(text));
      }
    }
    connection_->close();
    return 0;
  }

 private:
  // "2" picks the second quick reply of the last answer; any other text is sent as typed.
  std::optional<std::string> chosen_suggestion(const std::string& text) const {
    if (text.size() > 3 || text.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    const auto number = std::stoul(text);
    if (number == 0 || number > suggestions_.size()) return std::nullopt;
    return suggestions_[number - 1];
  }

  void remember_suggestions(const nlohmann::json& frame) {
    suggestions_.clear();
    for (const auto& s : frame.value("suggestions", nlohmann::json::array())) {
      if (s.is_string()) suggestions_.push_back(s.get<std::string>());
    }
  }

  void show_welcome(const nlohmann::json& welcome) {
    std::cout << style_.bold("careerbot") << "  " << format_reply(welcome, style_);
    remember_suggestions(welcome);
  }

  void send(const std::string& text) {
    nlohmann::json message = {{"type", "message"}, {"text", text}};
    if (explain_) message["explain"] = true;
    with_reconnect([&] {
      const auto reply = connection_->exchange(message);
      if (reply.value("type", "") == "error") {
        std::cout << format_error(reply, style_);
        return;
      }
      if (explain_) std::cout << format_explanation(reply, style_);
      std::cout << style_.bold("bot> ") << format_reply(reply, style_);
      remember_suggestions(reply);
      recorded_.push_back({text, reply.value("intent", "")});
    });
  }

  void save(const std::string& file) {
    if (file.empty()) {
      std::cout << "usage: /save FILE\n";
      return;
    }
    if (recorded_.empty()) {
      std::cout << "nothing to save yet: ask something first\n";
      return;
    }
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << conversation_test_yaml("Recorded conversation", recorded_);
    if (!out.flush()) {
      std::cout << style_.red("cannot write " + file) << "\n";
      return;
    }
    std::cout << style_.dim("saved " + std::to_string(recorded_.size()) + " turn(s) to " + file +
                            "; run it with: careerbot-cli test " + file)
              << "\n";
  }

  // Runs `action`; if the connection dropped, resumes the session on a new connection and retries once.
  template <typename Action>
  void with_reconnect(Action action) {
    try {
      action();
      return;
    } catch (const ConnectionError& e) {
      std::cout << style_.yellow(std::string("connection lost (") + e.what() + "); reconnecting...") << "\n";
    }
    try {
      connection_ = bot_.open(connection_->session_id());
      if (!connection_->welcome().value("resumed", false)) {
        std::cout << style_.yellow("the earlier conversation could not be resumed; starting afresh") << "\n";
      }
      action();
    } catch (const ConnectionError& e) {
      std::cout << style_.red(std::string("still cannot reach the server: ") + e.what()) << "\n";
    }
  }

  ChatTarget& bot_;
  TerminalStyle style_;
  std::unique_ptr<ChatChannel> connection_;
  std::vector<std::string> suggestions_;
  std::vector<RecordedTurn> recorded_;  // turns since the last /reset, for /save
  bool explain_ = false;
};

}  // namespace

int run_interactive_chat(ChatTarget& bot) {
  return ChatSession(bot).run();
}

}  // namespace careerbot::cli
