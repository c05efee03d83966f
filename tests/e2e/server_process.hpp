#pragma once
// Runs the real careerbot-server binary for end-to-end tests: on 127.0.0.1 with port 0, with its own
// temporary sessions database and a knowledge base built from the project's knowledge/ by the real
// careerbot-kb. Waits (with a deadline) for the "listening on" line to learn the port; stop() sends
// SIGTERM and returns the exit status, kill9() simulates a crash.

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace careerbot::testing {

// A fresh directory under /tmp, removed with its contents on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const noexcept { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// Builds knowledge/careers (or `careers_dir`) into `out` with careerbot-kb; throws on failure.
void build_knowledge_db(const std::string& out, const std::string& careers_dir = "");

struct ServerOptions {
  std::string sessions_db;    // required
  std::string knowledge_db;   // required
  std::string intents_dir;    // default: the project's intents/
  std::string knowledge_dir;  // default: the project's knowledge/
  std::vector<std::string> extra_args;
};

class ServerProcess {
 public:
  // `stderr_file`: where the server's stderr (its JSON log lines) goes; empty keeps the test's stderr.
  explicit ServerProcess(ServerOptions options, const std::string& stderr_file = {});
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  unsigned short port() const noexcept { return port_; }
  pid_t pid() const noexcept { return pid_; }
  // SIGTERM (or `signal`), then waits up to 10 s; returns the exit status (-1 if it had to be killed).
  int stop(int signal_number = 15);
  // SIGKILL: a crash, with no chance to flush.
  void kill9();
  // Sends a signal without waiting (e.g. SIGHUP to reload).
  void signal(int signal_number);

 private:
  pid_t pid_ = -1;
  unsigned short port_ = 0;
};

std::string project_path(const std::string& relative);
// The whole file at `path` (empty when it cannot be read).
std::string read_all(const std::string& path);
// Where the servers these tests start keep trained classifiers: $CAREERBOT_MODEL_CACHE_DIR (ctest sets
// it to the train_models fixture's cache), else ./var/models.
std::string model_cache_dir();

}  // namespace careerbot::testing
