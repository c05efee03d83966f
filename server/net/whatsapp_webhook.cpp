#include "net/whatsapp_webhook.hpp"

#include <cctype>
#include <exception>
#include <optional>
#include <variant>
#include <vector>

#include "common/log.hpp"
#include "common/secret.hpp"
#include "net/graph_api_client.hpp"
#include "net/routes.hpp"
#include "net/server.hpp"
#include "net/webhook_signature.hpp"
#include "net/whatsapp_message.hpp"
#include "protocol/client_message.hpp"
#include "store/whatsapp_contacts.hpp"

namespace careerbot::net {
namespace {

constexpr std::string_view kChannel = "whatsapp";
// Repeats come within hours; this many ids is far more than a server answers in that time.
constexpr std::size_t kRememberedIds = 50'000;
// Messages waiting for their turn. A turn takes milliseconds, so this many means the chatbot is stuck;
// past it deliveries get 503 and WhatsApp delivers them again later.
constexpr std::size_t kMaxPendingTurns = 1000;
// Logs name a contact by the start of its key: enough to follow one conversation, not to reverse it.
constexpr std::size_t kContactRefChars = 12;

HttpResponse acknowledged() {
  HttpResponse response;
  response.body = "{}";
  return response;
}

HttpResponse plain_text(int status, std::string body) {
  HttpResponse response;
  response.status = status;
  response.content_type = "text/plain; charset=utf-8";
  response.body = std::move(body);
  return response;
}

// Meta sends a number; anything else is echoed only when it is short and harmless.
bool plausible_challenge(std::string_view challenge) {
  if (challenge.empty() || challenge.size() > 128) return false;
  for (char c : challenge) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') return false;
  }
  return true;
}

// What a turn produced, an answer or an error's message, and whether it is a safeguarding reply.
struct Outcome {
  std::string text;
  std::vector<std::string> suggestions;
  bool urgent = false;
};

}  // namespace

PostMessageFactory graph_api_posters(const Config& config) {
  const GraphApiEndpoint endpoint = parse_graph_api_base(config.whatsapp_api_base);
  const std::string target = messages_path(endpoint, config.whatsapp_phone_number_id);
  return [endpoint, target, token = config.whatsapp_access_token, timeout = config.whatsapp_send_timeout,
          ca_file = config.whatsapp_ca_file]() -> PostMessage {
    auto client = std::make_shared<GraphApiClient>(endpoint, token, timeout, ca_file);
    return [client, target](const std::string& body) { return client->post(target, body); };
  };
}

WhatsAppWebhook::WhatsAppWebhook(const Config& config, dialog::ChatService& chat, Metrics& metrics,
                                 const std::filesystem::path& contacts_db, PostMessageFactory make_poster)
    : config_(config),
      metrics_(metrics),
      turns_(config, chat, metrics),
      contacts_(std::make_unique<store::WhatsAppContacts>(contacts_db)),
      seen_(kRememberedIds),
      contact_limits_(config.ip_rate),
      sender_(WhatsAppSenderOptions{config.whatsapp_queue_cap,
                                    {config.whatsapp_max_attempts, config.whatsapp_retry_base,
                                     config.whatsapp_retry_max},
                                    config.whatsapp_senders,
                                    std::chrono::seconds(3)},
              make_poster ? std::move(make_poster) : graph_api_posters(config)),
      lanes_(config.io_threads, kMaxPendingTurns) {}

WhatsAppWebhook::~WhatsAppWebhook() {
  stop();
}

void WhatsAppWebhook::start() {
  sender_.start();
}

void WhatsAppWebhook::stop() {
  lanes_.stop();   // every turn taken is answered and its reply queued ...
  sender_.stop();  // ... then sent within the grace time, or logged and counted
}

HttpResponse WhatsAppWebhook::verify(const HttpRequest& request) {
  const auto mode = query_param(request.target, "hub.mode");
  const auto token = query_param(request.target, "hub.verify_token");
  const auto challenge = query_param(request.target, "hub.challenge");
  if (mode == "subscribe" && token && same_secret(*token, config_.whatsapp_verify_token) && challenge &&
      plausible_challenge(*challenge)) {
    log::info("whatsapp_subscribed");
    return plain_text(200, *challenge);
  }
  log::warn("whatsapp_verify_refused", {{"mode", mode.value_or("")}});
  return error_response(protocol::ErrorCode::forbidden, "the verify token does not match");
}

