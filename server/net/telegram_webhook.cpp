#include "net/telegram_webhook.hpp"

#include <exception>
#include <functional>
#include <limits>
#include <optional>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/secret.hpp"

#include "common/log.hpp"
#include "common/utf8.hpp"
#include "net/routes.hpp"
#include "protocol/client_message.hpp"
#include "store/telegram_chats.hpp"

namespace careerbot::net {

using nlohmann::json;

namespace {

HttpResponse json_response(int status, const json& body) {
  HttpResponse response;
  response.status = status;
  response.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
  return response;
}

// 200 with no method: Telegram takes the update as delivered and sends nothing.
HttpResponse acknowledged() {
  return json_response(200, json::object());
}

// "/start", "/start@CareerBot" and "/start payload" all name the command "start".
std::optional<std::string_view> command_of(std::string_view text) {
  if (!text.starts_with('/')) return std::nullopt;
  std::string_view word = text.substr(1, text.find_first_of(" \t\n") - 1);
  return word.substr(0, word.find('@'));
}

// Why an update gets no reply, for the debug log: the first field other than update_id
// ("edited_message", "callback_query", ...) or the message's content kind.
std::string ignored_kind(const json& update) {
  for (const auto& [key, value] : update.items()) {
    if (key == "update_id") continue;
    if (key != "message" || !value.is_object()) return key;
    for (const auto& [field, content] : value.items()) {
      if (field == "sticker" || field == "photo" || field == "document" || field == "voice" ||
          field == "video" || field == "location" || field == "contact" || field == "animation") {
        return "message." + field;
      }
    }
    return value.contains("chat") ? "message without text" : "message without chat";
  }
  return "empty update";
}

}  // namespace

std::string fit_telegram_text(std::string_view text) {
  // Telegram counts a message's length in UTF-16 code units.
  return utf8::fit_utf16(text, kTelegramMaxTextChars);
}

struct TelegramWebhook::Answer {
  std::string text;
  std::vector<std::string> suggestions;
};

TelegramWebhook::TelegramWebhook(const Config& config, dialog::ChatService& chat, Metrics& metrics,
                                 const std::filesystem::path& chats_db)
    : config_(config),
      metrics_(metrics),
      turns_(config, chat, metrics),
      chats_(std::make_unique<store::TelegramChats>(chats_db)),
      recent_(kRecentUpdates) {}

TelegramWebhook::~TelegramWebhook() = default;

HttpResponse TelegramWebhook::handle(const HttpRequest& request) {
  if (config_.telegram_secret.empty())
    return error_response(protocol::ErrorCode::not_found, "no such endpoint");
  if (!same_secret(request.telegram_secret_token, config_.telegram_secret)) {
    return json_response(
        401, {{"error", {{"code", "unauthorized"}, {"message", "a valid secret token is required"}}}});
  }
  std::optional<std::int64_t> update_id;
  try {
    // A body that is not JSON is acknowledged with 200, not refused: Telegram retries every non-200
    // answer (and holds back the chat's later updates meanwhile), but this body will never parse, so
    // a 4xx would only block the queue. It is logged so an operator can see it.
    const json update = json::parse(request.body, nullptr, /*allow_exceptions=*/false);
    if (update.is_discarded() || !update.is_object()) {
      log::warn("telegram_bad_update",
                {{"reason", "the body is not a JSON object"}, {"bytes", request.body.size()}});
      return acknowledged();
    }
    // A retried update_id gets the answer its first delivery got; its turn is not run again.
    if (const auto it = update.find("update_id"); it != update.end() && it->is_number_integer()) {
      update_id = it->get<std::int64_t>();
      if (auto seen = recent_.claim(*update_id)) {
        log::info("telegram_retry", {{"update_id", *update_id}, {"answered", seen->answered}});
        if (!seen->answered) return acknowledged();
        HttpResponse again;
        again.body = std::move(seen->answer);
        return again;
      }
    }
    HttpResponse response = reply_to(update);
    if (update_id) recent_.answer(*update_id, response.body);
    return response;
  } catch (const std::exception& e) {
    // Still 200: a retry would most likely fail the same way. The details stay in the log.
    log::error("telegram_failed", {{"what", e.what()}});
  } catch (...) {
    log::error("telegram_failed", {{"what", "unknown exception"}});
  }
  if (update_id) recent_.forget(*update_id);  // nothing was answered: a retry may try again
  return acknowledged();
}

HttpResponse TelegramWebhook::reply_to(const json& update) {
  const json* message = update.contains("message") ? &update["message"] : nullptr;
  const json* text =
      message && message->is_object() && message->contains("text") ? &(*message)["text"] : nullptr;
  const json* chat =
      message && message->is_object() && message->contains("chat") ? &(*message)["chat"] : nullptr;
  const json* chat_id = chat && chat->is_object() && chat->contains("id") ? &(*chat)["id"] : nullptr;
  // Telegram's chat ids take at most 52 bits: one beyond int64 is no chat this bot can answer.
  const bool usable_chat_id =
      chat_id && chat_id->is_number_integer() &&
      !(chat_id->is_number_unsigned() &&
        chat_id->get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()));
  if (!text || !text->is_string() || !usable_chat_id) {
    log::debug("telegram_update_ignored",
               {{"update_id", update.value("update_id", json())}, {"kind", ignored_kind(update)}});
    return acknowledged();
  }
  const auto id = chat_id->get<std::int64_t>();
  Answer answer = answer_text(id, text->get_ref<const std::string&>());
  std::string reply_text = fit_telegram_text(answer.text);
  if (reply_text.empty()) {
    log::warn("telegram_empty_reply", {{"update_id", update.value("update_id", json())}});
    return acknowledged();  // Telegram refuses an empty sendMessage
  }
  json body = {{"method", "sendMessage"}, {"chat_id", id}, {"text", std::move(reply_text)}};
  if (!answer.suggestions.empty()) {
    json keyboard = json::array();
    for (const auto& suggestion : answer.suggestions)
      keyboard.push_back(json::array({{{"text", suggestion}}}));
    body["reply_markup"] = {
        {"keyboard", std::move(keyboard)}, {"resize_keyboard", true}, {"one_time_keyboard", true}};
  }
  return json_response(200, body);
}

