#pragma once
// The chatbot: one `handle(session, text)` shared by the WebSocket, REST, Telegram and the tests.
// It resolves the career in focus, follows up on the last topic, runs the guided planner, renders
// answers from the knowledge base and remembers the conversation in a SessionStore.
//
// Thread-safety: every public method may be called from any thread. Sessions live in a sharded map;
// one session's turns are serialised by its own mutex, so different students never wait for each
// other. Content is swapped atomically (replace_content) and each turn uses one version throughout.
//
// Two ways of keeping sessions, chosen by the store:
// - unshared (SQLite, one process): sessions live in memory and a persister thread writes changed
//   ones behind (see kPersistInterval); a turn never waits for the disk.
// - shared (Redis, several instances): another instance may have served the last turn, so nothing
//   is kept in memory. Every open, reset and turn loads the session, runs, and saves it with the
//   version check BEFORE the reply is returned; when another instance saved first (a conflict), the
//   turn is re-run on the newer state, up to kSharedAttempts times, then fails as unavailable.
//
// Safety never depends on storage: every turn first screens the message for safeguarding (no session,
// no store). A flagged message is handed to the FlagStore (which writes it on its own thread) before
// any session is looked up, and a definite concern is answered right away; its history line (a
// placeholder, never the text) is added to the session afterwards by the background thread, retried
// a bounded number of times while the store is down. When the store fails during a turn the
// classifier was unsure about, the student still gets the gentle check with the helpline.
//
// A store whose writes fail (a full disk) refuses new sessions (SessionStore::check_can_start_session):
// a first message then gets SessionRefusedError, while conversations already going are answered from
// memory, and safeguarding replies go out as always. Memory stays bounded by the conversations that
// were going when the writes began to fail.

#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "common/log_backoff.hpp"
#include "dialog/chat_service.hpp"
#include "dialog/content.hpp"
#include "dialog/safeguarding.hpp"
#include "dialog/session_state.hpp"
#include "store/flag_store.hpp"
#include "store/session_store.hpp"
#include "store/unanswered_log.hpp"

namespace careerbot::dialog {

struct ChatbotOptions {
  std::size_t history_turns = 20;            // turns kept per session and replayed on resume
  std::chrono::seconds idle_timeout{86400};  // sessions idle longer than this are forgotten
  // Sessions unused this long leave memory (they stay in the store and are reloaded on the next
  // message), so memory follows the students chatting now, not everyone seen within idle_timeout.
  std::chrono::seconds memory_idle{600};
  SafeguardingContacts contacts;  // helpline and counsellor named in safeguarding replies
  // Stored sessions kept at most; expire_idle evicts the least recently used beyond it.
  std::size_t max_stored_sessions = 1'000'000;
};

class Chatbot final : public ChatService {
 public:
  Chatbot(std::shared_ptr<const Content> content, store::SessionStore& store, ChatbotOptions options = {});
  ~Chatbot() override;

  Welcome open(std::string_view requested_id) override;
  Welcome reset(std::string_view session_id) override;
  Reply handle(std::string_view session_id, std::string_view text) override;
  nlohmann::json explain(std::string_view session_id, std::string_view text) override;
  Reply handle_explained(std::string_view session_id, std::string_view text,
                         nlohmann::json& account) override;
  bool ready() const override { return content() != nullptr; }
  // Only a shared store waits on the network within a turn. The embedded one writes behind; its
  // reads (a session resumed after leaving memory) are local file reads, WAL never holding them.
  bool calls_may_block() const noexcept override { return shared_; }

  // Swaps in new content; turns already running finish with the old one.
  void replace_content(std::shared_ptr<const Content> content);
  std::shared_ptr<const Content> content() const;

  // Where genuine fallbacks are counted for counsellors (optional; not owned).
  void set_unanswered_log(store::UnansweredLog* log) noexcept { unanswered_ = log; }
  // Where safeguarding flags go for human follow-up (optional; not owned). A flagged turn keeps the
  // student's text only there: history stores a placeholder, the unanswered log nothing.
  void set_flag_store(store::FlagStore* flags) noexcept { flags_ = flags; }

  // Stores every changed session now and waits until the store has them on disk (shutdown).
  void flush();

  // Sessions held in memory (always 0 with a shared store, which keeps none).
  std::size_t live_sessions() const;
  // Releases from memory the sessions unused for memory_idle (once stored), drops those idle for
  // longer than idle_timeout from the store, then the least recently used beyond
  // max_stored_sessions; returns how many the store removed.
  std::size_t expire_idle();
  // For metrics: sessions removed by age and by the cap since start, and stored at the last expiry.
  std::uint64_t expired_sessions() const noexcept { return expired_.load(std::memory_order_relaxed); }
  std::uint64_t evicted_sessions() const noexcept { return evicted_.load(std::memory_order_relaxed); }
  std::int64_t stored_sessions() const noexcept { return stored_.load(std::memory_order_relaxed); }

