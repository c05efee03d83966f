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

#include "common/address_range.hpp"
#include "common/config.hpp"
#include "dialog/chat_service.hpp"
#include "net/chat_turn.hpp"
#include "net/metrics.hpp"
#include "net/rate_limiter.hpp"
#include "net/routes.hpp"
#include "net/worker_pool.hpp"

namespace careerbot::net {

class WebSocketSession;

class SharedState {
 public:
  SharedState(const Config& config, dialog::ChatService& chat, Metrics& metrics);

  const Config& config;
  const AddressRanges trusted_proxies;  // config.trusted_proxies, parsed
  Metrics& metrics;
  ChatTurns turns;
  AddressRateLimiter address_limits;
  AddressConnections address_connections;  // max_connections_per_address
  AddressRateLimiter connect_limits;       // connect_rate: WebSocket connects per address
  Router router;
  WorkerPool workers;  // worker_threads: turns and other calls that may wait on a store
  // WebSocket calls go to `workers` only when the service may block (ChatService::calls_may_block);
  // otherwise they run on the session's I/O thread.
  const bool websocket_calls_on_workers;
  std::atomic<bool> stopping{false};
  // X-Forwarded-For from a peer that is not a trusted proxy is ignored, and said once in the log (a
  // proxy missing from trusted_proxies makes every client look like one).
  std::atomic<bool> warned_untrusted_forwarded_for{false};

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
