#pragma once
// Sends WhatsApp replies to the Graph API from worker threads of its own, so a slow or failing API
// never holds up a chat turn: replies wait in the bounded OutboundQueue (its header has the rules:
// safeguarding first and never refused, one number in order, retries with backoff on 429/5xx).
// Every reply that is not sent is logged and counted by reason; none is lost silently.
//
// Beast-free: the threads post through a PostMessage each (a GraphApiClient in the server; the
// factory makes one per thread).
//
// Thread-safety: send() and the counters from any thread; start() once; stop() once from the owner
// (the destructor calls it).

#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "net/graph_api_client.hpp"
#include "net/outbound_queue.hpp"

namespace careerbot::net {

// Sends one request body and reports the answer. One per sender thread (it need not be thread-safe).
using PostMessage = std::function<GraphApiResponse(const std::string& body)>;
using PostMessageFactory = std::function<PostMessage()>;

// Why a reply was not sent (careerbot_whatsapp_replies_failed_total{reason}).
enum class SendFailure : std::size_t {
  queue_full,  // refused: the queue held whatsapp_queue_cap replies
  pushed_out,  // an ordinary reply a safeguarding reply took the place of
  gave_up,     // 429/5xx/network failures on every attempt
  rejected,    // the API refused it (4xx other than 429): retrying would not help
  shutdown,    // still waiting when the server stopped
};
inline constexpr std::array<std::string_view, 5> kSendFailureNames = {"queue_full", "pushed_out", "gave_up",
                                                                      "rejected", "shutdown"};

// 2xx: sent; 429, 5xx and no answer (status 0): worth retrying; anything else: rejected.
AttemptResult classify_attempt(int status) noexcept;

struct WhatsAppSenderOptions {
  std::size_t capacity = 1000;  // OutboundQueue capacity
  RetryPolicy retry;
  unsigned threads = 2;
  // At stop, replies ready to go still get this long to be sent; then the rest are given up.
  std::chrono::milliseconds stop_grace{3000};
};

class WhatsAppSender {
 public:
  WhatsAppSender(WhatsAppSenderOptions options, PostMessageFactory make_poster);
  ~WhatsAppSender();
  WhatsAppSender(const WhatsAppSender&) = delete;
  WhatsAppSender& operator=(const WhatsAppSender&) = delete;

  // Starts the sender threads (each makes its PostMessage first).
  void start();
  // Queues a reply. False when it was refused (queue full; logged and counted). A safeguarding
  // reply is always taken.
  bool send(OutboundReply reply);
  // Sends what is ready within stop_grace, then gives up (logs and counts) the rest; joins.
  void stop();

  std::uint64_t sent() const noexcept { return sent_.load(std::memory_order_relaxed); }
  std::uint64_t retries() const noexcept { return retries_.load(std::memory_order_relaxed); }
  std::uint64_t failed(SendFailure reason) const noexcept {
    return failed_[static_cast<std::size_t>(reason)].load(std::memory_order_relaxed);
  }
  // Replies held: waiting, backing off or being sent.
  std::size_t depth() const;

 private:
  void run(PostMessage post);
  void fail(const OutboundReply& reply, SendFailure reason, int status = 0, std::string_view detail = {});

  WhatsAppSenderOptions options_;
  PostMessageFactory make_poster_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  OutboundQueue queue_;  // guarded by mutex_
  bool stopping_ = false;
  OutboundClock::time_point stop_deadline_{};
  std::vector<std::thread> threads_;
  std::atomic<std::uint64_t> sent_{0};
  std::atomic<std::uint64_t> retries_{0};
  std::array<std::atomic<std::uint64_t>, kSendFailureNames.size()> failed_{};
};

}  // namespace careerbot::net
