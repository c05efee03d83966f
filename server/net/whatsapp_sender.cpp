#include "net/whatsapp_sender.hpp"

#include <algorithm>
#include <exception>

#include "common/log.hpp"

namespace careerbot::net {

AttemptResult classify_attempt(int status) noexcept {
  if (status >= 200 && status < 300) return AttemptResult::sent;
  if (status == 0 || status == 429 || (status >= 500 && status < 600)) return AttemptResult::retryable;
  return AttemptResult::rejected;
}

WhatsAppSender::WhatsAppSender(WhatsAppSenderOptions options, PostMessageFactory make_poster)
    : options_(options), make_poster_(std::move(make_poster)), queue_(options.capacity, options.retry) {}

WhatsAppSender::~WhatsAppSender() {
  stop();
}

void WhatsAppSender::start() {
  for (unsigned i = 0; i < std::max(options_.threads, 1u); ++i) {
    // Made here, not in the thread: a bad CA file fails the start, not every send.
    threads_.emplace_back([this, post = make_poster_()]() mutable { run(std::move(post)); });
  }
}

void WhatsAppSender::fail(const OutboundReply& reply, SendFailure reason, int status,
                          std::string_view detail) {
  failed_[static_cast<std::size_t>(reason)].fetch_add(1, std::memory_order_relaxed);
  // The number never reaches the log; the contact key names the conversation.
  log::write(reply.urgent ? LogLevel::error : LogLevel::warn, "whatsapp_reply_failed",
             {{"contact", reply.contact},
              {"reason", kSendFailureNames[static_cast<std::size_t>(reason)]},
              {"safeguarding", reply.urgent},
              {"attempts", reply.attempts},
              {"status", status},
              {"detail", detail}});
}

bool WhatsAppSender::send(OutboundReply reply) {
  OutboundQueue::Pushed pushed;
  bool stopped = false;
  {
    std::lock_guard lock(mutex_);
    stopped = stopping_;
    if (!stopped) pushed = queue_.push(reply, OutboundClock::now());
  }
  if (stopped) {
    fail(reply, SendFailure::shutdown);
    return false;
  }
  if (pushed.accepted) wake_.notify_one();
  if (pushed.evicted) fail(*pushed.evicted, SendFailure::pushed_out);
  if (!pushed.accepted) fail(reply, SendFailure::queue_full);
  return pushed.accepted;
}

void WhatsAppSender::run(PostMessage post) {
  std::unique_lock lock(mutex_);
  for (;;) {
    const auto now = OutboundClock::now();
    if (stopping_ && now >= stop_deadline_) return;
    auto reply = queue_.take(now);
    if (!reply) {
      if (stopping_) return;  // nothing ready now; what waits for a retry is given up at stop
      if (const auto next = queue_.next_ready()) {
        wake_.wait_until(lock, *next);
      } else {
        wake_.wait(lock);
      }
      continue;
    }
    lock.unlock();
    GraphApiResponse response;
    try {
      response = post(reply->body);
    } catch (const std::exception& e) {
      response = {0, std::nullopt, e.what()};
    }
    const AttemptResult result = classify_attempt(response.status);
    lock.lock();
    const auto finished = queue_.finish(*reply, result, OutboundClock::now(), response.retry_after);
    reply->attempts = finished.attempts;
    lock.unlock();
    wake_.notify_all();  // the number's next reply, or a retry time, may have changed
    if (result == AttemptResult::sent) {
      sent_.fetch_add(1, std::memory_order_relaxed);
    } else if (result == AttemptResult::rejected) {
      fail(*reply, SendFailure::rejected, response.status, response.detail);
    } else if (finished.outcome == OutboundQueue::Outcome::gave_up) {
      fail(*reply, SendFailure::gave_up, response.status, response.detail);
    } else {
      retries_.fetch_add(1, std::memory_order_relaxed);
      log::info("whatsapp_reply_retry", {{"contact", reply->contact},
                                         {"status", response.status},
                                         {"attempts", finished.attempts},
                                         {"wait_ms", finished.wait.count()},
                                         {"detail", response.detail}});
    }
    lock.lock();
  }
}

void WhatsAppSender::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
    stop_deadline_ = OutboundClock::now() + options_.stop_grace;
  }
  wake_.notify_all();
  for (auto& thread : threads_) thread.join();
  threads_.clear();
  std::vector<OutboundReply> left;
  {
    std::lock_guard lock(mutex_);
    left = queue_.drain();
  }
  for (const auto& reply : left) fail(reply, SendFailure::shutdown);
}

std::size_t WhatsAppSender::depth() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

}  // namespace careerbot::net