HttpResponse WhatsAppWebhook::receive(const HttpRequest& request) {
  if (!hub_signature_valid(request.hub_signature, request.body, config_.whatsapp_app_secret)) {
    signature_failures_.fetch_add(1, std::memory_order_relaxed);
    log::warn("whatsapp_bad_signature",
              {{"signed", !request.hub_signature.empty()}, {"bytes", request.body.size()}});
    HttpResponse response;
    response.status = 401;
    response.body =
        R"({"error":{"code":"unauthorized","message":"a valid X-Hub-Signature-256 is required"}})";
    return response;
  }
  // Signed by Meta but not a WhatsApp delivery: a retry would not change it, so it is acknowledged.
  const auto delivery = parse_whatsapp_delivery(request.body);
  if (!delivery) {
    log::warn("whatsapp_bad_delivery", {{"bytes", request.body.size()}});
    return acknowledged();
  }
  statuses_.fetch_add(delivery->statuses, std::memory_order_relaxed);
  for (const auto& kind : delivery->ignored) {
    ignore(IgnoredMessage::unsupported);
    log::debug("whatsapp_message_ignored", {{"kind", kind}});
  }
  bool refused = false;
  for (const auto& message : delivery->messages) {
    if (message.phone_number_id != config_.whatsapp_phone_number_id) {
      ignore(IgnoredMessage::other_number);
      continue;
    }
    if (!seen_.first_time(message.id)) {
      ignore(IgnoredMessage::duplicate);
      continue;
    }
    std::string contact = contact_key(config_.whatsapp_app_secret, message.from);
    if (!contact_limits_.bucket(contact)->try_take(Clock::now())) {
      ignore(IgnoredMessage::rate_limited);
      log::warn("whatsapp_rate_limited", {{"contact", contact.substr(0, kContactRefChars)}});
      continue;
    }
    received_.fetch_add(1, std::memory_order_relaxed);
    metrics_.message_received();
    const bool queued = lanes_.post(contact, [this, message, contact] { answer(message, contact); });
    if (!queued) {
      // WhatsApp will deliver it again: the next time it is new.
      seen_.forget(message.id);
      ignore(IgnoredMessage::busy);
      refused = true;
    }
  }
  if (refused) {
    log::warn("whatsapp_busy", {{"pending_turns", lanes_.pending()}});
    return error_response(protocol::ErrorCode::unavailable, "busy; deliver again later");
  }
  return acknowledged();
}

void WhatsAppWebhook::answer(const WhatsAppMessage& message, const std::string& contact) {
  auto outcome = [&]() -> Outcome {
    if (auto error = protocol::check_text(message.text, protocol::Limits{config_.max_text_chars})) {
      turns_.count_error(error->code);
      return {error->message, {}, false};
    }
    // Resume the contact's session, or start one when it has none or it expired. The contact's lane
    // runs one turn at a time, so two messages cannot open two sessions.
    std::optional<std::string> known;
    try {
      known = contacts_->session_for(contact);
    } catch (const std::exception& e) {
      log::error("whatsapp_contact_not_read", {{"what", e.what()}});
    }
    auto opened = turns_.open(known.value_or(""), kChannel);
    if (auto* error = std::get_if<protocol::Error>(&opened)) {
      turns_.count_error(error->code);
      return {error->message, {}, false};
    }
    const std::string session_id = std::get<dialog::Welcome>(opened).session_id;
    try {
      contacts_->remember(contact, session_id);
    } catch (const std::exception& e) {
      log::error("whatsapp_contact_not_saved", {{"what", e.what()}});  // kept in memory until restart
    }
    auto reply = turns_.answer(session_id, message.text, kChannel);
    if (auto* error = std::get_if<protocol::Error>(&reply)) {
      turns_.count_error(error->code);
      return {error->message, {}, false};
    }
    auto& answered = std::get<dialog::Reply>(reply);
    return {std::move(answered.text), std::move(answered.suggestions), answered.sensitive};
  }();

  auto body = whatsapp_message_body(message.from, outcome.text, outcome.suggestions);
  if (!body) {
    log::warn("whatsapp_empty_reply", {{"contact", contact.substr(0, kContactRefChars)}});
    return;
  }
  OutboundReply reply;
  reply.to = message.from;
  reply.contact = contact.substr(0, kContactRefChars);
  reply.body = std::move(*body);
  reply.urgent = outcome.urgent;
  sender_.send(std::move(reply));  // a refusal is logged and counted there
}

