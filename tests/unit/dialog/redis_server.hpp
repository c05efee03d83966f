#pragma once
// A real redis-server for tests: on 127.0.0.1 and a free port, with its own data directory and the
// append-only file on (as scripts/cluster.sh runs it), so a restart keeps what was saved. stop() is a
// graceful SIGTERM (Redis writes its AOF), freeze()/thaw() make it hang (SIGSTOP/SIGCONT) to test
// timeouts. start() returns once Redis answers PING (its AOF loaded). Tests call GTEST_SKIP when available()
// is false (redis-server not installed).

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "free_ports.hpp"

namespace careerbot::testing {

class RedisServer {
 public:
  static constexpr const char* kBinary = "/usr/bin/redis-server";
  static bool available() { return ::access(kBinary, X_OK) == 0; }

  // `extra_args`: more redis-server flags, e.g. {"--requirepass", "pw"}.
  explicit RedisServer(std::vector<std::string> extra_args = {})
      : extra_args_(std::move(extra_args)),
        dir_(std::filesystem::temp_directory_path() /
             ("careerbot-redis-" + std::to_string(::getpid()) + "-" + std::to_string(next_id()))),
        port_(free_port()) {
    std::filesystem::create_directories(dir_);
    start();
  }
  ~RedisServer() {
    kill_now();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  RedisServer(const RedisServer&) = delete;
  RedisServer& operator=(const RedisServer&) = delete;

  unsigned short port() const noexcept { return port_; }
  // Redis also listens on this unix socket.
  std::string unix_socket() const { return (dir_ / "redis.sock").string(); }

  void start() {
    const std::string port = std::to_string(port_);
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      std::vector<std::string> args = {kBinary,
                                       "--port",
                                       port,
                                       "--bind",
                                       "127.0.0.1",
                                       "--dir",
                                       dir_.string(),
                                       "--appendonly",
                                       "yes",
                                       "--appendfsync",
                                       "everysec",
                                       "--save",
                                       "",
                                       "--daemonize",
                                       "no",
                                       "--loglevel",
                                       "warning",
                                       "--logfile",
                                       (dir_ / "redis.log").string(),
                                       "--unixsocket",
                                       unix_socket(),
                                       "--unixsocketperm",
                                       "700"};
      args.insert(args.end(), extra_args_.begin(), extra_args_.end());
      std::vector<char*> argv;
      for (auto& arg : args) argv.push_back(arg.data());
      argv.push_back(nullptr);
      ::execv(kBinary, argv.data());
      ::_exit(127);
    }
    // Wait (generously: a loaded CI machine) until it accepts connections.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!accepts()) {
      if (std::chrono::steady_clock::now() > deadline) throw std::runtime_error("redis-server did not start");
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  // Graceful: Redis fsyncs its AOF on SIGTERM.
  void stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  void restart() {
    stop();
    start();
  }
  void freeze() { ::kill(pid_, SIGSTOP); }
  void thaw() { ::kill(pid_, SIGCONT); }

 private:
  static int next_id() {
    static int id = 0;
    return ++id;
  }
  // Ready means PING answers +PONG: while Redis loads its AOF it accepts connections but answers
  // every command with -LOADING.
  bool accepts() const {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(port_);
    bool ready = false;
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
        ::write(fd, "PING\r\n", 6) == 6) {
      char reply[16] = {};
      // With a password set, an unauthenticated PING gets -NOAUTH once the AOF is loaded.
      ready = ::read(fd, reply, sizeof reply - 1) >= 5 && (std::string_view(reply).starts_with("+PONG") ||
                                                           std::string_view(reply).starts_with("-NOAUTH"));
    }
    ::close(fd);
    return ready;
  }
  void kill_now() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGCONT);
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

  std::vector<std::string> extra_args_;
  std::filesystem::path dir_;
  unsigned short port_;
  pid_t pid_ = -1;
};

}  // namespace careerbot::testing
