#pragma once
// Runs one chat-service call for any channel with the bookkeeping every turn needs: latency, metrics,
// one structured log line, and turning exceptions into an `internal` error that leaks nothing.
// Thread-safe (the ChatService is; Metrics is lock-free).

#include <string_view>
#include <variant>

#include "common/config.hpp"
#include "common/log_backoff.hpp"
#include "dialog/chat_service.hpp"
#include "net/metrics.hpp"
#include "protocol/error_code.hpp"
#include "store/session_store.hpp"

namespace careerbot::net {

class ChatTurns {
 public:
  ChatTurns(const Config& config, dialog::ChatService& chat, Metrics& metrics)
      : config_(config), chat_(chat), metrics_(metrics) {}

  // ChatService::handle with a "turn" log line (session, intent, confidence, latency_us, channel;
  // the text only when log_student_text is on).
  // `explain`: also return the decision's account in Reply::explain.
  std::variant<dialog::Reply, protocol::Error> answer(std::string_view session_id, std::string_view text,
                                                      std::string_view channel, bool explain = false);
  // ChatService::open / reset.
  std::variant<dialog::Welcome, protocol::Error> open(std::string_view requested_id,
                                                      std::string_view channel);
  std::variant<dialog::Welcome, protocol::Error> reset(std::string_view session_id, std::string_view channel);

  // Counts an error sent to a client (one place, so the errors metric is complete).
  void count_error(protocol::ErrorCode code) noexcept { metrics_.error_sent(code); }

  dialog::ChatService& service() noexcept { return chat_; }

 private:
  protocol::Error internal_error(std::string_view operation, std::string_view channel, const char* what);
  protocol::Error unavailable_error(std::string_view operation, std::string_view channel,
                                    const store::SessionStoreError& error);
  const Config& config_;
  dialog::ChatService& chat_;
  Metrics& metrics_;
  log::LogBackoff unavailable_log_;  // store_unavailable lines
};

}  // namespace careerbot::net
