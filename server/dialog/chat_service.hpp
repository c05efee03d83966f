#pragma once
// The one entry point every channel (WebSocket, REST, Telegram, CLI tests) uses to talk to the bot.
// Plain C++ types only: the network module converts them to and from the wire JSON.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace careerbot::dialog {

// The bot's answer to one student message (docs/protocol.md "reply").
struct Reply {
  std::string text;                       // plain text; may hold newlines and "- " bullets
  std::string intent;                     // matched intent, or "fallback"
  double confidence = 0.0;                // 0..1
  std::optional<std::string> career;      // slug of the career in focus
  std::vector<std::string> suggestions;   // quick replies
  std::vector<std::string> sources;       // e.g. "Machine Learning Specialist career guide, Study routes"
  std::optional<nlohmann::json> explain;  // the decision's account, only when the client asked for it
  bool sensitive = false;  // safeguarding: the student's text must not reach logs, history or metrics
};

// One earlier exchange, replayed to a client that resumes a session.
struct HistoryTurn {
  std::string user;
  std::string bot;
  std::string intent;
};

// What a client sees when it opens (or resets) a conversation (docs/protocol.md "welcome").
struct Welcome {
  std::string session_id;
  bool resumed = false;
  std::string text;
  std::vector<std::string> suggestions;
  std::vector<HistoryTurn> history;  // only when resumed; bounded
};

// Thread-safe: every method may be called from any I/O thread at once. Turns of one session are
// serialised inside the service.
class ChatService {
 public:
  virtual ~ChatService() = default;

  // Resumes `requested_id` when it names a live session, else starts a new one with a fresh id
  // (a client-chosen id is never adopted).
  virtual Welcome open(std::string_view requested_id) = 0;
  // Forgets the conversation of `session_id` but keeps the id; unknown ids behave like open("").
  virtual Welcome reset(std::string_view session_id) = 0;
  // Answers one message. `text` is valid UTF-8 (the caller checks). Unknown session ids start a new
  // session under that call; the reply never throws for student input.
  virtual Reply handle(std::string_view session_id, std::string_view text) = 0;
  // A structured account of how `text` would be answered in that session (no state changes).
  virtual nlohmann::json explain(std::string_view session_id, std::string_view text) = 0;
  // handle() that also returns the account of the decision it took (for `"explain":true` messages).
  virtual Reply handle_explained(std::string_view session_id, std::string_view text,
                                 nlohmann::json& account) {
    account = explain(session_id, text);
    return handle(session_id, text);
  }
  // True once the knowledge base and intents are loaded.
  virtual bool ready() const = 0;
  // True when a call may wait on something slow outside the process (a session store over the
  // network): the server then runs calls on its worker pool so the I/O threads keep serving. A
  // service that never waits so (the embedded store writes behind) returns false, and the server
  // runs its WebSocket calls on the I/O thread: two thread hand-offs less per turn.
  virtual bool calls_may_block() const noexcept { return true; }
};

}  // namespace careerbot::dialog
