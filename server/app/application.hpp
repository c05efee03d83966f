#pragma once
// Puts careerbot together: content (knowledge base, intents, answers, flows), the session store, the
// chatbot and the network server, plus the jobs a running server needs (idle-session expiry, content
// reload). main() only parses the configuration and calls run().
//
// Thread-safety: run() is called once; reload() may be called from any thread (signals, admin).

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "app/service_notifier.hpp"
#include "common/config.hpp"
#include "dialog/chatbot.hpp"
#include "net/server.hpp"
#include "store/flag_store.hpp"
#include "store/sqlite_session_store.hpp"

namespace careerbot::net {
class WhatsAppWebhook;
}

namespace careerbot::app {

struct ReloadResult {
  bool ok = false;
  std::vector<std::string> errors;  // build or lint errors, "file:line: problem"
  std::string content_hash;
};

class Application {
 public:
  // Loads content and opens the stores; throws with a clear message when something is missing.
  explicit Application(Config config);
  ~Application();

  // Starts serving and blocks until SIGINT or SIGTERM, then shuts down gracefully. SIGHUP reloads
  // content. Returns the process exit code: 0, or 1 when the sessions could not be saved at the end.
  int run();

  // Rebuilds the knowledge base from its sources into a temporary file, loads and lints everything,
  // and swaps it in only when all is well; otherwise the old content stays live.
  ReloadResult reload();

 private:
  // /readyz: the session store answers and the disk under `data_folder` takes writes.
  void add_readiness_checks(const std::string& data_folder);

  Config config_;
  ServiceNotifier notifier_;                           // systemd: ready, reloading, stopping, watchdog
  std::unique_ptr<store::SessionStore> store_;         // SQLite or Redis, from config
  store::SqliteSessionStore* sqlite_store_ = nullptr;  // store_ when it is SQLite (its metrics)
  std::unique_ptr<store::UnansweredLog> unanswered_;
  std::unique_ptr<store::FlagStore> flags_;  // safeguarding flags, next to the sessions database
  std::unique_ptr<dialog::Chatbot> chatbot_;
  std::unique_ptr<net::Server> server_;
  // Null when WhatsApp is off. Shared with its routes; stopped after the server, before the flush.
  std::shared_ptr<net::WhatsAppWebhook> whatsapp_;
  std::mutex reload_mutex_;
  // Flushes the sessions once; a store failure is logged (sessions_not_saved), never thrown.
  bool final_flush() noexcept;
  bool flushed_ = false;
};

}  // namespace careerbot::app
