#include "dialog/chatbot.hpp"

#include <algorithm>
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

Chatbot::Chatbot(std::shared_ptr<const Content> content, store::SessionStore& store, ChatbotOptions options)
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
  apply_withheld();
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
      save_failure_log_.settle();
    } catch (const std::exception& e) {
      // The store is down: the sessions stay dirty in memory and are retried next round (every 100 ms,
      // so the line backs off).
      if (const auto rounds = save_failure_log_.occurred())
        log::error("sessions_save_failed", {{"what", e.what()}, {"rounds", rounds}});
    }
    apply_withheld();
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
      store::StoredSession stored;
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
  return create_live_as(id_out);
}

std::shared_ptr<Chatbot::Live> Chatbot::create_live_as(const std::string& id) {
  auto live = std::make_shared<Live>();
  live->state.created_at = now_seconds();
  live->touched = live->state.created_at;
  Shard& shard = shard_for(id);
  std::lock_guard lock(shard.mutex);
  return shard.sessions.emplace(id, live).first->second;  // another turn may have made it first
}

std::string Chatbot::issue_id() {
  std::string id = new_session_id();
  const std::int64_t now = now_seconds();
  std::lock_guard lock(issued_mutex_);
  issued_.emplace(id, now);
  issued_order_.push_back(id);
  while (issued_order_.size() > kIssuedCap) {
    issued_.erase(issued_order_.front());
    issued_order_.pop_front();
  }
  return id;
}

bool Chatbot::was_issued(const std::string& id) {
  std::lock_guard lock(issued_mutex_);
  const auto it = issued_.find(id);
  return it != issued_.end() && it->second >= now_seconds() - options_.idle_timeout.count();
}

void Chatbot::forget_issued(const std::string& id) {
  std::lock_guard lock(issued_mutex_);
  issued_.erase(id);  // its place in issued_order_ is dropped when it reaches the front
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
    } catch (const store::SessionConflictError&) {
      // Another instance served this session meanwhile: run the turn again on what it saved.
      if (attempt == kSharedAttempts) throw;
    }
  }
}

Welcome Chatbot::open_shared(std::string_view requested_id) {
  if (looks_like_session_id(requested_id))
    if (const auto stored = store_.load(requested_id))
      return welcome_for(std::string(requested_id), SessionState::from_json(stored->state), true);
  // Nothing is stored until the first message (see issue_id).
  SessionState fresh;
  fresh.created_at = now_seconds();
  return welcome_for(issue_id(), fresh, false);
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
  if (!known) return was_issued(id) ? welcome_for(id, SessionState{}, false) : open_shared("");
  return welcome_for(id, fresh, false);
}

Welcome Chatbot::open(std::string_view requested_id) {
  if (shared_) return open_shared(requested_id);
  if (auto found = lock_live(requested_id); found.live) {
    return welcome_for(std::string(requested_id), found.live->state, true);
  }
  // Nothing is stored (or held in memory) until the first message: a connect costs no row.
  SessionState fresh;
  fresh.created_at = now_seconds();
  return welcome_for(issue_id(), fresh, false);
}

Welcome Chatbot::reset(std::string_view session_id) {
  if (shared_) return reset_shared(session_id);
  auto found = lock_live(session_id);
  if (!found.live) {
    const std::string id(session_id);
    return was_issued(id) ? welcome_for(id, SessionState{}, false) : open("");
  }
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
  // Safeguarding first, from the message alone: no session is looked up and no store is touched
  // before the flag is queued and a definite concern's reply is ready.
  const Screening screening = screen(*content, text);
  const auto flag = [&](const Concern& concern) {
    if (store::FlagStore* flags = flags_.load()) flags->submit(id, concern.category->name, text);
  };
  if (screening.definite()) {
    flag(*screening.concern);
    SessionState scratch;  // a definite concern's reply depends on the message only
    Turn result = respond(*content, scratch, text, options_.contacts, &screening);
    if (account != nullptr) *account = explain_turn(result, scratch);
    remember_withheld(id, result.reply);
    return std::move(result.reply);
  }

  Turn result;
  std::vector<HistoryTurn> earlier;  // safeguarding lines still waiting to join this session
  // One turn on `state`; in shared mode it may run again on a newer state after a conflict.
  const auto run = [&](SessionState& state) {
    for (const auto& line : earlier) state.add_turn(line, options_.history_turns);
    result = respond(*content, state, text, options_.contacts, &screening);
    result.reply.career = state.career.empty() ? std::nullopt : std::optional<std::string>(state.career);
    const bool withheld = result.concern.has_value();
    state.add_turn(
        {withheld ? std::string(kWithheld) : std::string(text), result.reply.text, result.reply.intent},
        options_.history_turns);
    if (account != nullptr) *account = explain_turn(result, state);
  };
  try {
    if (shared_) {
      if (looks_like_session_id(id)) earlier = take_withheld(id);
      if (!looks_like_session_id(id) || !update_shared(id, false, run)) {
        // Its first message creates a session this server issued; any other id gets a fresh one.
        if (!was_issued(id)) id = new_session_id();
        update_shared(id, true, run);
        forget_issued(id);
      }
    } else {
      auto found = lock_live(session_id);
      if (!found.live) {
        // A new conversation while the store cannot write (a full disk) would live only in memory:
        // refused, so memory holds only the conversations already going (they go on).
        store_.check_can_start_session();
        // Its first message creates a session this server issued; any other id gets a fresh one.
        found.live = was_issued(id) ? create_live_as(id) : create_live(id);
        found.lock = std::unique_lock(found.live->mutex);
        forget_issued(id);
      }
      earlier = take_withheld(id);
      run(found.live->state);
      save(id, *found.live);
    }
  } catch (const store::SessionStoreError&) {
    if (screening.concern) flag(*screening.concern);
    if (!earlier.empty()) {
      std::lock_guard lock(withheld_mutex_);
      auto& waiting = withheld_[id].turns;
      waiting.insert(waiting.begin(), earlier.begin(), earlier.end());
    }
    if (!screening.concern) throw;
    // The classifier was unsure and the store is down: the gentle check with the helpline still goes
    // out (the ordinary answer needed the session).
    Reply check;
    check.text = content->safeguarding->reply_text(*screening.concern, options_.contacts);
    check.intent = "safeguarding";
    check.confidence = 1.0;
    check.sensitive = true;
    remember_withheld(id, check);
    return check;
  }
  // A possible concern is flagged only if the turn kept it (a plan's answer needs more certainty).
  if (result.concern) flag(*result.concern);
  if (result.unanswered && !screening.concern)
    if (store::UnansweredLog* log = unanswered_.load()) log->record(result.match.normalized);
  return std::move(result.reply);
}

