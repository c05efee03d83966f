// libFuzzer target: the Telegram webhook (TelegramWebhook::handle), from the update JSON Telegram posts
// to the sendMessage it answers with: JSON parsing, the update's shape, commands, the chat -> session
// map (SQLite in memory), the retry cache, the 4,096-character cut and the keyboard. The input is the
// request body; each input gets a fresh webhook, so no state leaks between inputs.
// The chat service behind it is EchoChat below, not the chatbot: careerbot_dialog is dozens of files
// to build under the sanitizers for CI, and fuzz_matcher fuzzes the matching already. EchoChat keeps
// ChatService's contract (its own ids; an unknown id gets a fresh one) and answers with the student's
// own text three times over, so replies are as long and as strange as the input, and with its words as
// suggestions; a text starting "!store" or "!refuse" fails like a store that is down or full.
// Properties besides "no crash, no sanitizer report": handle() never throws; a request with the
// secret always gets 200 with a JSON object; a sendMessage answers the update's own chat with a
// non-empty text of at most 4,096 UTF-16 units in valid UTF-8 and a keyboard of one-button rows; a
// retried update gets the same answer; a request without the secret gets 401.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "common/log.hpp"
#include "common/utf8.hpp"
#include "net/telegram_webhook.hpp"
#include "store/session_store.hpp"

using namespace careerbot;
using nlohmann::json;

namespace {

void require(bool condition) {
  if (!condition) std::abort();  // libFuzzer reports the input that broke a property
}

class EchoChat final : public dialog::ChatService {
 public:
  dialog::Welcome open(std::string_view requested_id) override {
    dialog::Welcome welcome;
    welcome.resumed = known_.contains(std::string(requested_id));
    welcome.session_id = welcome.resumed ? std::string(requested_id) : "s" + std::to_string(++made_);
    known_.insert(welcome.session_id);
    welcome.text = "Hello! Ask me about careers.";
    welcome.suggestions = {"What does it involve?", "How do I start?"};
    return welcome;
  }
  dialog::Welcome reset(std::string_view session_id) override { return open(session_id); }
  dialog::Reply handle(std::string_view, std::string_view text) override {
    if (text.starts_with("!store")) throw store::SessionStoreError("session store: down");
    if (text.starts_with("!refuse")) throw store::SessionRefusedError("session store: full");
    dialog::Reply reply;
    reply.text = std::string(text) + "\n" + std::string(text) + "\n" + std::string(text);
    reply.intent = "echo";
    for (std::size_t at = 0; at < text.size() && reply.suggestions.size() < 3;) {
      const auto end = std::min(text.find(' ', at), text.size());
      if (end > at) reply.suggestions.emplace_back(text.substr(at, end - at));
      at = end + 1;
    }
    return reply;
  }
  nlohmann::json explain(std::string_view, std::string_view) override { return json::object(); }
  bool ready() const override { return true; }

 private:
  std::unordered_set<std::string> known_;
  std::uint64_t made_ = 0;
};

const std::string kSecret = "fuzz-telegram-secret-0123456789abcdef";

// Telegram counts a message's length in UTF-16 code units: two for a character beyond U+FFFF.
std::size_t utf16_units(std::string_view text) {
  std::size_t units = 0;
  for (const unsigned char byte : text) {
    if ((byte & 0xC0) != 0x80) ++units;  // a character's first byte
    if (byte >= 0xF0) ++units;           // a four-byte character: a surrogate pair
  }
  return units;
}

void check_answer(const json& update, const net::HttpResponse& response) {
  require(response.status == 200);
  const json body = json::parse(response.body, nullptr, false);
  require(body.is_object());
  if (!body.contains("method")) return;
  // .at() throws where a field is missing, and the caller turns that into a failed property.
  require(body.at("method") == "sendMessage");
  require(update.at("message").at("chat").at("id") == body.at("chat_id"));
  const json& text = body.at("text");
  require(text.is_string());
  const auto& reply = text.get_ref<const std::string&>();
  require(!reply.empty() && utf8::is_valid(reply) && utf16_units(reply) <= net::kTelegramMaxTextChars);
  if (body.contains("reply_markup")) {
    for (const auto& row : body.at("reply_markup").at("keyboard"))
      require(row.is_array() && row.size() == 1 && row.at(0).at("text").is_string());
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  log::set_level(LogLevel::off);  // thousands of bad updates a second would each log a warning
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Config config = [] {
    Config c;
    c.telegram_secret = kSecret;
    return c;
  }();
  static EchoChat chat;
  static net::Metrics metrics;
  net::HttpRequest request;
  request.method = "POST";
  request.target = "/webhooks/telegram";
  request.body.assign(reinterpret_cast<const char*>(data), size);
  try {
    net::TelegramWebhook webhook(config, chat, metrics, ":memory:");
    const json update = json::parse(request.body, nullptr, false);

    net::HttpRequest forged = request;
    forged.telegram_secret_token = "not-the-secret";
    require(webhook.handle(forged).status == 401);

    request.telegram_secret_token = kSecret;
    const net::HttpResponse first = webhook.handle(request);
    check_answer(update, first);
    // Telegram retries an update it thinks went unanswered: same answer, no second turn.
    if (update.is_object() && update.contains("update_id") && update.at("update_id").is_number_integer())
      require(webhook.handle(request).body == first.body);
  } catch (...) {
    require(false);
  }
  return 0;
}
