#include "dialog/chatbot.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <functional>

#include "common/concat.hpp"
#include "common/log.hpp"
#include "dialog/responder.hpp"
#include "dialog/session_id.hpp"

namespace careerbot::dialog {
namespace {

std::int64_t now_seconds() {
  return static_cast<std::int64_t>(std::time(nullptr));
}

// What session history keeps of a message safeguarding flagged: the text itself lives only in the flag.
constexpr std::string_view kWithheld = "[message withheld: safeguarding]";

}  // namespace

Chatbot::Chatbot(std::shared_ptr<const Content> content, SessionStore& store, ChatbotOptions options)
    : content_(std::move(content)),
      store_(store),
      options_(options),
      shards_(new Shard[kShards]),
      shared_(store.shared()) {
  persister_ = std::thread([this] { persist_loop(); });
}

Chatbot::~Chatbot() {
  {
    std::lock_guard lock(dirty_mutex_);
    stopping_ = true;
  }
  dirty_wake_.notify_all();
  persister_.join();
  try {
    persist_dirty();
  } catch (const std::exception& e) {
    log::error("sessions_not_saved", {{"what", e.what()}, {"at", "exit"}});
  }
}

void Chatbot::persist_loop() {
  std::unique_lock lock(dirty_mutex_);
  while (!stopping_) {
    dirty_wake_.wait_for(lock, kPersistInterval, [this] { return stopping_; });
    lock.unlock();
    try {
      persist_dirty();
    } catch (const std::exception& e) {
      // The store is down: the sessions stay dirty in memory and are retried next round.
      log::error("sessions_save_failed", {{"what", e.what()}});
    }
    lock.lock();
  }
}

void Chatbot::persist_dirty() {
  std::unordered_set<std::string> batch;
  {
    std::lock_guard lock(dirty_mutex_);
    batch.swap(dirty_);
  }
  for (auto it = batch.begin(); it != batch.end();) {
    std::shared_ptr<Live> live;
    {
      Shard& shard = shard_for(*it);
      std::lock_guard lock(shard.mutex);
      if (const auto found = shard.sessions.find(*it); found != shard.sessions.end()) live = found->second;
    }
    if (live) {
      // Serialising here, not on the I/O thread, is what keeps a chat turn cheap.
      StoredSession stored;
      {
        std::lock_guard lock(live->mutex);
        stored = {*it, live->state.to_json(), live->touched, live->state.version};
      }
      try {
        store_.save(stored);
        std::lock_guard lock(live->mutex);
        live->stored_version = std::max(live->stored_version, stored.version);
      } catch (...) {
        std::lock_guard lock(dirty_mutex_);
        dirty_.insert(batch.begin(), batch.end());  // retry all that is left next round
        throw;
      }
    }
    it = batch.erase(it);
  }
}

void Chatbot::flush() {
  persist_dirty();
  store_.flush();
}

std::shared_ptr<const Content> Chatbot::content() const {
  std::lock_guard lock(content_mutex_);
  return content_;
}

void Chatbot::replace_content(std::shared_ptr<const Content> content) {
  std::lock_guard lock(content_mutex_);
  content_ = std::move(content);
}

Chatbot::Shard& Chatbot::shard_for(std::string_view id) const {
  return shards_[std::hash<std::string_view>{}(id) % kShards];
}

std::shared_ptr<Chatbot::Live> Chatbot::find_live(std::string_view id) {
  if (!looks_like_session_id(id)) return nullptr;
  Shard& shard = shard_for(id);
  {
    std::lock_guard lock(shard.mutex);
    if (const auto it = shard.sessions.find(std::string(id)); it != shard.sessions.end()) return it->second;
  }
  // Not in memory: a reconnect after a restart, or a session another process saved.
  const auto stored = store_.load(id);
  if (!stored) return nullptr;
  auto live = std::make_shared<Live>();
  live->state = SessionState::from_json(stored->state);
  live->state.version = stored->version;
  live->stored_version = stored->version;
  live->touched = now_seconds();
  std::lock_guard lock(shard.mutex);
  // Another thread may have loaded it meanwhile: keep the first so both share one mutex.
  return shard.sessions.emplace(std::string(id), std::move(live)).first->second;
}

Chatbot::Locked Chatbot::lock_live(std::string_view id) {
  for (;;) {
    auto live = find_live(id);
    if (!live) return {};
    std::unique_lock lock(live->mutex);
    if (!live->released) return {std::move(live), std::move(lock)};
  }
}

std::shared_ptr<Chatbot::Live> Chatbot::create_live(std::string& id_out) {
  id_out = new_session_id();
  auto live = std::make_shared<Live>();
  live->state.created_at = now_seconds();
  live->touched = live->state.created_at;
  Shard& shard = shard_for(id_out);
  std::lock_guard lock(shard.mutex);
  shard.sessions.emplace(id_out, live);
  return live;
}

void Chatbot::save(const std::string& id, Live& live) {
  live.touched = now_seconds();
  live.state.version += 1;
  std::lock_guard lock(dirty_mutex_);
  dirty_.insert(id);  // the persister thread serialises and stores it
}

Welcome Chatbot::welcome_for(const std::string& id, const SessionState& state, bool resumed) const {
  const auto content = this->content();
  const AnswerBook& book = *content->answers;
  Welcome welcome;
  welcome.session_id = id;
  welcome.resumed = resumed;
  const std::string career_name =
      content->knowledge->careers().empty() ? std::string() : content->knowledge->careers().front().name;
  welcome.text = fill(book.text("welcome", resumed ? "resumed" : "new"),
                      {{"career", career_name}, {"careers", content->careers_list}});
  welcome.suggestions = book.list("welcome", "suggestions");
  if (resumed) {
    welcome.history.assign(state.history.begin(), state.history.end());
    if (state.flow.active())
      if (const FlowSlot* slot = content->planner->find(state.flow.slot)) {
        welcome.text += concat("\n", fill(content->planner->text("resume"), {{"question", slot->question}}));
        welcome.suggestions = slot->labels();
      }
  }
  return welcome;
}

std::mutex& Chatbot::shared_lock_for(std::string_view id) {
  return shared_locks_[std::hash<std::string_view>{}(id) % shared_locks_.size()];
}

bool Chatbot::update_shared(const std::string& id, bool create,
                            const std::function<void(SessionState&)>& change) {
  std::lock_guard local(shared_lock_for(id));
  for (int attempt = 1;; ++attempt) {
    const auto stored = store_.load(id);
    if (!stored && !create) return false;
    SessionState state;
    if (stored) {
      state = SessionState::from_json(stored->state);
      state.version = stored->version;
    } else {
      state.created_at = now_seconds();
    }
    change(state);
    state.version += 1;
    try {
      store_.save({id, state.to_json(), now_seconds(), state.version});
      return true;
    } catch (const SessionConflictError&) {
      // Another instance served this session meanwhile: run the turn again on what it saved.
      if (attempt == kSharedAttempts) throw;
    }
  }
}

Welcome Chatbot::open_shared(std::string_view requested_id) {
  if (looks_like_session_id(requested_id))
    if (const auto stored = store_.load(requested_id))
      return welcome_for(std::string(requested_id), SessionState::from_json(stored->state), true);
  const std::string id = new_session_id();
  SessionState fresh;
  update_shared(id, true, [&](SessionState& state) { fresh = state; });
  return welcome_for(id, fresh, false);
}

Welcome Chatbot::reset_shared(std::string_view session_id) {
  const std::string id(session_id);
  SessionState fresh;
  const bool known = looks_like_session_id(id) && update_shared(id, false, [&](SessionState& state) {
                       const std::int64_t created = state.created_at;
                       const std::uint64_t version = state.version;
                       state = SessionState{};
                       state.created_at = created;
                       state.version = version;
                       fresh = state;
                     });
  if (!known) return open_shared("");
  return welcome_for(id, fresh, false);
}

Welcome Chatbot::open(std::string_view requested_id) {
  if (shared_) return open_shared(requested_id);
  if (auto found = lock_live(requested_id); found.live) {
    return welcome_for(std::string(requested_id), found.live->state, true);
  }
  std::string id;
  auto live = create_live(id);
  std::lock_guard lock(live->mutex);
  save(id, *live);
  return welcome_for(id, live->state, false);
}

Welcome Chatbot::reset(std::string_view session_id) {
  if (shared_) return reset_shared(session_id);
  auto found = lock_live(session_id);
  if (!found.live) return open("");
  Live* live = found.live.get();
  const std::int64_t created = live->state.created_at;
  const std::uint64_t version = live->state.version;
  live->state = SessionState{};
  live->state.created_at = created;
  live->state.version = version;
  const std::string id(session_id);
  save(id, *live);
  return welcome_for(id, live->state, false);
}

Reply Chatbot::handle(std::string_view session_id, std::string_view text) {
  return turn(session_id, text, nullptr);
}

Reply Chatbot::handle_explained(std::string_view session_id, std::string_view text, nlohmann::json& account) {
  return turn(session_id, text, &account);
}

Reply Chatbot::turn(std::string_view session_id, std::string_view text, nlohmann::json* account) {
  const auto content = this->content();
  std::string id(session_id);
  Turn result;
  // One turn on `state`; in shared mode it may run again on a newer state after a conflict.
  const auto run = [&](SessionState& state) {
    result = respond(*content, state, text, options_.contacts);
    result.reply.career = state.career.empty() ? std::nullopt : std::optional<std::string>(state.career);
    const bool withheld = result.concern.has_value();
    state.add_turn(
        {withheld ? std::string(kWithheld) : std::string(text), result.reply.text, result.reply.intent},
        options_.history_turns);
    if (account != nullptr) *account = explain_turn(result, state);
  };
  if (shared_) {
    if (!looks_like_session_id(id) || !update_shared(id, false, run)) {
      id = new_session_id();
      update_shared(id, true, run);
    }
  } else {
    auto found = lock_live(session_id);
    if (!found.live) {
      found.live = create_live(id);
      found.lock = std::unique_lock(found.live->mutex);
    }
    run(found.live->state);
    save(id, *found.live);
  }
  const bool flagged = result.concern.has_value();
  if (flagged)
    if (FlagStore* flags = flags_.load()) (void)flags->record(id, result.concern->category->name, text);
  if (result.unanswered && !flagged)
    if (UnansweredLog* log = unanswered_.load()) log->record(result.match.normalized);
  return std::move(result.reply);
}

nlohmann::json Chatbot::explain(std::string_view session_id, std::string_view text) {
  const auto content = this->content();
  SessionState copy;
  if (shared_) {
    if (looks_like_session_id(session_id))
      if (const auto stored = store_.load(session_id)) copy = SessionState::from_json(stored->state);
  } else if (auto found = lock_live(session_id); found.live) {
    copy = found.live->state;
  }
  const Turn turn = respond(*content, copy, text, options_.contacts);
  return explain_turn(turn, copy);
}

std::size_t Chatbot::live_sessions() const {
  std::size_t total = 0;
  for (std::size_t i = 0; i < kShards; ++i) {
    std::lock_guard lock(shards_[i].mutex);
    total += shards_[i].sessions.size();
  }
  return total;
}

std::size_t Chatbot::expire_idle() {
  persist_dirty();  // never drop a session from memory before it is stored
  const std::int64_t now = now_seconds();
  const std::int64_t limit = now - std::min(options_.memory_idle, options_.idle_timeout).count();
  for (std::size_t i = 0; i < kShards; ++i) {
    std::lock_guard lock(shards_[i].mutex);
    std::erase_if(shards_[i].sessions, [limit](const auto& entry) {
      Live& live = *entry.second;
      // A session in a turn right now is not idle, one the store does not have yet stays; a turn that
      // found it but has not locked it yet sees `released` and loads the stored copy instead.
      std::unique_lock busy(live.mutex, std::try_to_lock);
      if (!busy || live.touched > limit || live.stored_version != live.state.version) return false;
      live.released = true;
      return true;
    });
  }
  return store_.expire_idle(options_.idle_timeout, now);
}

}  // namespace careerbot::dialog
