#include "app/application.hpp"

#include <pthread.h>
#include <signal.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <iostream>
#include <thread>

#include "app/admin_routes.hpp"
#include "common/free_memory.hpp"
#include "common/log.hpp"
#include "dialog/content.hpp"
#include "knowledge/builder.hpp"
#include "net/telegram_webhook.hpp"
#include "net/whatsapp_webhook.hpp"
#include "store/redis_session_store.hpp"

namespace careerbot::app {
namespace {

dialog::ContentPaths content_paths(const Config& config, const std::string& knowledge_db) {
  return {knowledge_db, config.intents_dir, config.model_cache_dir};
}

// The signals run() waits for. They are blocked before any thread starts (threads inherit the mask):
// a thread that did not block SIGTERM could take it and die of it, skipping the final flush.
sigset_t control_signals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGHUP);
  return signals;
}

}  // namespace

Application::Application(Config config) : config_(std::move(config)) {
  const sigset_t signals = control_signals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  ::signal(SIGPIPE, SIG_IGN);  // a closed stdout or socket must not kill the server
  log::set_level(config_.log_level);
  log::set_format(config_.log_format);
  auto content = dialog::load_content(content_paths(config_, config_.knowledge_db));
  for (const auto& problem : dialog::lint_content(*content))
    log::warn("content_lint", {{"problem", problem}});
  // A safeguarding file that lets a crisis message go unrecognised (or get the wrong reply) must not
  // serve students; a reload with it is refused the same way.
  if (const auto blocking = dialog::blocking_problems(*content); !blocking.empty()) {
    std::string message = "safeguarding content has " + std::to_string(blocking.size()) +
                          " error(s); fix them (careerbot-lint shows them all) before starting:";
    for (const auto& problem : blocking) message += "\n  " + problem;
    throw std::runtime_error(message);
  }
  release_free_memory();  // what loading freed (model files, parse temporaries) leaves the start footprint
  std::filesystem::path sessions(config_.sessions_db);
  if (sessions.has_parent_path()) std::filesystem::create_directories(sessions.parent_path());
  if (config_.session_store == SessionBackend::redis) {
    // Shared by every instance; TTL = idle timeout, so Redis expires idle sessions itself.
    store::RedisSessionStoreOptions redis;
    redis.host = config_.redis_host;
    redis.port = config_.redis_port;
    redis.unix_socket = config_.redis_unix_socket;
    redis.user = config_.redis_user;
    redis.password = config_.redis_password;
    redis.db = config_.redis_db;
    redis.key_prefix = config_.redis_key_prefix;
    redis.timeout = config_.redis_timeout;
    redis.ttl = config_.session_idle_timeout;
    store_ = std::make_unique<store::RedisSessionStore>(std::move(redis));
  } else {
    store::SqliteSessionStoreOptions sqlite;
    sqlite.max_pending = config_.sessions_max_unsaved;
    sqlite.max_db_bytes = config_.sessions_db_max_mb * 1024ULL * 1024ULL;
    auto store = std::make_unique<store::SqliteSessionStore>(sessions, sqlite);
    sqlite_store_ = store.get();
    store_ = std::move(store);
  }
  chatbot_ =
      std::make_unique<dialog::Chatbot>(std::move(content), *store_,
                                        dialog::ChatbotOptions{config_.history_turns,
                                                               config_.session_idle_timeout,
                                                               config_.session_memory_idle,
                                                               {config_.helpline, config_.counsellor_contact},
                                                               config_.max_stored_sessions});
  unanswered_ = std::make_unique<store::UnansweredLog>(sessions.parent_path() / "unanswered.db");
  chatbot_->set_unanswered_log(unanswered_.get());
  flags_ = std::make_unique<store::FlagStore>(sessions.parent_path() / "flags.db");
  chatbot_->set_flag_store(flags_.get());
  server_ = std::make_unique<net::Server>(config_, *chatbot_);
  add_admin_routes(*server_, config_, *unanswered_, [this] { return reload(); });
  add_flag_routes(*server_, config_, *flags_);
  // The Telegram webhook exists only with a secret; without one its path answers 404. The route owns
  // the webhook; the server (and with it the route) is destroyed before the chatbot.
  if (!config_.telegram_secret.empty()) {
    auto telegram = std::make_shared<net::TelegramWebhook>(config_, *chatbot_, server_->metrics(),
                                                           sessions.parent_path() / "telegram.db");
    server_->add_route("POST", "/webhooks/telegram",
                       [telegram](const net::HttpRequest& request) { return telegram->handle(request); });
  } else {
    server_->add_route("POST", "/webhooks/telegram", [](const net::HttpRequest&) {
      return net::error_response(protocol::ErrorCode::not_found, "no such endpoint");
    });
  }
  // WhatsApp exists only with its four secrets; without them its path answers 404. Its sender threads
  // start now, before any delivery can arrive.
  if (whatsapp_enabled(config_)) {
    whatsapp_ = std::make_shared<net::WhatsAppWebhook>(config_, *chatbot_, server_->metrics(),
                                                       sessions.parent_path() / "whatsapp.db");
    whatsapp_->add_metrics(server_->metrics());
    whatsapp_->start();
  }
  net::add_whatsapp_routes(*server_, whatsapp_);
  add_readiness_checks(sessions.parent_path().string());
  // A safeguarding flag that cannot be written is retried; operators alert on these.
  store::FlagStore* flags = flags_.get();
  server_->metrics().add_source("careerbot_flag_write_failures_total",
                                "Failed attempts to write a safeguarding flag (each is retried).", "counter",
                                [flags] { return static_cast<std::int64_t>(flags->failed_writes()); });
  server_->metrics().add_source("careerbot_flags_lost_total",
                                "Safeguarding flags given up on after every retry failed.", "counter",
                                [flags] { return static_cast<std::int64_t>(flags->dropped()); });
  server_->metrics().add_source("careerbot_flags_pending", "Safeguarding flags waiting to be written.",
                                "gauge", [flags] { return static_cast<std::int64_t>(flags->pending()); });
  dialog::Chatbot* chatbot = chatbot_.get();
  server_->metrics().add_source("careerbot_sessions_expired_total", "Stored sessions removed for idleness.",
                                "counter",
                                [chatbot] { return static_cast<std::int64_t>(chatbot->expired_sessions()); });
  server_->metrics().add_source("careerbot_sessions_evicted_total",
                                "Least recently used sessions removed to stay under max_stored_sessions.",
                                "counter",
                                [chatbot] { return static_cast<std::int64_t>(chatbot->evicted_sessions()); });
  server_->metrics().add_source("careerbot_sessions_stored",
                                "Sessions in the store at the last expiry run (-1 before the first).",
                                "gauge", [chatbot] { return chatbot->stored_sessions(); });
  // A full or failing disk: alert on a rising failure count; the gauge shows the memory it holds.
  if (store::SqliteSessionStore* sqlite = sqlite_store_) {
    server_->metrics().add_source("careerbot_session_store_write_failures_total",
                                  "Failed attempts to write sessions to sessions_db (each is retried).",
                                  "counter",
                                  [sqlite] { return static_cast<std::int64_t>(sqlite->failed_writes()); });
    server_->metrics().add_source("careerbot_sessions_unsaved",
                                  "Sessions waiting in memory to be written to sessions_db.", "gauge",
                                  [sqlite] { return static_cast<std::int64_t>(sqlite->unsaved_count()); });
  }
  // A shared store keeps no session in memory: the gauge would always say 0, so it is left out.
  if (!store_->shared()) {
    server_->metrics().set_active_sessions_source([this]() -> std::optional<std::int64_t> {
      return static_cast<std::int64_t>(chatbot_->live_sessions());
    });
  }
}