void WhatsAppWebhook::add_metrics(Metrics& metrics) {
  metrics.add_source("careerbot_whatsapp_messages_received_total",
                     "WhatsApp messages taken as chat turns (texts and button taps).", "counter",
                     [this] { return static_cast<std::int64_t>(received_.load(std::memory_order_relaxed)); });
  Metrics::LabeledReads ignored;
  for (std::size_t i = 0; i < kIgnoredMessageNames.size(); ++i) {
    ignored.emplace_back(std::string(kIgnoredMessageNames[i]), [this, i] {
      return static_cast<std::int64_t>(ignored_[i].load(std::memory_order_relaxed));
    });
  }
  metrics.add_labeled_source("careerbot_whatsapp_messages_ignored_total",
                             "WhatsApp messages acknowledged but not answered, by reason.", "counter",
                             "reason", std::move(ignored));
  metrics.add_source("careerbot_whatsapp_statuses_total",
                     "WhatsApp delivery statuses received (sent, delivered, read, failed).", "counter",
                     [this] { return static_cast<std::int64_t>(statuses_.load(std::memory_order_relaxed)); });
  metrics.add_source(
      "careerbot_whatsapp_signature_failures_total",
      "WhatsApp webhook requests refused for a missing or wrong X-Hub-Signature-256.", "counter",
      [this] { return static_cast<std::int64_t>(signature_failures_.load(std::memory_order_relaxed)); });
  metrics.add_source("careerbot_whatsapp_replies_sent_total", "WhatsApp replies the Graph API accepted.",
                     "counter", [this] { return static_cast<std::int64_t>(sender_.sent()); });
  Metrics::LabeledReads failed;
  for (std::size_t i = 0; i < kSendFailureNames.size(); ++i) {
    failed.emplace_back(std::string(kSendFailureNames[i]), [this, i] {
      return static_cast<std::int64_t>(sender_.failed(static_cast<SendFailure>(i)));
    });
  }
  metrics.add_labeled_source("careerbot_whatsapp_replies_failed_total",
                             "WhatsApp replies not sent, by reason (each is logged).", "counter", "reason",
                             std::move(failed));
  metrics.add_source("careerbot_whatsapp_send_retries_total",
                     "Graph API attempts that failed with 429, 5xx or a network error and were retried.",
                     "counter", [this] { return static_cast<std::int64_t>(sender_.retries()); });
  metrics.add_source("careerbot_whatsapp_queue_depth", "WhatsApp replies waiting, backing off or being sent.",
                     "gauge", [this] { return static_cast<std::int64_t>(sender_.depth()); });
  metrics.add_source("careerbot_whatsapp_turns_pending", "WhatsApp messages waiting for or in their turn.",
                     "gauge", [this] { return static_cast<std::int64_t>(lanes_.pending()); });
}

void add_whatsapp_routes(Server& server, std::shared_ptr<WhatsAppWebhook> webhook) {
  if (!webhook) {
    auto off = [](const HttpRequest&) {
      return error_response(protocol::ErrorCode::not_found, "no such endpoint");
    };
    server.add_route("GET", "/webhooks/whatsapp", off);
    server.add_route("POST", "/webhooks/whatsapp", off);
    return;
  }
  server.add_route("GET", "/webhooks/whatsapp",
                   [webhook](const HttpRequest& request) { return webhook->verify(request); });
  server.add_route("POST", "/webhooks/whatsapp",
                   [webhook](const HttpRequest& request) { return webhook->receive(request); });
}

}  // namespace careerbot::net
