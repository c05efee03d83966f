#pragma once
// Conversations with content loaded in this process: no server, no network (careerbot-cli --offline).
// The server's own Chatbot answers, over a SQLite session store in a scratch folder that goes away with
// the target, and every frame passes through the server's own parsing and serialisation
// (server/protocol): a reply here is the frame a server with the same content would send, so a
// conversation test passes offline exactly when it passes against that server. Explain is always
// answered (the content is your own).
//
// Thread-safe as the Chatbot is; each channel is used by one thread. The target outlives its channels.

#include <memory>
#include <string>

#include "cli/chat_channel.hpp"

namespace careerbot::dialog {
struct Content;
}

namespace careerbot::cli {

class OfflineTarget final : public ChatTarget {
 public:
  // `content`: from dialog::load_source_content. Throws ConnectionError when the scratch session
  // store cannot be made.
  explicit OfflineTarget(std::shared_ptr<const dialog::Content> content);
  ~OfflineTarget() override;
  OfflineTarget(const OfflineTarget&) = delete;
  OfflineTarget& operator=(const OfflineTarget&) = delete;

  std::unique_ptr<ChatChannel> open(const std::string& resume_session = {}) override;

 private:
  struct Parts;
  std::unique_ptr<Parts> parts_;
};

}  // namespace careerbot::cli
