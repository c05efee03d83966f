#pragma once
// The WhatsApp Business Cloud API channel: its webhook and the work behind it.
//
// GET /webhooks/whatsapp: the subscription handshake. hub.mode=subscribe with hub.verify_token equal
//   (in constant time) to the configured token gets hub.challenge back as text/plain; anything else 403.
// POST /webhooks/whatsapp: X-Hub-Signature-256 is checked (HMAC-SHA256 of the raw body under the app
//   secret, constant-time) before the body is read; a missing or wrong one is 401 and counted. A signed
//   delivery gets 200 at once; its messages are answered afterwards:
//   - Texts and taps on our reply buttons become chat turns on a SerialLanes lane keyed by the contact,
//     so one student's messages are answered in order and nobody waits for another student's turn.
//     Each contact (a keyed hash of the number, never the number) has its own session (WhatsAppContacts);
//     the turn runs through ChatTurns, the same channel-neutral service as every other channel.
//   - Statuses, other message kinds, messages to another business number, repeats of a message id
//     (RecentIds) and messages over the per-contact rate (ip_rate) are acknowledged and not answered.
//   - When every lane's queue is full the delivery gets 503, so WhatsApp delivers it again later
//     (messages taken from it meanwhile are not answered twice: their ids are remembered).
//   - Replies go to the Graph API through WhatsAppSender (bounded queue, retries, safeguarding first).
// WhatsApp off (no secrets configured): both routes answer 404.
//
// Thread-safety: verify() and receive() from any I/O thread at once. start() and stop() from the owner,
// once each; stop() finishes the turns taken, then sends what it can (WhatsAppSender::stop).

#include <array>
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "common/config.hpp"
#include "dialog/chat_service.hpp"
#include "net/chat_turn.hpp"
#include "net/http_message.hpp"
#include "net/metrics.hpp"
#include "net/rate_limiter.hpp"
#include "net/recent_ids.hpp"
#include "net/serial_lanes.hpp"
#include "net/whatsapp_payload.hpp"
#include "net/whatsapp_sender.hpp"

namespace careerbot::store {
class WhatsAppContacts;
}  // namespace careerbot::store

namespace careerbot::net {

class Server;

// Why a message in a signed delivery got no answer (careerbot_whatsapp_messages_ignored_total{reason}).
enum class IgnoredMessage : std::size_t { duplicate, unsupported, other_number, rate_limited, busy };
inline constexpr std::array<std::string_view, 5> kIgnoredMessageNames = {
    "duplicate", "unsupported", "other_number", "rate_limited", "busy"};

// PostMessages that send to the Graph API named by the config (one GraphApiClient each). Throws
// std::invalid_argument for a bad whatsapp_api_base, std::runtime_error for an unreadable CA file.
PostMessageFactory graph_api_posters(const Config& config);

class WhatsAppWebhook {
 public:
  // Opens (or creates) the contacts file at `contacts_db`; throws when it cannot. `make_poster`:
  // how replies are sent; empty uses graph_api_posters(config).
  WhatsAppWebhook(const Config& config, dialog::ChatService& chat, Metrics& metrics,
                  const std::filesystem::path& contacts_db, PostMessageFactory make_poster = {});
  ~WhatsAppWebhook();
  WhatsAppWebhook(const WhatsAppWebhook&) = delete;
  WhatsAppWebhook& operator=(const WhatsAppWebhook&) = delete;

  void start();
  void stop();

  HttpResponse verify(const HttpRequest& request);   // GET
  HttpResponse receive(const HttpRequest& request);  // POST

  // Adds the careerbot_whatsapp_* metrics to `metrics` (before the server starts).
  void add_metrics(Metrics& metrics);

 private:
  void answer(const WhatsAppMessage& message, const std::string& contact);
  void ignore(IgnoredMessage reason) noexcept {
    ignored_[static_cast<std::size_t>(reason)].fetch_add(1, std::memory_order_relaxed);
  }

  const Config& config_;
  Metrics& metrics_;
  ChatTurns turns_;
  std::unique_ptr<store::WhatsAppContacts> contacts_;
  RecentIds seen_;
  AddressRateLimiter contact_limits_;  // ip_rate, per contact: every delivery comes from Meta's addresses
  WhatsAppSender sender_;
  SerialLanes lanes_;  // declared last: its threads stop first and use everything above

  std::atomic<std::uint64_t> received_{0};
  std::atomic<std::uint64_t> statuses_{0};
  std::atomic<std::uint64_t> signature_failures_{0};
  std::array<std::atomic<std::uint64_t>, kIgnoredMessageNames.size()> ignored_{};
};

// Adds GET and POST /webhooks/whatsapp to `server`: to `webhook`, or answering 404 when it is null
// (WhatsApp off). The routes share ownership of the webhook.
void add_whatsapp_routes(Server& server, std::shared_ptr<WhatsAppWebhook> webhook);

}  // namespace careerbot::net
