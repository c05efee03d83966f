#pragma once
// Worker threads that run jobs off the I/O threads, in order per key: every job posted with one key
// (a WhatsApp sender) runs on the same lane, one after another, so a student's messages are answered
// in the order sent; jobs with other keys run on the other lanes meanwhile.
// Bounded: at most `capacity` jobs wait in all; post() refuses more (the caller answers "busy").
//
// Thread-safety: post() and pending() from any thread; stop() once, from the owner (the destructor
// calls it). Jobs must not throw (an escaping exception is caught and logged).

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string_view>
#include <thread>
#include <vector>

namespace careerbot::net {

class SerialLanes {
 public:
  SerialLanes(std::size_t lanes, std::size_t capacity);
  ~SerialLanes();
  SerialLanes(const SerialLanes&) = delete;
  SerialLanes& operator=(const SerialLanes&) = delete;

  // Queues `job` on the lane of `key`; false when `capacity` jobs already wait or after stop().
  bool post(std::string_view key, std::function<void()> job);
  // Refuses new jobs, runs every job already queued, joins the threads. Idempotent.
  void stop();
  // Jobs waiting or running.
  std::size_t pending() const;

 private:
  struct Lane {
    std::mutex mutex;
    std::condition_variable wake;
    std::deque<std::function<void()>> jobs;
    bool stopping = false;
    std::thread thread;
  };
  void run(Lane& lane);

  const std::size_t capacity_;
  mutable std::mutex count_mutex_;
  std::size_t pending_ = 0;
  bool stopped_ = false;
  std::vector<std::unique_ptr<Lane>> lanes_;
};

}  // namespace careerbot::net