void Application::add_readiness_checks(const std::string& data_folder) {
  // The router already checks that content is loaded ("knowledge_base"); these add the rest.
  server_->readiness().add("session_store", [this] {
    store_->check_health();  // throws SessionStoreError with what is wrong
    return net::CheckResult{true,
                            config_.session_store == SessionBackend::redis ? "redis answers" : "sqlite ok"};
  });
  const unsigned long long min_free = config_.min_free_disk_mb * 1024ULL * 1024ULL;
  server_->readiness().add("disk", [data_folder, min_free] {
    return net::check_disk(data_folder.empty() ? "." : data_folder, min_free);
  });
}

Application::~Application() {
  // A destructor must not throw (that would be std::terminate, and a core instead of a message).
  if (server_) server_->stop();
  if (whatsapp_) whatsapp_->stop();  // its turns finish before the sessions are flushed
  if (chatbot_) (void)final_flush();
  try {
    if (unanswered_) unanswered_->flush();
  } catch (const std::exception& e) {
    log::error("unanswered_not_saved", {{"what", e.what()}});
  }
}

bool Application::final_flush() noexcept {
  if (flushed_) return true;
  try {
    chatbot_->flush();
    flushed_ = true;
    return true;
  } catch (const std::exception& e) {
    log::error("sessions_not_saved", {{"what", e.what()}});
  } catch (...) {
    log::error("sessions_not_saved", {{"what", "unknown exception"}});
  }
  std::cerr << "careerbot: sessions not saved at shutdown (see the sessions_not_saved log line)\n";
  return false;
}

