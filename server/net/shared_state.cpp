#include "net/shared_state.hpp"

namespace careerbot::net {

SharedState::SharedState(const Config& settings, dialog::ChatService& chat, Metrics& server_metrics)
    : config(settings),
      trusted_proxies(settings.trusted_proxies),
      metrics(server_metrics),
      turns(settings, chat, server_metrics),
      address_limits(settings.ip_rate),
      address_connections(settings.max_connections_per_address),
      connect_limits(settings.connect_rate),
      router(settings, turns, server_metrics, address_limits),
      workers(settings.worker_threads),
      websocket_calls_on_workers(chat.calls_may_block()) {}

void SharedState::join(WebSocketSession* session, std::weak_ptr<WebSocketSession> handle) {
  std::lock_guard lock(mutex_);
  websockets_.emplace(session, std::move(handle));
}

void SharedState::leave(WebSocketSession* session) {
  std::lock_guard lock(mutex_);
  websockets_.erase(session);
}

std::vector<std::weak_ptr<WebSocketSession>> SharedState::websockets() const {
  std::lock_guard lock(mutex_);
  std::vector<std::weak_ptr<WebSocketSession>> out;
  out.reserve(websockets_.size());
  for (const auto& [raw, handle] : websockets_) out.push_back(handle);
  return out;
}

}  // namespace careerbot::net
