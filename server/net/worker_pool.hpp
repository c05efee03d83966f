#pragma once
// Threads for work that may block on a session store (Redis, a full disk): chat turns, the Telegram
// webhook, admin calls, /readyz. The I/O threads hand such work here and keep serving /healthz,
// /metrics, static files and every other connection while a store hangs.
//
// post() queues a task; `threads` threads run tasks in order. stop() runs what is queued, joins the
// threads, and from then on post() drops tasks (the server is going away). Thread-safe. Beast-free.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace careerbot::net {

class WorkerPool {
 public:
  explicit WorkerPool(std::size_t threads);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  void post(std::function<void()> task);
  void stop();

 private:
  void run();
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> tasks_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace careerbot::net
