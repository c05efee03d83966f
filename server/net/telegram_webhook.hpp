#pragma once
// The Telegram Bot API webhook (POST /webhooks/telegram): takes one Update and answers it in the
// webhook response itself with a sendMessage body:
//   {"method":"sendMessage","chat_id":<id>,"text":"...",
//    "reply_markup":{"keyboard":[[{"text":"<suggestion>"}],...],"resize_keyboard":true,"one_time_keyboard":true}}
// (reply_markup only when there are suggestions).
//
// Contract (DECISIONS.md):
// - no secret configured: 404, the webhook does not exist; a missing or wrong
//   X-Telegram-Bot-Api-Secret-Token header: 401 (compared in constant time).
// - Otherwise every update gets 200. Only a new text message (`message.text` with a `message.chat.id`)
//   gets a sendMessage; everything else (edited messages, stickers, photos even with captions,
//   callback queries, channel posts, missing fields, a body that is not JSON) gets `{}`.
// - "/start" answers with the welcome, "/reset" forgets the conversation (both also as
//   "/start@BotName"); any other text goes to the chatbot.
// - A retried update (an update_id answered recently, RecentUpdates) gets its first answer again
//   without running the turn twice.
// - Each chat id has its own careerbot session (TelegramChats); an expired session is replaced
//   transparently. Replies are cut to 4,096 characters on a character boundary, ending in "…".
//
// Thread-safety: handle() may be called from any I/O thread at once. The ChatService, Config and
// Metrics must outlive the webhook.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "common/config.hpp"
#include "dialog/chat_service.hpp"
#include "net/chat_turn.hpp"
#include "net/http_message.hpp"
#include "net/metrics.hpp"
#include "net/recent_updates.hpp"

#include <nlohmann/json_fwd.hpp>

namespace careerbot::store {
class TelegramChats;
}  // namespace careerbot::store

namespace careerbot::net {

// Telegram's cap on a message's text.
inline constexpr std::size_t kTelegramMaxTextChars = 4096;

// `text` (valid UTF-8) cut to at most kTelegramMaxTextChars characters, ending in "…" when cut. Counts
// UTF-16 code units as Telegram does, so it never exceeds the cap in code points either, and never
// cuts inside a character.
std::string fit_telegram_text(std::string_view text);

class TelegramWebhook {
 public:
  // Opens (or creates) the chat -> session file at `chats_db`; throws when it cannot.
  TelegramWebhook(const Config& config, dialog::ChatService& chat, Metrics& metrics,
                  const std::filesystem::path& chats_db);
  ~TelegramWebhook();
  TelegramWebhook(const TelegramWebhook&) = delete;
  TelegramWebhook& operator=(const TelegramWebhook&) = delete;

  // Answers one webhook request (never throws).
  HttpResponse handle(const HttpRequest& request);

 private:
  struct Answer;
  HttpResponse reply_to(const nlohmann::json& update);
  Answer answer_text(std::int64_t chat_id, std::string_view text);

  // Telegram retries for minutes at most; a thousand updates cover that at this bot's rates.
  static constexpr std::size_t kRecentUpdates = 1024;

  const Config& config_;
  Metrics& metrics_;
  ChatTurns turns_;
  std::unique_ptr<store::TelegramChats> chats_;
  RecentUpdates recent_;
  // Finding or making a chat's session happens under one of these (by chat id), so two updates from
  // a new chat arriving at once cannot open two sessions.
  static constexpr std::size_t kChatLocks = 16;
  std::mutex chat_locks_[kChatLocks];
};

}  // namespace careerbot::net
