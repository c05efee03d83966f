#pragma once
// Which careerbot session each Telegram chat talks in: chat id -> session id, in a small SQLite file
// of its own (e.g. var/telegram.db next to the sessions db). Durability, RAII and thread-safety as
// ChannelSessions (channel_sessions.hpp).

#include <cstdint>
#include <filesystem>

#include "store/channel_sessions.hpp"

namespace careerbot::store {

class TelegramChats : public ChannelSessions<std::int64_t> {
 public:
  explicit TelegramChats(const std::filesystem::path& db_path)
      : ChannelSessions(db_path, {"telegram_chats", "chat_id", "Telegram chats database"}) {}
};

}  // namespace careerbot::store
