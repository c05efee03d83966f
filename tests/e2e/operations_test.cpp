// What an operator sees of a real careerbot-server process: systemd notifications (a real
// NOTIFY_SOCKET datagram socket), JSON or text log lines on stderr, /readyz's named checks, and the
// build and process series in /metrics.
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>

#include <gtest/gtest.h>

#include "server_process.hpp"
#include "test_client.hpp"

namespace careerbot::testing {
namespace {

// The socket systemd would listen on: NOTIFY_SOCKET points the server here.
class NotifySocket {
 public:
  explicit NotifySocket(const std::string& path) : path_(path) {
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    path.copy(address.sun_path, sizeof address.sun_path - 1);
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
      throw std::runtime_error("cannot bind " + path);
  }
  ~NotifySocket() { ::close(fd_); }
  NotifySocket(const NotifySocket&) = delete;
  NotifySocket& operator=(const NotifySocket&) = delete;

  // The next datagram, or "" after `timeout`.
  std::string next(std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
    pollfd ready{fd_, POLLIN, 0};
    if (::poll(&ready, 1, static_cast<int>(timeout.count())) != 1) return "";
    char buffer[4096];
    const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
    return n > 0 ? std::string(buffer, static_cast<std::size_t>(n)) : "";
  }
  // Reads datagrams until one contains `wanted`; returns it, or "" when none comes within 3 minutes
  // (a deadline, not a count: watchdog pings keep arriving while a slow sanitizer build reloads).
  std::string until(const std::string& wanted) {
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::minutes(3);
    while (std::chrono::steady_clock::now() < give_up) {
      const std::string message = next();
      if (message.empty()) return "";
      seen_.push_back(message);
      if (message.find(wanted) != std::string::npos) return message;
    }
    return "";
  }
  const std::vector<std::string>& seen() const { return seen_; }

 private:
  std::string path_;
  int fd_ = -1;
  std::vector<std::string> seen_;
};

std::vector<std::string> lines_of(const std::string& file) {
  std::ifstream in(file);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(OperationsEndToEnd, SystemdNotificationsJsonLogsReadinessAndMetrics) {
  TempDir dir;
  build_knowledge_db(dir.file("knowledge.db"));
  NotifySocket notify(dir.file("notify.sock"));
  const std::string log = dir.file("server.log");
  // The child inherits these; systemd sets them for a Type=notify unit with WatchdogSec=.
  ::setenv("NOTIFY_SOCKET", dir.file("notify.sock").c_str(), 1);
  ::setenv("WATCHDOG_USEC", "400000", 1);  // a ping every 200 ms
  ServerProcess server({dir.file("sessions.db"), dir.file("knowledge.db"), "", "", {"--log-level", "info"}},
                       log);
  ::unsetenv("NOTIFY_SOCKET");
  ::unsetenv("WATCHDOG_USEC");

  const std::string ready = notify.until("READY=1");
  ASSERT_NE(ready, "") << "no READY=1";
  EXPECT_NE(ready.find("STATUS=serving on http://127.0.0.1:" + std::to_string(server.port())),
            std::string::npos)
      << ready;
  ASSERT_NE(notify.until("WATCHDOG=1"), "") << "no watchdog ping at half of WATCHDOG_USEC";
  ASSERT_NE(notify.until("WATCHDOG=1"), "") << "the watchdog pings more than once";

  // /readyz names every check it ran.
  const auto readyz = http_get(server.port(), "/readyz");
  EXPECT_EQ(readyz.status, 200) << readyz.body;
  const auto checks = readyz.json()["checks"];
  for (const char* name : {"knowledge_base", "session_store", "disk"})
    EXPECT_EQ(checks[name]["ok"], true) << name << ": " << readyz.body;

  // /metrics: the build and the process.
  const auto metrics = http_get(server.port(), "/metrics").body;
  EXPECT_TRUE(
      std::regex_search(metrics, std::regex(R"(careerbot_build_info\{version="[0-9.]+",commit="[^"]+"\} 1)")))
      << metrics;
  for (const char* series :
       {"process_cpu_seconds_total ", "process_resident_memory_bytes ", "process_open_fds ",
        "process_max_fds ", "process_start_time_seconds ", "process_virtual_memory_bytes "})
    EXPECT_NE(metrics.find(std::string("\n") + series), std::string::npos) << series;

  // A turn is logged without what the student typed (log_student_text is off).
  WsClient client(server.port());
  client.read_json();
  client.send_json({{"type", "message"}, {"text", "does a zebraquokka hire in pune?"}});
  client.read_json();
  client.close();

  // SIGHUP: RELOADING=1, then READY=1 saying the content went live.
  server.signal(SIGHUP);
  EXPECT_NE(notify.until("RELOADING=1"), "");
  const std::string reloaded = notify.until("READY=1");
  EXPECT_NE(reloaded.find("reloaded"), std::string::npos) << reloaded;

  EXPECT_EQ(server.stop(), 0);
  EXPECT_NE(notify.until("STOPPING=1"), "");

  const auto lines = lines_of(log);
  ASSERT_FALSE(lines.empty());
  std::vector<std::string> events;
  for (const auto& line : lines) {
    nlohmann::json parsed;
    ASSERT_NO_THROW(parsed = nlohmann::json::parse(line)) << "not one JSON object: " << line;
    EXPECT_EQ(line.rfind(R"({"ts":")", 0), 0u) << line;
    EXPECT_NE(line.find(R"(","level":")"), std::string::npos) << line;
    EXPECT_TRUE(parsed["event"].is_string()) << line;
    events.push_back(parsed["event"]);
    EXPECT_EQ(line.find("zebraquokka"), std::string::npos) << "student text in the log: " << line;
  }
  for (const char* event : {"listening", "turn", "content_reloaded", "shutting_down"})
    EXPECT_NE(std::find(events.begin(), events.end(), event), events.end()) << event;
}

TEST(OperationsEndToEnd, TextLogsOnRequestAndAFullDiskIsNotReady) {
  TempDir dir;
  build_knowledge_db(dir.file("knowledge.db"));
  const std::string log = dir.file("server.log");
  {
    ServerProcess server(
        {dir.file("sessions.db"),
         dir.file("knowledge.db"),
         "",
         "",
         {"--log-level", "info", "--log-format", "text", "--min-free-disk-mb", "1000000000"}},
        log);
    // No disk has a petabyte free: the disk check fails and says why; the others still pass.
    const auto readyz = http_get(server.port(), "/readyz");
    EXPECT_EQ(readyz.status, 503) << readyz.body;
    const auto body = readyz.json();
    EXPECT_EQ(body["error"]["code"], "unavailable");
    EXPECT_EQ(body["checks"]["disk"]["ok"], false);
    EXPECT_NE(body["checks"]["disk"]["detail"].get<std::string>().find("below the"), std::string::npos);
    EXPECT_EQ(body["checks"]["knowledge_base"]["ok"], true);
    EXPECT_EQ(server.stop(), 0);
  }
  const std::regex text_line(
      R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (debug|info|warn|error) [a-z_]+( .*)?$)");
  const auto lines = lines_of(log);
  ASSERT_FALSE(lines.empty());
  for (const auto& line : lines) EXPECT_TRUE(std::regex_match(line, text_line)) << line;
  EXPECT_NE(
      std::find_if(lines.begin(), lines.end(),
                   [](const std::string& l) { return l.find(" info listening ") != std::string::npos; }),
      lines.end());
}

}  // namespace
}  // namespace careerbot::testing
