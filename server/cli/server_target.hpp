#pragma once
// Conversations with a careerbot server over WebSocket: each open() is a new ChatConnection to the
// URL (with ?session=ID to resume one). Stateless between opens; safe to open from several threads.

#include <memory>
#include <string>

#include "cli/chat_channel.hpp"
#include "cli/server_url.hpp"

namespace careerbot::cli {

class ServerTarget final : public ChatTarget {
 public:
  // `admin_token`, when not empty, goes with every connection so that explain is answered even where
  // the server keeps it for admins (see ChatConnection).
  ServerTarget(ServerUrl url, std::string admin_token);

  std::unique_ptr<ChatChannel> open(const std::string& resume_session = {}) override;

 private:
  ServerUrl url_;
  std::string admin_token_;
};

}  // namespace careerbot::cli
