#pragma once
// Tells systemd how the service is doing (Type=notify, sd_notify(3)): READY=1 once content is loaded
// and the port is open, RELOADING=1 while a SIGHUP reload runs (then READY=1 again, with a STATUS
// saying whether the new content went live), STOPPING=1 on shutdown, and WATCHDOG=1 pings at half
// the unit's WatchdogSec while the control loop is alive. Outside systemd (no $NOTIFY_SOCKET) every
// call does nothing.
//
// Thread-safety: every method may be called from any thread; the watchdog pings from its own thread.

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string_view>
#include <thread>

namespace careerbot::app {

class ServiceNotifier {
 public:
  ServiceNotifier();
  ~ServiceNotifier();  // stops the watchdog thread
  ServiceNotifier(const ServiceNotifier&) = delete;
  ServiceNotifier& operator=(const ServiceNotifier&) = delete;

  void ready(std::string_view status);
  void reloading();
  void stopping();
  void status(std::string_view status);

  // The watchdog interval systemd asked for ($WATCHDOG_USEC), or zero when there is none.
  std::chrono::microseconds watchdog_interval() const noexcept { return watchdog_interval_; }
  // Starts pinging at half the interval (after READY=1, so a slow start is not a hang).
  void start_watchdog();

 private:
  void send(const std::string& message);

  std::chrono::microseconds watchdog_interval_{0};
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread watchdog_;
};

}  // namespace careerbot::app