TelegramWebhook::Answer TelegramWebhook::answer_text(std::int64_t chat_id, std::string_view text) {
  metrics_.message_received();
  if (auto error = protocol::check_text(text, protocol::Limits{config_.max_text_chars})) {
    turns_.count_error(error->code);
    return {error->message, {}};
  }

  // Resume the chat's session, or start one when it has none or it expired.
  dialog::Welcome welcome;
  {
    std::lock_guard lock(chat_locks_[std::hash<std::int64_t>{}(chat_id) % kChatLocks]);
    const std::optional<std::string> known = chats_->session_for(chat_id);
    auto opened = turns_.open(known.value_or(""), "telegram");
    if (auto* error = std::get_if<protocol::Error>(&opened)) {
      turns_.count_error(error->code);
      return {error->message, {}};
    }
    welcome = std::get<dialog::Welcome>(std::move(opened));
    try {
      chats_->remember(chat_id, welcome.session_id);
    } catch (const std::exception& e) {
      // The chat keeps its session in memory; only a restart would lose it.
      log::error("telegram_chat_not_saved", {{"what", e.what()}});
    }
  }

  const auto command = command_of(text);
  if (command == "start") return {std::move(welcome.text), std::move(welcome.suggestions)};
  if (command == "reset") {
    auto fresh = turns_.reset(welcome.session_id, "telegram");
    if (auto* error = std::get_if<protocol::Error>(&fresh)) {
      turns_.count_error(error->code);
      return {error->message, {}};
    }
    auto& reset = std::get<dialog::Welcome>(fresh);
    return {std::move(reset.text), std::move(reset.suggestions)};
  }
  auto reply = turns_.answer(welcome.session_id, text, "telegram");
  if (auto* error = std::get_if<protocol::Error>(&reply)) {
    turns_.count_error(error->code);
    return {error->message, {}};
  }
  auto& answer = std::get<dialog::Reply>(reply);
  return {std::move(answer.text), std::move(answer.suggestions)};
}

}  // namespace careerbot::net