ReloadResult Application::reload() {
  std::lock_guard lock(reload_mutex_);
  ReloadResult result;
  // Build next to the live database, then load and lint before anything is swapped.
  const std::string candidate = config_.knowledge_db + ".reload";
  const auto build = knowledge::build_knowledge({config_.knowledge_dir + "/careers"}, candidate);
  if (!build.ok()) {
    for (const auto& error : build.errors.all()) result.errors.push_back(error.what());
    return result;
  }
  try {
    auto content = dialog::load_content(content_paths(config_, candidate));
    result.errors = dialog::lint_content(*content);
    if (!result.errors.empty()) return result;
    // The new content keeps its own open handles; the file takes the live name for the next start.
    std::filesystem::rename(candidate, config_.knowledge_db);
    result.content_hash = content->knowledge->content_hash();
    chatbot_->replace_content(std::move(content));
    release_free_memory();  // the load's temporaries (the old content goes when its last turn ends)
    result.ok = true;
  } catch (const std::exception& e) {
    result.errors.push_back(e.what());
  }
  return result;
}

int Application::run() {
  // Every thread blocks these (see the constructor); this one waits for them synchronously.
  const sigset_t signals = control_signals();

  net::raise_open_file_limit();
  server_->start();
  const std::string url = "http://" + config_.bind_address + ":" + std::to_string(server_->port());
  // Scripts and tests read the port from this stdout line; the log line ("listening") is on stderr.
  std::cout << "careerbot listening on " << url << std::endl;
  notifier_.ready("serving on " + url);
  notifier_.start_watchdog();

  // Forget idle sessions once a minute, off the I/O threads.
  std::mutex stop_mutex;
  std::condition_variable stop_cv;
  bool stopping = false;
  std::thread janitor([&] {
    std::unique_lock lock(stop_mutex);
    while (!stop_cv.wait_for(lock, std::chrono::seconds(60), [&] { return stopping; })) {
      lock.unlock();
      try {
        chatbot_->expire_idle();
      } catch (const std::exception& e) {
        log::error("session_expiry_failed", {{"what", e.what()}});
      }
      lock.lock();
    }
  });

  for (;;) {
    int signal_number = 0;
    if (sigwait(&signals, &signal_number) != 0) continue;
    if (signal_number == SIGHUP) {
      notifier_.reloading();
      const ReloadResult result = reload();
      if (result.ok) {
        log::info("content_reloaded", {{"content_hash", result.content_hash}});
        notifier_.ready("serving on " + url + "; content " + result.content_hash + " reloaded");
      } else {  // the previous content stays live
        log::error("content_reload_refused", {{"errors", result.errors}});
        notifier_.ready("serving on " + url + "; content reload refused (" +
                        std::to_string(result.errors.size()) + " errors), the previous content stays live");
      }
      continue;
    }
    break;
  }
  log::info("shutting_down");
  notifier_.stopping();
  {
    std::lock_guard lock(stop_mutex);
    stopping = true;
  }
  stop_cv.notify_all();
  janitor.join();
  server_->stop();                   // stop accepting, close sockets, finish in-flight turns
  if (whatsapp_) whatsapp_->stop();  // answer the WhatsApp messages taken, send what can be sent
  // Every accepted turn is on disk before we exit; when the store fails, say so and exit 1.
  return final_flush() ? 0 : 1;
}

}  // namespace careerbot::app
