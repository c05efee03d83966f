#include "nginx_process.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <thread>

#include "free_ports.hpp"
#include "server_process.hpp"
#include "test_client.hpp"

namespace careerbot::testing {
namespace {

const char* kNginx = "/usr/sbin/nginx";

}  // namespace

bool nginx_installed() {
  return ::access(kNginx, X_OK) == 0;
}

NginxProcess::NginxProcess(const std::string& state_dir, const std::vector<unsigned short>& upstream_ports) {
  std::filesystem::create_directories(state_dir + "/nginx");
  std::filesystem::create_directories(state_dir + "/logs");
  port_ = free_port();
  std::string command =
      "bash '" + project_path("scripts/nginx-config.sh") + "' '" + state_dir + "' " + std::to_string(port_);
  for (const auto upstream : upstream_ports) command += " " + std::to_string(upstream);
  command += " > '" + state_dir + "/nginx.conf'";
  if (std::system(command.c_str()) != 0) throw std::runtime_error("nginx-config.sh failed: " + command);

  const std::string error_log = state_dir + "/logs/nginx-error.log";
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    const std::string prefix = state_dir + "/nginx", config = state_dir + "/nginx.conf";
    execl(kNginx, kNginx, "-p", prefix.c_str(), "-e", error_log.c_str(), "-c", config.c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("nginx exited at start: " + read_all(error_log));
    }
    try {
      if (http_get(port_, "/healthz").status == 200) return;
    } catch (const std::exception&) {
      // not listening yet
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ::kill(pid_, SIGKILL);  // the destructor does not run for a constructor that throws
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
  throw std::runtime_error("nginx did not answer /healthz: " + read_all(error_log));
}

NginxProcess::~NginxProcess() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);  // fast shutdown: a graceful one would wait for open WebSockets
  for (int i = 0; i < 200; ++i) {
    if (waitpid(pid_, nullptr, WNOHANG) == pid_) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  ::kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
}

}  // namespace careerbot::testing
