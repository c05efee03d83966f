#include "server_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <thread>

namespace careerbot::testing {

std::string project_path(const std::string& relative) {
  return std::string(CAREERBOT_SOURCE_DIR) + "/" + relative;
}

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "careerbot-e2e-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string read_all(const std::string& path) {
  std::ifstream in(path);
  return {(std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>()};
}

std::string model_cache_dir() {
  const char* env = std::getenv("CAREERBOT_MODEL_CACHE_DIR");
  return env != nullptr && *env != '\0' ? env : (std::filesystem::current_path() / "var/models").string();
}

void build_knowledge_db(const std::string& out, const std::string& careers_dir) {
  const std::string source = careers_dir.empty() ? project_path("knowledge") : careers_dir;
  const std::string command = std::string(CAREERBOT_KB_BIN) + " build --source '" + source + "' --out '" +
                              out + "' --intents '" + project_path("intents") +
                              "' > /dev/null";  // also trains the classifiers (model_cache_dir())
  if (std::system(command.c_str()) != 0) throw std::runtime_error("careerbot-kb build failed: " + command);
}

ServerProcess::ServerProcess(ServerOptions options, const std::string& stderr_file) {
  if (options.intents_dir.empty()) options.intents_dir = project_path("intents");
  if (options.knowledge_dir.empty()) options.knowledge_dir = project_path("knowledge");
  std::vector<std::string> args = {CAREERBOT_SERVER_BIN,
                                   "--config",
                                   project_path("config/test.conf"),
                                   "--port",
                                   "0",
                                   "--sessions-db",
                                   options.sessions_db,
                                   "--knowledge-db",
                                   options.knowledge_db,
                                   "--intents-dir",
                                   options.intents_dir,
                                   "--knowledge-dir",
                                   options.knowledge_dir,
                                   "--web-root",
                                   project_path("server/web")};
  args.push_back("--model-cache-dir");
  args.push_back(model_cache_dir());
  args.insert(args.end(), options.extra_args.begin(), options.extra_args.end());

  int out[2];
  if (pipe(out) != 0) throw std::runtime_error("pipe failed");
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    if (!stderr_file.empty()) {
      const int err = open(stderr_file.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
      if (err < 0) _exit(126);
      dup2(err, STDERR_FILENO);
      close(err);
    }
    dup2(out[1], STDOUT_FILENO);
    close(out[0]);
    close(out[1]);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(out[1]);
  // Read stdout until the "listening on" line names the port.
  std::string seen;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  std::array<char, 256> buffer{};
  while (port_ == 0 && std::chrono::steady_clock::now() < deadline) {
    const ssize_t n = read(out[0], buffer.data(), buffer.size());
    if (n <= 0) break;
    seen.append(buffer.data(), static_cast<std::size_t>(n));
    const auto at = seen.find("listening on http://");
    const auto end = seen.find('\n', at == std::string::npos ? 0 : at);
    if (at != std::string::npos && end != std::string::npos) {
      const std::string line = seen.substr(at, end - at);
      port_ = static_cast<unsigned short>(std::stoi(line.substr(line.rfind(':') + 1)));
    }
  }
  close(out[0]);
  if (port_ == 0) {
    kill9();
    throw std::runtime_error("careerbot-server did not start; it printed: " + seen);
  }
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) stop();
}

void ServerProcess::signal(int signal_number) {
  if (pid_ > 0) ::kill(pid_, signal_number);
}

int ServerProcess::stop(int signal_number) {
  if (pid_ <= 0) return -1;
  ::kill(pid_, signal_number);
  int status = 0;
  for (int i = 0; i < 1000; ++i) {
    const pid_t done = waitpid(pid_, &status, WNOHANG);
    if (done == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  kill9();
  return -1;
}

void ServerProcess::kill9() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

}  // namespace careerbot::testing
