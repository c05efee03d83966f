#include "cli/offline_target.hpp"

#include <cstdlib>
#include <filesystem>
#include <system_error>
#include <variant>

#include "dialog/chatbot.hpp"
#include "protocol/client_message.hpp"
#include "protocol/server_message.hpp"
#include "store/sqlite_session_store.hpp"

namespace careerbot::cli {

namespace {

using nlohmann::json;

// A private folder for the session store, removed (with the store's files) on destruction.
class ScratchFolder {
 public:
  ScratchFolder() {
    auto pattern = (std::filesystem::temp_directory_path() / "careerbot-cli-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr)
      throw ConnectionError("cannot make a scratch folder for the offline sessions in " +
                            std::filesystem::temp_directory_path().string());
    path_ = pattern;
  }
  ~ScratchFolder() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchFolder(const ScratchFolder&) = delete;
  ScratchFolder& operator=(const ScratchFolder&) = delete;

  const std::filesystem::path& path() const noexcept { return path_; }

 private:
  std::filesystem::path path_;
};

json error_frame(protocol::ErrorCode code, std::string message) {
  return json::parse(protocol::serialize_error({code, std::move(message)}));
}

// One conversation: what a WebSocket session does for its frames (websocket_session.cpp), with the
// server's parsing limits and serialisation, minus the network and the rate limits.
class OfflineChannel final : public ChatChannel {
 public:
  OfflineChannel(dialog::ChatService& bot, const std::string& resume_session) : bot_(bot) {
    take(open_or_reset([&] { return bot_.open(resume_session); }));
  }

  const json& welcome() const noexcept override { return welcome_; }
  const std::string& session_id() const override { return session_id_; }

  json exchange(const json& message) override {
    const auto parsed = protocol::parse_client_frame(protocol::dump(message), protocol::Limits{});
    if (const auto* request = std::get_if<protocol::MessageRequest>(&parsed)) return answer(*request);
    if (std::holds_alternative<protocol::ResetRequest>(parsed)) return reset();
    return json::parse(protocol::serialize_error(std::get<protocol::Error>(parsed)));
  }

  const json& reset() override {
    take(open_or_reset([&] { return bot_.reset(session_id_); }));
    return welcome_;
  }

  void close() noexcept override {}

 private:
  // A store failure while opening is the offline "cannot reach the bot".
  template <typename Call>
  dialog::Welcome open_or_reset(Call call) {
    try {
      return call();
    } catch (const store::SessionStoreError& e) {
      throw ConnectionError(std::string("offline session store: ") + e.what());
    }
  }

  void take(const dialog::Welcome& opened) {
    welcome_ = json::parse(protocol::serialize_welcome(opened));
    session_id_ = opened.session_id;
  }

  // As net::ChatTurns::answer, except that the reason of a failure is shown: it is the user's own run.
  json answer(const protocol::MessageRequest& request) {
    try {
      dialog::Reply reply;
      if (request.explain) {
        json account;
        reply = bot_.handle_explained(session_id_, request.text, account);
        reply.explain = std::move(account);
      } else {
        reply = bot_.handle(session_id_, request.text);
      }
      return json::parse(protocol::serialize_reply(reply, request.id ? &*request.id : nullptr));
    } catch (const store::SessionStoreError& e) {
      return error_frame(protocol::ErrorCode::unavailable, e.what());
    } catch (const std::exception& e) {
      return error_frame(protocol::ErrorCode::internal, e.what());
    }
  }

  dialog::ChatService& bot_;
  json welcome_;
  std::string session_id_;
};

}  // namespace

// Members are destroyed last first: the chatbot stops before its store, and the folder goes last.
struct OfflineTarget::Parts {
  ScratchFolder folder;
  store::SqliteSessionStore store;
  dialog::Chatbot chatbot;

  explicit Parts(std::shared_ptr<const dialog::Content> content)
      : store(folder.path() / "sessions.db"), chatbot(std::move(content), store) {}
};

OfflineTarget::OfflineTarget(std::shared_ptr<const dialog::Content> content) {
  try {
    parts_ = std::make_unique<Parts>(std::move(content));
  } catch (const store::SessionStoreError& e) {
    throw ConnectionError(std::string("offline session store: ") + e.what());
  }
}

OfflineTarget::~OfflineTarget() = default;

std::unique_ptr<ChatChannel> OfflineTarget::open(const std::string& resume_session) {
  return std::make_unique<OfflineChannel>(parts_->chatbot, resume_session);
}

}  // namespace careerbot::cli
