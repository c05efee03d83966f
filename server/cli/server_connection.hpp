#pragma once
// The CLI's network client: one WebSocket conversation with the server (a ChatChannel), and one-shot
// HTTP requests to the same host. This header is Beast-free (pimpl) so only server_connection.cpp pays
// Beast's compile time.
//
// Not thread-safe: one ChatConnection per thread. Every network wait has a deadline; a failure to
// connect, a timeout or a closed connection throws ConnectionError.

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/chat_channel.hpp"
#include "cli/server_url.hpp"

namespace careerbot::cli {

class ChatConnection final : public ChatChannel {
 public:
  // Connects, opens the WebSocket at url.ws_target and reads the welcome. Throws ConnectionError.
  // `admin_token`, when not empty, is sent as "Authorization: Bearer": the server then answers
  // "explain" requests even where explain is off for ordinary clients.
  explicit ChatConnection(const ServerUrl& url, const std::string& admin_token = {},
                          std::chrono::milliseconds timeout = std::chrono::seconds(15));
  ~ChatConnection() override;
  ChatConnection(const ChatConnection&) = delete;
  ChatConnection& operator=(const ChatConnection&) = delete;

  // The welcome frame the server sent on open (or after the last reset).
  const nlohmann::json& welcome() const noexcept override;
  const std::string& session_id() const override;

  // Sends one JSON frame and returns the next "reply" or "error" frame (frames of other types are
  // skipped). Throws ConnectionError when the connection closes or the deadline passes.
  nlohmann::json exchange(const nlohmann::json& message) override;

  // Sends {"type":"reset"} and returns the welcome the server answers with.
  const nlohmann::json& reset() override;

  // Sends a normal close; errors are ignored (the conversation is over either way).
  void close() noexcept override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

struct HttpResponse {
  int status = 0;
  std::string body;
};

// One request on a fresh connection to url's host and port (Connection: close). `body`, when not
// empty, is sent as application/json. Throws ConnectionError when the server cannot be reached.
HttpResponse http_request(const ServerUrl& url, const std::string& method, const std::string& target,
                          const std::string& body = {},
                          const std::vector<std::pair<std::string, std::string>>& headers = {},
                          std::chrono::milliseconds timeout = std::chrono::seconds(15));

}  // namespace careerbot::cli
