#pragma once
// What careerbot-cli's chat, `ask` and `test` talk to: one conversation (ChatChannel) opened on a
// target (ChatTarget), either a server over WebSocket (ServerTarget) or the content loaded in this
// process (OfflineTarget). Both speak the wire protocol's frames (docs/protocol.md) as JSON objects, so
// the code above them cannot tell the two apart and a conversation test means the same against either.
//
// Not thread-safe: one channel per thread. A target outlives the channels it opened.

#include <memory>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

namespace careerbot::cli {

// The bot could not be reached, timed out, or closed the conversation.
struct ConnectionError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class ChatChannel {
 public:
  virtual ~ChatChannel() = default;

  // The welcome frame the bot sent on open (or after the last reset).
  virtual const nlohmann::json& welcome() const noexcept = 0;
  virtual const std::string& session_id() const = 0;

  // Sends one client frame ({"type":"message",...}) and returns the bot's "reply" or "error" frame.
  // Throws ConnectionError when the conversation is cut off.
  virtual nlohmann::json exchange(const nlohmann::json& message) = 0;

  // Forgets the conversation (the session id stays) and returns the new welcome.
  virtual const nlohmann::json& reset() = 0;

  // Ends the conversation; never fails (it is over either way).
  virtual void close() noexcept = 0;
};

class ChatTarget {
 public:
  virtual ~ChatTarget() = default;

  // Opens a conversation: a fresh session, or `resume_session`'s when it names a live one (the
  // welcome then says "resumed":true). Throws ConnectionError when the bot cannot be reached.
  virtual std::unique_ptr<ChatChannel> open(const std::string& resume_session = {}) = 0;
};

}  // namespace careerbot::cli