 private:
  struct Live {
    std::mutex mutex;
    SessionState state;
    std::int64_t touched = 0;
    std::uint64_t stored_version = 0;  // the last version the store has: only then may it leave memory
    bool released = false;             // dropped from memory by expire_idle: look it up again
  };
  // A session found (or loaded) and locked for one turn.
  struct Locked {
    std::shared_ptr<Live> live;
    std::unique_lock<std::mutex> lock;
  };
  struct Shard {
    mutable std::mutex mutex;
    std::unordered_map<std::string, std::shared_ptr<Live>> sessions;
  };
  static constexpr std::size_t kShards = 32;

  Shard& shard_for(std::string_view id) const;
  std::shared_ptr<Live> find_live(std::string_view id);
  // find_live and lock it; retries when expire_idle released it meanwhile. Empty when unknown.
  Locked lock_live(std::string_view id);
  std::shared_ptr<Live> create_live(std::string& id_out);
  std::shared_ptr<Live> create_live_as(const std::string& id);
  // Ids given out by open() but not stored yet: a session is created (under that id) by its first
  // message, so connecting costs nothing stored. Bounded (kIssuedCap, oldest forgotten first) and
  // valid for idle_timeout; a client-chosen id is never in it, so it is never adopted.
  std::string issue_id();
  bool was_issued(const std::string& id);
  void forget_issued(const std::string& id);
  // Marks the session for the persister thread (it serialises and stores it within kPersistInterval).
  void save(const std::string& id, Live& live);
  void persist_loop();
  // The history line of a safeguarding turn answered without its session: added now when the session
  // is in memory, else queued for the background thread (never waits for the store, never throws).
  void remember_withheld(const std::string& id, const Reply& reply) noexcept;
  // Adds queued history lines (background thread); a line the store keeps refusing is dropped after
  // kWithheldAttempts rounds.
  void apply_withheld();
  // Takes the lines queued for `id` (a turn adds them first, so history keeps its order).
  std::vector<HistoryTurn> take_withheld(const std::string& id);
  // Serialises and stores every session changed since the last call (throws SessionStoreError).
  void persist_dirty();
  Reply turn(std::string_view session_id, std::string_view text, nlohmann::json* account);
  Welcome welcome_for(const std::string& id, const SessionState& state, bool resumed) const;

  // Shared store: loads `id` (a fresh state when nothing is stored and `create`), lets `change` alter
  // it and saves it as the next version; re-runs `change` on the newer state after a conflict.
  // Returns false (and calls nothing) when nothing is stored and !create.
  bool update_shared(const std::string& id, bool create, const std::function<void(SessionState&)>& change);
  std::mutex& shared_lock_for(std::string_view id);
  Welcome open_shared(std::string_view requested_id);
  Welcome reset_shared(std::string_view session_id);

  mutable std::mutex content_mutex_;
  std::shared_ptr<const Content> content_;
  store::SessionStore& store_;
  ChatbotOptions options_;
  std::atomic<store::UnansweredLog*> unanswered_{nullptr};
  std::atomic<store::FlagStore*> flags_{nullptr};
  std::atomic<std::uint64_t> expired_{0};
  std::atomic<std::uint64_t> evicted_{0};
  std::atomic<std::int64_t> stored_{-1};  // -1: not counted yet
  mutable std::unique_ptr<Shard[]> shards_;
  static constexpr std::size_t kIssuedCap = 200000;
  std::mutex issued_mutex_;
  std::unordered_map<std::string, std::int64_t> issued_;  // id -> when issued (unix seconds)
  std::deque<std::string> issued_order_;

  // Shared store: one instance's own turns of a session wait for each other here instead of
  // conflicting in the store; conflicts then come only from other instances.
  static constexpr int kSharedAttempts = 5;
  const bool shared_;
  std::array<std::mutex, 64> shared_locks_;

  // Write-behind: turns only mark their session dirty; one thread turns them into store saves.
  // With the SQLite store's own 200 ms batching a crash loses at most ~300 ms of turns.
  static constexpr std::chrono::milliseconds kPersistInterval{100};
  std::mutex dirty_mutex_;
  std::condition_variable dirty_wake_;
  std::unordered_set<std::string> dirty_;
  struct Withheld {
    std::vector<HistoryTurn> turns;
    int attempts = 0;
  };
  static constexpr std::size_t kWithheldCap = 10000;
  static constexpr int kWithheldAttempts = 100;  // rounds of kPersistInterval: about ten seconds
  std::mutex withheld_mutex_;
  std::unordered_map<std::string, Withheld> withheld_;
  bool stopping_ = false;
  log::LogBackoff save_failure_log_;  // sessions_save_failed, from the persister thread
  std::thread persister_;             // last: started after everything it uses
};

}  // namespace careerbot::dialog
