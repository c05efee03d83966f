#include "net/chat_turn.hpp"

#include <chrono>
#include <exception>

#include "common/log.hpp"
#include "store/session_store.hpp"

namespace careerbot::net {

protocol::Error ChatTurns::internal_error(std::string_view operation, std::string_view channel,
                                          const char* what) {
  // The exception text goes to the log only; the client gets a fixed message.
  log::error("chat_failed", {{"operation", operation}, {"channel", channel}, {"what", what}});
  return {protocol::ErrorCode::internal, "something went wrong on our side; please try again"};
}

// The session store is down: the student can retry; the details go to the log only. While a store
// fails, every turn would log this line: it backs off (each line counts the errors it stands for).
protocol::Error ChatTurns::unavailable_error(std::string_view operation, std::string_view channel,
                                             const store::SessionStoreError& error) {
  if (const auto errors = unavailable_log_.occurred()) {
    log::error("store_unavailable",
               {{"operation", operation}, {"channel", channel}, {"what", error.what()}, {"errors", errors}});
  }
  // A refused new conversation is told so: its student cannot resume one, only wait.
  if (dynamic_cast<const store::SessionRefusedError*>(&error) != nullptr) {
    return {protocol::ErrorCode::unavailable,
            "new conversations cannot be started right now; please try again in a few minutes"};
  }
  return {protocol::ErrorCode::unavailable,
          "the service is temporarily unavailable; please try again shortly"};
}

std::variant<dialog::Reply, protocol::Error> ChatTurns::answer(std::string_view session_id,
                                                               std::string_view text,
                                                               std::string_view channel, bool explain) {
  const auto started = std::chrono::steady_clock::now();
  try {
    dialog::Reply reply;
    if (explain) {
      nlohmann::json account;
      reply = chat_.handle_explained(session_id, text, account);
      reply.explain = std::move(account);
    } else {
      reply = chat_.handle(session_id, text);
    }
    const auto latency = std::chrono::steady_clock::now() - started;
    metrics_.reply_sent(reply.intent, latency);
    if (log::enabled(LogLevel::info)) {
      nlohmann::json fields = {
          {"session", log::session_ref(session_id)},
          {"intent", reply.intent},
          {"confidence", reply.confidence},
          {"latency_us", std::chrono::duration_cast<std::chrono::microseconds>(latency).count()},
          {"channel", channel}};
      // Safeguarding text lives only in the flag record, never in logs (even with text logging on).
      if (config_.log_student_text && !reply.sensitive) fields["text"] = text;
      log::write(LogLevel::info, "turn", fields);
    }
    return reply;
  } catch (const store::SessionStoreError& e) {
    return unavailable_error("handle", channel, e);
  } catch (const std::exception& e) {
    return internal_error("handle", channel, e.what());
  } catch (...) {
    return internal_error("handle", channel, "unknown exception");
  }
}

std::variant<dialog::Welcome, protocol::Error> ChatTurns::open(std::string_view requested_id,
                                                               std::string_view channel) {
  try {
    return chat_.open(requested_id);
  } catch (const store::SessionStoreError& e) {
    return unavailable_error("open", channel, e);
  } catch (const std::exception& e) {
    return internal_error("open", channel, e.what());
  } catch (...) {
    return internal_error("open", channel, "unknown exception");
  }
}

std::variant<dialog::Welcome, protocol::Error> ChatTurns::reset(std::string_view session_id,
                                                                std::string_view channel) {
  try {
    return chat_.reset(session_id);
  } catch (const store::SessionStoreError& e) {
    return unavailable_error("reset", channel, e);
  } catch (const std::exception& e) {
    return internal_error("reset", channel, e.what());
  } catch (...) {
    return internal_error("reset", channel, "unknown exception");
  }
}

}  // namespace careerbot::net
