// careerbot-echo-server: the baseline for the load benchmark. The same net::Server code path as
// careerbot-server (WebSocket upgrade, frame in, JSON parsed and checked, JSON reply out, rate limits,
// metrics, turn log line) but a ChatService without chat logic: handle() returns one fixed small
// Reply. Comparing the two servers prices a chat turn against the bare WebSocket round trip.
//
//   careerbot-echo-server --port 9091 --log-level warn [any careerbot-server network flag]
//
// Runs until SIGINT or SIGTERM.
#include <signal.h>

#include <atomic>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "common/config.hpp"
#include "dialog/chat_service.hpp"
#include "net/server.hpp"

namespace {

// Thread-safe: the only state is an atomic counter.
class EchoChatService final : public careerbot::dialog::ChatService {
 public:
  careerbot::dialog::Welcome open(std::string_view) override { return welcome(next_id()); }
  careerbot::dialog::Welcome reset(std::string_view session_id) override {
    return welcome(std::string(session_id));
  }
  careerbot::dialog::Reply handle(std::string_view, std::string_view) override {
    careerbot::dialog::Reply reply;
    reply.text = "OK.";
    reply.intent = "echo";
    reply.confidence = 1.0;
    reply.suggestions = {"Again"};
    return reply;
  }
  nlohmann::json explain(std::string_view, std::string_view) override { return nlohmann::json::object(); }
  bool ready() const override { return true; }
  // Like the chat server with its embedded store: calls run on the I/O thread (the same path).
  bool calls_may_block() const noexcept override { return false; }

 private:
  // Ids need not be secret here (no sessions are stored), only distinct; same length as real ones.
  std::string next_id() {
    char id[40];
    std::snprintf(id, sizeof id, "echo%028llu",
                  static_cast<unsigned long long>(counter_.fetch_add(1, std::memory_order_relaxed)));
    return id;
  }
  static careerbot::dialog::Welcome welcome(std::string id) {
    careerbot::dialog::Welcome w;
    w.session_id = std::move(id);
    w.text = "Echo server: every message gets the same reply.";
    w.suggestions = {"Hello"};
    return w;
  }
  std::atomic<unsigned long long> counter_{0};
};

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (careerbot::wants_help(args)) {
    std::cout << careerbot::config_help("careerbot-echo-server");
    return 0;
  }
  // Block the stop signals in every thread (the io threads inherit the mask); wait for them here.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  ::signal(SIGPIPE, SIG_IGN);
  try {
    const careerbot::Config config = careerbot::load_config(args, careerbot::process_environment(), "");
    EchoChatService chat;
    careerbot::net::Server server(config, chat);
    server.start();
    std::cout << "careerbot-echo-server listening on " << config.bind_address << ":" << server.port()
              << std::endl;
    int signal_number = 0;
    sigwait(&signals, &signal_number);
    server.stop();
    return 0;
  } catch (const careerbot::ConfigError& e) {
    std::cerr << "careerbot-echo-server: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "careerbot-echo-server: cannot start: " << e.what() << "\n";
    return 1;
  }
}
