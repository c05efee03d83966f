#include "app/service_notifier.hpp"

#include <systemd/sd-daemon.h>

#include <cstdint>
#include <string>

#include "common/log.hpp"

namespace careerbot::app {

ServiceNotifier::ServiceNotifier() {
  std::uint64_t usec = 0;
  // 0: leave $WATCHDOG_USEC set (nothing else reads it; unsetting the environment is not thread-safe).
  if (sd_watchdog_enabled(0, &usec) > 0) watchdog_interval_ = std::chrono::microseconds(usec);
}

ServiceNotifier::~ServiceNotifier() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (watchdog_.joinable()) watchdog_.join();
}

void ServiceNotifier::send(const std::string& message) {
  const int result = sd_notify(0, message.c_str());
  if (result < 0) log::warn("sd_notify_failed", {{"message", message}, {"errno", -result}});
}

void ServiceNotifier::ready(std::string_view status) {
  send("READY=1\nSTATUS=" + std::string(status));
}

void ServiceNotifier::reloading() {
  send("RELOADING=1\nSTATUS=reloading content");
}

void ServiceNotifier::stopping() {
  send("STOPPING=1\nSTATUS=shutting down");
}

void ServiceNotifier::status(std::string_view status) {
  send("STATUS=" + std::string(status));
}

void ServiceNotifier::start_watchdog() {
  if (watchdog_interval_.count() == 0 || watchdog_.joinable()) return;
  log::info("watchdog", {{"interval_ms", watchdog_interval_.count() / 1000}});
  watchdog_ = std::thread([this] {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      lock.unlock();
      send("WATCHDOG=1");
      lock.lock();
      wake_.wait_for(lock, watchdog_interval_ / 2, [this] { return stopping_; });
    }
  });
}

}  // namespace careerbot::app