void Chatbot::remember_withheld(const std::string& id, const Reply& reply) noexcept {
  if (!looks_like_session_id(id)) return;
  try {
    HistoryTurn line{std::string(kWithheld), reply.text, reply.intent};
    if (!shared_) {
      // In memory: add it now (no store involved), so history keeps its order.
      std::shared_ptr<Live> live;
      {
        Shard& shard = shard_for(id);
        std::lock_guard lock(shard.mutex);
        if (const auto it = shard.sessions.find(id); it != shard.sessions.end()) live = it->second;
      }
      if (live) {
        std::lock_guard lock(live->mutex);
        if (!live->released) {
          live->state.add_turn(std::move(line), options_.history_turns);
          save(id, *live);
          return;
        }
      }
    }
    std::lock_guard lock(withheld_mutex_);
    if (!withheld_.contains(id) && withheld_.size() >= kWithheldCap) {
      log::error("safeguarding_history_not_kept", {{"reason", "too many lines waiting"}});
      return;
    }
    withheld_[id].turns.push_back(std::move(line));
  } catch (...) {
    // Only the history placeholder is lost; the reply and the flag do not depend on it.
  }
}

std::vector<HistoryTurn> Chatbot::take_withheld(const std::string& id) {
  std::lock_guard lock(withheld_mutex_);
  const auto it = withheld_.find(id);
  if (it == withheld_.end()) return {};
  auto lines = std::move(it->second.turns);
  withheld_.erase(it);
  return lines;
}

void Chatbot::apply_withheld() {
  std::unordered_map<std::string, Withheld> batch;
  {
    std::lock_guard lock(withheld_mutex_);
    batch.swap(withheld_);
  }
  for (auto& item : batch) {
    // Named, not a structured binding: clang 14 cannot capture a binding in the lambda below.
    const std::string& id = item.first;
    Withheld& entry = item.second;
    try {
      // clang 14 cannot capture a structured binding: name the turns first.
      const auto& turns = entry.turns;
      const auto add = [&](SessionState& state) {
        for (const auto& line : turns) state.add_turn(line, options_.history_turns);
      };
      // A session whose first message was the crisis is created now (it was issued, never stored).
      if (shared_) {
        (void)update_shared(id, was_issued(id), add);
      } else if (auto found = lock_live(id); found.live) {
        add(found.live->state);
        save(id, *found.live);
      } else if (was_issued(id)) {
        store_.check_can_start_session();  // as in turn(): retried, then dropped, while writes fail
        auto live = create_live_as(id);
        std::lock_guard lock(live->mutex);
        add(live->state);
        save(id, *live);
      }
      forget_issued(id);
      continue;
    } catch (const std::exception& e) {
      if (++entry.attempts >= kWithheldAttempts) {
        log::error("safeguarding_history_dropped", {{"what", e.what()}});
        continue;
      }
    }
    std::lock_guard lock(withheld_mutex_);
    auto& waiting = withheld_[id];
    waiting.turns.insert(waiting.turns.begin(), entry.turns.begin(), entry.turns.end());
    waiting.attempts = std::max(waiting.attempts, entry.attempts);
  }
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
  // Hand changed sessions to the store first. When it refuses them (its disk is full) expiry still
  // runs: it is what frees room, and a session the store lacks is never released below.
  try {
    persist_dirty();
  } catch (const store::SessionStoreError&) {
  }
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
  const std::size_t expired = store_.expire_idle(options_.idle_timeout, now);
  const std::size_t evicted = store_.evict_oldest(options_.max_stored_sessions);
  expired_.fetch_add(expired, std::memory_order_relaxed);
  evicted_.fetch_add(evicted, std::memory_order_relaxed);
  stored_.store(static_cast<std::int64_t>(store_.count()), std::memory_order_relaxed);
  return expired + evicted;
}

}  // namespace careerbot::dialog
