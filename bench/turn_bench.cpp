// careerbot-turn-bench: one whole chat turn without the network, so that a change to the turn can be
// judged in seconds (issue 19). A turn is what careerbot-server does between Beast handing it a text
// frame and Beast sending the reply frame:
//   parse the client frame -> ChatTurns::answer (safeguarding screen with the safety classifier,
//   matcher with the intent classifier, responder, session lock, history, dirty-marking, metrics)
//   -> serialise the reply frame.
// It is assembled as application.cpp assembles the server: the real content (knowledge base built by
// `careerbot-kb build`, intents/, both trained classifiers from the model cache), the SQLite session
// store with its persister thread, the unanswered log and the flag store. 64 sessions take turns, each
// asking bench/questions.txt in order from its own starting line, as careerbot-load's 64 clients do.
//
//   build/bench/bench/careerbot-turn-bench --knowledge-db KB --sessions-db DIR/sessions.db
//       [--questions bench/questions.txt] [any careerbot-server flag] [--benchmark_* flags]
//
// BM_ChatTurn reports the wall time per turn and the process's CPU time per turn (every thread: the
// persister's and writers' work belongs to the turns too). BM_ChatTurnFixed runs a fixed number of
// turns, for callgrind (instruction counts do not move with the machine's load):
//   valgrind --tool=callgrind --toggle-collect='turn_bench::run_turns*' careerbot-turn-bench ...
//       --benchmark_filter=BM_ChatTurnFixed
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/config.hpp"
#include "common/log.hpp"
#include "dialog/chatbot.hpp"
#include "dialog/content.hpp"
#include "net/chat_turn.hpp"
#include "net/metrics.hpp"
#include "protocol/client_message.hpp"
#include "protocol/server_message.hpp"
#include "store/flag_store.hpp"
#include "store/sqlite_session_store.hpp"
#include "store/unanswered_log.hpp"

namespace turn_bench {

using namespace careerbot;

constexpr std::size_t kSessions = 64;  // careerbot-load's default --clients

// Set by main() before the benchmarks run.
std::string g_questions_file = "bench/questions.txt";
std::vector<std::string> g_args;

std::string json_quote(const std::string& text) {
  return nlohmann::json(text).dump();
}

std::vector<std::string> load_questions(const std::string& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error("cannot read " + file);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);)
    if (!line.empty() && line.front() != '#') out.push_back(line);
  if (out.empty()) throw std::runtime_error(file + " holds no questions");
  return out;
}

// The server's chat side without the network, built like Application builds it.
class ChatSide {
 public:
  explicit ChatSide(const std::vector<std::string>& args) : config_(load_config(args)) {
    log::set_level(config_.log_level);
    log::set_format(config_.log_format);
    auto content = dialog::load_content({config_.knowledge_db, config_.intents_dir, config_.model_cache_dir});
    if (content->matcher->model() == nullptr || content->safeguarding->model() == nullptr)
      throw std::runtime_error("the classifiers are not attached");
    const std::filesystem::path sessions(config_.sessions_db);
    if (sessions.has_parent_path()) std::filesystem::create_directories(sessions.parent_path());
    store_ = std::make_unique<store::SqliteSessionStore>(sessions);
    chatbot_ = std::make_unique<dialog::Chatbot>(
        std::move(content), *store_,
        dialog::ChatbotOptions{config_.history_turns,
                               config_.session_idle_timeout,
                               config_.session_memory_idle,
                               {config_.helpline, config_.counsellor_contact},
                               config_.max_stored_sessions});
    unanswered_ = std::make_unique<store::UnansweredLog>(sessions.parent_path() / "unanswered.db");
    chatbot_->set_unanswered_log(unanswered_.get());
    flags_ = std::make_unique<store::FlagStore>(sessions.parent_path() / "flags.db");
    chatbot_->set_flag_store(flags_.get());
    turns_ = std::make_unique<net::ChatTurns>(config_, *chatbot_, metrics_);

    const auto questions = load_questions(g_questions_file);
    for (std::size_t c = 0; c < kSessions; ++c) {
      const auto welcome = turns_->open("", "ws");
      if (!std::holds_alternative<dialog::Welcome>(welcome)) throw std::runtime_error("open failed");
      sessions_.push_back({std::get<dialog::Welcome>(welcome).session_id, c * 7 % questions.size()});
    }
    for (std::size_t q = 0; q < questions.size(); ++q)
      frames_.push_back(R"({"type":"message","id":)" + std::to_string(q) + R"(,"text":)" +
                        json_quote(questions[q]) + "}");
  }

  // One turn of the next session, as WebSocketSession::handle_frame and its worker run it; returns
  // the reply frame's size.
  std::size_t turn() {
    Session& session = sessions_[next_++ % kSessions];
    const std::string& frame = frames_[session.question];
    session.question = (session.question + 1) % frames_.size();
    auto parsed = protocol::parse_client_frame(frame, protocol::Limits{config_.max_text_chars});
    auto* message = std::get_if<protocol::MessageRequest>(&parsed);
    if (message == nullptr) throw std::runtime_error("the frame did not parse: " + frame);
    auto reply = turns_->answer(session.id, message->text, "ws", false);
    if (auto* error = std::get_if<protocol::Error>(&reply)) throw std::runtime_error(error->message);
    return protocol::serialize_reply(std::get<dialog::Reply>(reply), message->id ? &*message->id : nullptr)
        .size();
  }

 private:
  struct Session {
    std::string id;
    std::size_t question = 0;
  };
  Config config_;
  net::Metrics metrics_;
  std::unique_ptr<store::SqliteSessionStore> store_;
  std::unique_ptr<dialog::Chatbot> chatbot_;
  std::unique_ptr<store::UnansweredLog> unanswered_;
  std::unique_ptr<store::FlagStore> flags_;
  std::unique_ptr<net::ChatTurns> turns_;
  std::vector<Session> sessions_;
  std::vector<std::string> frames_;
  std::size_t next_ = 0;
};

ChatSide& chat_side() {
  static ChatSide side(g_args);  // loaded once, on first use (loading takes seconds)
  return side;
}

// `count` turns. Never inlined, so callgrind's --toggle-collect can count only what runs inside it.
__attribute__((noinline)) std::size_t run_turns(ChatSide& side, std::size_t count) {
  std::size_t bytes = 0;
  for (std::size_t i = 0; i < count; ++i) bytes += side.turn();
  return bytes;
}

void BM_ChatTurn(benchmark::State& state) {
  ChatSide* side = nullptr;
  try {
    side = &chat_side();
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
    return;
  }
  std::size_t bytes = 0;
  for (auto _ : state) bytes += run_turns(*side, 1);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  state.counters["reply_bytes"] =
      benchmark::Counter(static_cast<double>(bytes), benchmark::Counter::kAvgIterations);
}
BENCHMARK(BM_ChatTurn)->MeasureProcessCPUTime()->UseRealTime()->Unit(benchmark::kMicrosecond);

void BM_ChatTurnFixed(benchmark::State& state) {
  ChatSide* side = nullptr;
  try {
    side = &chat_side();
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
    return;
  }
  for (std::size_t i = 0; i < 2 * kSessions; ++i) side->turn();  // every session past its first turn
  for (auto _ : state) benchmark::DoNotOptimize(run_turns(*side, 1000));
}
BENCHMARK(BM_ChatTurnFixed)->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace turn_bench

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);  // takes the --benchmark_* flags, leaves the rest
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--questions" && i + 1 < argc) {
      turn_bench::g_questions_file = argv[++i];
    } else {
      turn_bench::g_args.push_back(arg);
    }
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
