// careerbot-soak-client: steady chat load with connection churn, for scripts/soak.sh. Each of
// --clients threads is one student on its own loopback address (127.0.0.2, .3, ...): it connects,
// chats --churn messages (questions and a guided-plan exchange), then disconnects (alternately with a
// close handshake and by dropping the socket) and reconnects, resuming its session (every
// --fresh-every'th connection starts a new one instead; 0 = never). Runs for --seconds. Every reply must
// answer its request (reply_to); any error frame, close, timeout or mismatch is counted and makes it exit 1.
//
//   careerbot-soak-client --port P [--seconds 60] [--clients 8] [--churn 20] [--pause-ms 5] [--fresh-every 0]
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "test_client.hpp"

using careerbot::testing::WsClient;
using careerbot::testing::WsOptions;
using Clock = std::chrono::steady_clock;

namespace {

struct Settings {
  unsigned short port = 0;
  int seconds = 60;
  int clients = 8;
  int churn = 20;
  int pause_ms = 5;
  int fresh_every = 0;
};

// Free questions plus the start of the guided plan, so answers, the planner and history all run.
const std::vector<std::string> kQuestions = {
    "what does an ML specialist do?",
    "am I eligible?",
    "i just finished 12th with pcm",
    "yes I want to do masters",
    "which companies hire in pune?",
    "how long does route 3 take?",
    "what is the salary?",
    "which courses should I take?",
    "ML specialist kaise bane, 10+2 ke baad",
    "What is the salery for a senior specialist?",
    "what is the meaning of quantum gravity",
    "thanks!",
};

struct Totals {
  std::atomic<long> turns{0};
  std::atomic<long> connections{0};
  std::atomic<long> errors{0};
  std::mutex first_error_mutex;
  std::string first_error;

  void fail(const std::string& what) {
    if (errors.fetch_add(1) == 0) {
      std::lock_guard lock(first_error_mutex);
      first_error = what;
    }
  }
};

// One conversation on one connection; returns the session id the server gave.
std::string converse(const Settings& s, const std::string& address, const std::string& session,
                     bool close_cleanly, long& next_id, Clock::time_point deadline, Totals& totals) {
  WsOptions options = WsOptions::from_address(address);
  if (!session.empty()) options.path = "/ws?session=" + session;
  WsClient client(s.port, options);
  const auto welcome = client.read_json(std::chrono::seconds(30));
  if (welcome.at("type") != "welcome") throw std::runtime_error("expected a welcome: " + welcome.dump());
  const std::string id = welcome.at("session_id");
  totals.connections.fetch_add(1);
  for (int i = 0; i < s.churn && Clock::now() < deadline; ++i) {
    const long request = next_id++;
    const auto& text = kQuestions[static_cast<std::size_t>(request) % kQuestions.size()];
    client.send_json({{"type", "message"}, {"text", text}, {"id", request}, {"explain", request % 5 == 0}});
    const auto reply = client.read_json(std::chrono::seconds(30));
    if (reply.at("type") != "reply" || reply.value("reply_to", -1L) != request) {
      throw std::runtime_error("request " + std::to_string(request) + " got " + reply.dump());
    }
    totals.turns.fetch_add(1);
    if (s.pause_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(s.pause_ms));
  }
  if (close_cleanly) client.close();  // otherwise the destructor drops the TCP connection mid-session
  return id;
}

void student(const Settings& s, int index, Clock::time_point deadline, Totals& totals) {
  const std::string address = "127.0.0." + std::to_string(2 + index);
  std::string session;
  long next_id = 1;
  for (long connection = 0; Clock::now() < deadline; ++connection) {
    try {
      const bool fresh = s.fresh_every > 0 && connection % s.fresh_every == s.fresh_every - 1;
      session = converse(s, address, fresh ? std::string() : session, connection % 2 == 0, next_id, deadline,
                         totals);
    } catch (const std::exception& e) {
      totals.fail(address + ": " + e.what());
      std::this_thread::sleep_for(std::chrono::milliseconds(200));  // do not spin on a dead server
    }
  }
}

Settings parse(int argc, char** argv) {
  Settings s;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const int value = std::atoi(argv[i + 1]);
    if (flag == "--port")
      s.port = static_cast<unsigned short>(value);
    else if (flag == "--seconds")
      s.seconds = value;
    else if (flag == "--clients")
      s.clients = value;
    else if (flag == "--churn")
      s.churn = value;
    else if (flag == "--pause-ms")
      s.pause_ms = value;
    else if (flag == "--fresh-every")
      s.fresh_every = value;
    else
      s.port = 0;
  }
  if (s.port == 0 || s.seconds <= 0 || s.clients <= 0 || s.clients > 250 || s.churn <= 0 ||
      s.fresh_every < 0) {
    std::cerr << "usage: careerbot-soak-client --port P [--seconds 60] [--clients 8 (max 250)] "
                 "[--churn 20] [--pause-ms 5] [--fresh-every 0]\n";
    std::exit(2);
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  const Settings settings = parse(argc, argv);
  const auto deadline = Clock::now() + std::chrono::seconds(settings.seconds);
  Totals totals;
  std::vector<std::thread> students;
  for (int i = 0; i < settings.clients; ++i)
    students.emplace_back([&, i] { student(settings, i, deadline, totals); });
  for (auto& t : students) t.join();
  std::cout << "soak-client: " << totals.turns << " turns, " << totals.connections << " connections, "
            << totals.errors << " errors\n";
  if (totals.errors > 0) std::cout << "soak-client: first error: " << totals.first_error << "\n";
  return totals.errors == 0 && totals.turns > 0 ? 0 : 1;
}
