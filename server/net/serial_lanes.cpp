#include "net/serial_lanes.hpp"

#include <algorithm>
#include <exception>

#include "common/log.hpp"

namespace careerbot::net {

SerialLanes::SerialLanes(std::size_t lanes, std::size_t capacity) : capacity_(capacity) {
  for (std::size_t i = 0; i < std::max<std::size_t>(lanes, 1); ++i)
    lanes_.push_back(std::make_unique<Lane>());
  for (auto& lane : lanes_) lane->thread = std::thread([this, &lane = *lane] { run(lane); });
}

SerialLanes::~SerialLanes() {
  stop();
}

bool SerialLanes::post(std::string_view key, std::function<void()> job) {
  {
    std::lock_guard lock(count_mutex_);
    if (stopped_ || pending_ >= capacity_) return false;
    ++pending_;
  }
  Lane& lane = *lanes_[std::hash<std::string_view>{}(key) % lanes_.size()];
  {
    std::lock_guard lock(lane.mutex);
    lane.jobs.push_back(std::move(job));
  }
  lane.wake.notify_one();
  return true;
}

void SerialLanes::run(Lane& lane) {
  std::unique_lock lock(lane.mutex);
  for (;;) {
    lane.wake.wait(lock, [&] { return lane.stopping || !lane.jobs.empty(); });
    if (lane.jobs.empty()) return;  // stopping, and nothing left to run
    auto job = std::move(lane.jobs.front());
    lane.jobs.pop_front();
    lock.unlock();
    try {
      job();
    } catch (const std::exception& e) {
      log::error("lane_job_failed", {{"what", e.what()}});
    } catch (...) {
      log::error("lane_job_failed", {{"what", "unknown exception"}});
    }
    {
      std::lock_guard count(count_mutex_);
      --pending_;
    }
    lock.lock();
  }
}

void SerialLanes::stop() {
  {
    std::lock_guard lock(count_mutex_);
    if (stopped_) return;
    stopped_ = true;
  }
  for (auto& lane : lanes_) {
    {
      std::lock_guard lock(lane->mutex);
      lane->stopping = true;
    }
    lane->wake.notify_all();
  }
  for (auto& lane : lanes_) lane->thread.join();
}

std::size_t SerialLanes::pending() const {
  std::lock_guard lock(count_mutex_);
  return pending_;
}

}  // namespace careerbot::net
