#pragma once
// What every connection of one Server shares: settings, the chat service wrapper, metrics, the
// per-address rate limiter, the router, the stop flag and the registry of open WebSockets (so stop()
// can close them). No Beast here.
//
// Thread-safety: the registry is guarded by a mutex touched only when a WebSocket opens or closes;
// it holds weak pointers and never keeps a session alive. Everything else is thread-safe itself.

#include <atomic>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "common/config.hpp"
#include "dialog/chat_service.hpp"
#include "net/chat_turn.hpp"
#include "net/metrics.hpp"
#include "net/rate_limiter.hpp"
#include "net/routes.hpp"

namespace careerbot::net {

class WebSocketSession;

class SharedState {
 public:
  SharedState(const Config& config, dialog::ChatService& chat, Metrics& metrics);

  const Config& config;
  Metrics& metrics;
  ChatTurns turns;
  AddressRateLimiter address_limits;
  AddressConnections address_connections;  // max_connections_per_address
  AddressRateLimiter connect_limits;       // connect_rate: WebSocket connects per address
  Router router;
  std::atomic<bool> stopping{false};

  void join(WebSocketSession* session, std::weak_ptr<WebSocketSession> handle);
  void leave(WebSocketSession* session);
  std::vector<std::weak_ptr<WebSocketSession>> websockets() const;

 private:
  mutable std::mutex mutex_;
  std::unordered_map<WebSocketSession*, std::weak_ptr<WebSocketSession>> websockets_;
};

// Counts one open connection for as long as it lives; moves from the HTTP session to the WebSocket
// session on upgrade so the count stays exact.
class ConnectionSlot {
 public:
  explicit ConnectionSlot(Metrics& metrics) : metrics_(&metrics) { metrics_->connection_opened(); }
  ConnectionSlot(ConnectionSlot&& other) noexcept : metrics_(std::exchange(other.metrics_, nullptr)) {}
  ConnectionSlot& operator=(ConnectionSlot&&) = delete;
  ConnectionSlot(const ConnectionSlot&) = delete;
  ConnectionSlot& operator=(const ConnectionSlot&) = delete;
  ~ConnectionSlot() {
    if (metrics_ != nullptr) metrics_->connection_closed();
  }

 private:
  Metrics* metrics_;
};

}  // namespace careerbot::net
