// careerbot-load: a WebSocket load generator for careerbot-server and careerbot-echo-server.
//
// Chat mode (default): N clients in a closed loop (each sends its next question only after the reply to
// the previous one) for a duration or a message count, after a warm-up whose turns are not measured.
// Reports messages per second and latency p50/p90/p99/max, and checks that every reply answers its
// request: each message carries an "id", the next frame must be a "reply" whose "reply_to" is that id.
// A final unmeasured message per client catches a late duplicate of the last measured one. Exits 1 on
// any lost, duplicated, mismatched or error reply, 2 on bad usage.
//
// Adversaries (--slow-readers K, --flooders F; duration mode only), on their own thread beside the N
// clients: a slow reader connects with a tiny receive buffer, sends a question (asking for the explain
// account, so replies are large) every --slow-interval-ms and never reads until the run is over; then
// it reads what is waiting and reports how the server ended the connection (close code and reason,
// e.g. 1008 "too slow: messages not read"). A flooder sends questions back to back without waiting for
// replies (it reads them alongside) and reports how its connection ended. The N clients' figures are
// what is measured; with --server-pid the server's VmRSS before and after the run is reported too, so
// one run with and one without adversaries show their effect side by side.
//
// Idle mode (--idle N): opens N WebSocket connections, each waiting for its welcome, then reports the
// server's VmRSS (from /proc/PID/status, --server-pid) before and after and holds them --hold seconds.
//
// Each client binds a loopback source address 127.0.0.2, .3, ... (--sources of them) so per-address rate
// limits see many students. The soft RLIMIT_NOFILE is raised to the hard limit at start.
//
// One io_context per --threads (default 1); each client lives on one of them, so no locking on the hot
// path. The last line of output is machine-readable: "RESULT key=value ...".
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using asio::awaitable;
using asio::use_awaitable;

namespace {

struct Settings {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;
  std::string path = "/ws";
  int clients = 64;
  double warmup_seconds = 2;
  double duration_seconds = 10;
  long messages = 0;  // > 0: stop after this many measured messages instead of a duration
  std::string questions_file;
  int sources = 0;  // loopback source addresses; 0 = automatic
  int threads = 1;
  double reply_timeout_seconds = 10;
  // Adversaries (chat mode)
  int slow_readers = 0;
  int flooders = 0;
  double slow_interval_ms = 5;
  int slow_receive_buffer = 4096;  // bytes asked of the kernel (it may double it)
  // Idle mode
  int idle = 0;
  int idle_window = 200;  // connections being opened at once
  long server_pid = 0;
  double hold_seconds = 0;
  std::string label;  // echoed in the RESULT line
};

[[noreturn]] void usage(const std::string& problem) {
  std::cerr << "careerbot-load: " << problem << "\n"
            << "usage: careerbot-load --port P [--host H] [--clients 64] [--warmup S] [--duration S]\n"
            << "                      [--messages N] --questions FILE [--sources K] [--threads T]\n"
            << "                      [--reply-timeout S] [--label NAME] [--server-pid PID]\n"
            << "                      [--slow-readers K] [--slow-interval-ms MS] [--flooders F]\n"
            << "       careerbot-load --port P --idle N [--server-pid PID] [--hold S] [--sources K]\n";
  std::exit(2);
}

Settings parse_settings(int argc, char** argv) {
  Settings s;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--help" || flag == "-h") usage("help");
    if (i + 1 >= argc) usage("missing value for " + flag);
    const std::string value = argv[++i];
    try {
      if (flag == "--host")
        s.host = value;
      else if (flag == "--port")
        s.port = static_cast<unsigned short>(std::stoul(value));
      else if (flag == "--path")
        s.path = value;
      else if (flag == "--clients")
        s.clients = std::stoi(value);
      else if (flag == "--warmup")
        s.warmup_seconds = std::stod(value);
      else if (flag == "--duration")
        s.duration_seconds = std::stod(value);
      else if (flag == "--messages")
        s.messages = std::stol(value);
      else if (flag == "--questions")
        s.questions_file = value;
      else if (flag == "--sources")
        s.sources = std::stoi(value);
      else if (flag == "--threads")
        s.threads = std::stoi(value);
      else if (flag == "--reply-timeout")
        s.reply_timeout_seconds = std::stod(value);
      else if (flag == "--idle")
        s.idle = std::stoi(value);
      else if (flag == "--idle-window")
        s.idle_window = std::stoi(value);
      else if (flag == "--server-pid")
        s.server_pid = std::stol(value);
      else if (flag == "--hold")
        s.hold_seconds = std::stod(value);
      else if (flag == "--label")
        s.label = value;
      else if (flag == "--slow-readers")
        s.slow_readers = std::stoi(value);
      else if (flag == "--slow-interval-ms")
        s.slow_interval_ms = std::stod(value);
      else if (flag == "--slow-receive-buffer")
        s.slow_receive_buffer = std::stoi(value);
      else if (flag == "--flooders")
        s.flooders = std::stoi(value);
      else
        usage("unknown flag " + flag);
    } catch (const std::logic_error&) {
      usage("bad value for " + flag + ": " + value);
    }
  }
  if (s.clients < 1 || s.threads < 1 || s.idle < 0 || s.idle_window < 1 || s.slow_readers < 0 ||
      s.flooders < 0 || s.slow_interval_ms < 0)
    usage("counts must be positive");
  if ((s.slow_readers > 0 || s.flooders > 0) && s.messages > 0)
    usage("--slow-readers and --flooders need duration mode (no --messages)");
  if (s.idle == 0 && s.questions_file.empty()) usage("--questions FILE is required in chat mode");
  if (s.sources == 0) s.sources = s.idle > 0 ? 50 : std::min(s.clients, 250);
  s.sources = std::clamp(s.sources, 1, 250 * 250);
  return s;
}

// 127.0.0.2, 127.0.0.3, ... then 127.0.1.1 ...: never 127.0.0.1, which other tools use.
asio::ip::address_v4 source_address(int client, int sources) {
  const int k = client % sources + 1;
  return asio::ip::make_address_v4("127.0." + std::to_string(k / 250) + "." + std::to_string(k % 250 + 1));
}

std::vector<std::string> load_questions(const std::string& file) {
  std::ifstream in(file);
  if (!in) usage("cannot read " + file);
  std::vector<std::string> questions;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    questions.push_back(line);
  }
  if (questions.empty()) usage(file + " holds no questions");
  return questions;
}

unsigned long raise_open_file_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 0;
  if (limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
    getrlimit(RLIMIT_NOFILE, &limit);
  }
  return limit.rlim_cur;
}

// VmRSS of a process in kB, or -1.
long rss_kb(long pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

// CPU time (user + system) a process has used so far, in microseconds, or -1.
double cpu_us(long pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto paren = stat.rfind(')');  // the command name may hold spaces
  if (paren == std::string::npos) return -1;
  std::istringstream fields(stat.substr(paren + 2));
  std::string field;
  double ticks = 0;
  for (int i = 3; i <= 15 && fields >> field; ++i)
    if (i == 14 || i == 15) ticks += std::stod(field);  // utime, stime
  return ticks * 1e6 / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// What one io_context's clients saw. Touched only from that context's thread.
struct Tally {
  std::vector<double> latencies_us;  // measured turns only
  long warmup_turns = 0;
  long lost = 0;        // a sent message whose reply never came (closed, timeout)
  long duplicated = 0;  // a reply to an id already answered
  long mismatched = 0;  // a reply to an id never sent or not the one expected
  long error_replies = 0;
  long connect_failures = 0;
  std::map<std::string, long> error_codes;
  std::vector<std::string> first_problems;
  // Adversaries (their own thread's tally)
  long slow_sent = 0;                        // questions the slow readers sent
  long slow_read_after = 0;                  // frames they found waiting when they finally read
  std::map<std::string, long> slow_endings;  // how the server ended each slow reader, counted
  long flood_sent = 0;
  long flood_replies = 0;
  long flood_errors = 0;
  std::map<std::string, long> flood_endings;  // how each flooder's connection ended

  void note(std::string problem) {
    if (first_problems.size() < 5) first_problems.push_back(std::move(problem));
  }
};

// The shared schedule of a chat run. Read-only after construction except the message counter.
struct Schedule {
  Clock::time_point measure_from;
  Clock::time_point stop_at;  // duration mode
  long messages = 0;          // message-count mode
  std::atomic<long> measured{0};

  // Whether a client may start another measured (or warm-up) turn.
  bool keep_sending(Clock::time_point now) {
    if (messages > 0) return measured.load(std::memory_order_relaxed) < messages;
    return now < stop_at;
  }
};

std::string json_quote(const std::string& text) {
  return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

using Socket = websocket::stream<beast::tcp_stream>;

awaitable<std::unique_ptr<Socket>> connect(const Settings& s, int client, const tcp::endpoint& server,
                                           bool with_timeouts, int receive_buffer = 0) {
  auto executor = co_await asio::this_coro::executor;
  tcp::socket socket(executor);
  socket.open(tcp::v4());
  socket.set_option(tcp::no_delay(true));
  // Before connecting, so the window the server sees is small from the start.
  if (receive_buffer > 0) socket.set_option(asio::socket_base::receive_buffer_size(receive_buffer));
  socket.bind(tcp::endpoint(source_address(client, s.sources), 0));
  co_await socket.async_connect(server, use_awaitable);
  auto ws = std::make_unique<Socket>(std::move(socket));
  websocket::stream_base::timeout timeout =
      websocket::stream_base::timeout::suggested(beast::role_type::client);
  if (with_timeouts) {
    timeout.handshake_timeout = std::chrono::seconds(10);
    timeout.idle_timeout = std::chrono::milliseconds(static_cast<long>(s.reply_timeout_seconds * 1000));
    timeout.keep_alive_pings = false;
  }
  ws->set_option(timeout);
  co_await ws->async_handshake(s.host + ":" + std::to_string(s.port), s.path, use_awaitable);
  beast::flat_buffer buffer;
  co_await ws->async_read(buffer, use_awaitable);
  const auto welcome = nlohmann::json::parse(beast::buffers_to_string(buffer.data()));
  if (welcome.value("type", "") != "welcome") throw std::runtime_error("first frame is not a welcome");
  co_return ws;
}

// One student: sends questions in a closed loop and checks each reply's "reply_to".
awaitable<void> chat_client(const Settings& s, int client, tcp::endpoint server,
                            const std::vector<std::string>& questions, Schedule& schedule, Tally& tally) {
  long next_id = 1;
  bool awaiting = false;
  try {
    auto ws = co_await connect(s, client, server, true);
    ws->text(true);
    beast::flat_buffer buffer;
    std::size_t q = static_cast<std::size_t>(client) * 7 % questions.size();
    bool last = false;
    while (!last) {
      auto now = Clock::now();
      // After the run one more (unmeasured) turn: a late duplicate of the last reply shows up here.
      last = !schedule.keep_sending(now);
      const long id = next_id++;
      const std::string frame =
          R"({"type":"message","id":)" + std::to_string(id) + R"(,"text":)" + json_quote(questions[q]) + "}";
      q = (q + 1) % questions.size();
      const auto sent = Clock::now();
      awaiting = true;
      co_await ws->async_write(asio::buffer(frame), use_awaitable);
      buffer.clear();
      co_await ws->async_read(buffer, use_awaitable);
      awaiting = false;
      const auto received = Clock::now();
      const auto reply = nlohmann::json::parse(beast::buffers_to_string(buffer.data()), nullptr, false);
      const std::string type = reply.is_object() ? reply.value("type", "") : "";
      if (type == "error") {
        ++tally.error_replies;
        ++tally.error_codes[reply.value("code", "?")];
        continue;
      }
      const auto reply_to = reply.is_object() ? reply.find("reply_to") : reply.end();
      if (type != "reply" || reply_to == reply.end() || !reply_to->is_number_integer()) {
        ++tally.mismatched;
        tally.note("client " + std::to_string(client) +
                   ": not a reply with reply_to: " + reply.dump().substr(0, 200));
        continue;
      }
      const long answered = reply_to->get<long>();
      if (answered != id) {
        (answered < id ? tally.duplicated : tally.mismatched) += 1;
        tally.note("client " + std::to_string(client) + ": expected reply_to " + std::to_string(id) +
                   ", got " + std::to_string(answered));
        continue;
      }
      if (last) break;
      if (sent >= schedule.measure_from) {
        tally.latencies_us.push_back(std::chrono::duration<double, std::micro>(received - sent).count());
        schedule.measured.fetch_add(1, std::memory_order_relaxed);
      } else {
        ++tally.warmup_turns;
      }
    }
    co_await ws->async_close(websocket::close_code::normal, use_awaitable);
  } catch (const std::exception& e) {
    if (awaiting)
      ++tally.lost;
    else if (next_id == 1)
      ++tally.connect_failures;
    tally.note("client " + std::to_string(client) + ": " + e.what());
  }
}

std::string question_frame(long id, const std::string& question, bool explain = false) {
  return R"({"type":"message","id":)" + std::to_string(id) + (explain ? R"(,"explain":true)" : "") +
         R"(,"text":)" + json_quote(question) + "}";
}

// A student who sends and never reads until the run is over, then reads what waits for it and notes how
// the server ended the connection.
awaitable<void> slow_reader(const Settings& s, int client, tcp::endpoint server,
                            const std::vector<std::string>& questions, Schedule& schedule, Tally& tally) {
  std::unique_ptr<Socket> ws;
  std::string ending;
  try {
    ws = co_await connect(s, client, server, false, s.slow_receive_buffer);
    ws->text(true);
    asio::steady_timer pause(co_await asio::this_coro::executor);
    std::size_t q = static_cast<std::size_t>(client) * 7 % questions.size();
    long id = 1;
    // A server that stopped reading from us blocks our writes: the deadline ends such a write.
    beast::get_lowest_layer(*ws).expires_at(schedule.stop_at + std::chrono::seconds(1));
    while (Clock::now() < schedule.stop_at) {
      // With the explain account each reply is several kB: the kernel's socket buffers fill within
      // seconds even on a fast server, so the write queue cap is what is measured, not their size.
      co_await ws->async_write(asio::buffer(question_frame(id++, questions[q], true)), use_awaitable);
      q = (q + 1) % questions.size();
      ++tally.slow_sent;
      pause.expires_after(std::chrono::microseconds(static_cast<long>(s.slow_interval_ms * 1000)));
      co_await pause.async_wait(use_awaitable);
    }
  } catch (const std::exception& e) {
    ending = std::string("while sending: ") + e.what();
  }
  if (ws && ending.empty()) {
    try {
      // Now read what waits: replies, then the server's close frame if it gave up on us.
      beast::get_lowest_layer(*ws).expires_after(std::chrono::seconds(5));
      beast::flat_buffer buffer;
      for (;;) {
        buffer.clear();
        co_await ws->async_read(buffer, use_awaitable);
        ++tally.slow_read_after;
      }
    } catch (const boost::system::system_error& e) {
      if (e.code() == websocket::error::closed)
        ending = "closed " + std::to_string(ws->reason().code) + " \"" +
                 std::string(ws->reason().reason.data(), ws->reason().reason.size()) + "\"";
      else if (e.code() == beast::error::timeout)
        ending = "still open (no close within 5 s of reading)";
      else
        ending = "ended without a close frame: " + e.code().message();
    }
  }
  ++tally.slow_endings[ending];
}

// A client that sends questions back to back without waiting for the replies; a reader alongside
// counts them.
awaitable<void> flood_reader(std::shared_ptr<Socket> ws, Tally& tally) {
  try {
    beast::flat_buffer buffer;
    for (;;) {
      buffer.clear();
      co_await ws->async_read(buffer, use_awaitable);
      const auto reply = nlohmann::json::parse(beast::buffers_to_string(buffer.data()), nullptr, false);
      (reply.is_object() && reply.value("type", "") == "reply" ? tally.flood_replies : tally.flood_errors) +=
          1;
    }
  } catch (const boost::system::system_error& e) {
    if (e.code() == websocket::error::closed)
      ++tally.flood_endings["closed by the server " + std::to_string(ws->reason().code) + " \"" +
                            std::string(ws->reason().reason.data(), ws->reason().reason.size()) + "\""];
    else
      ++tally.flood_endings["open until the run ended (" + e.code().message() + ")"];
  }
}

awaitable<void> flooder(const Settings& s, int client, tcp::endpoint server,
                        const std::vector<std::string>& questions, Schedule& schedule, Tally& tally) {
  try {
    std::shared_ptr<Socket> ws = co_await connect(s, client, server, false);
    ws->text(true);
    asio::co_spawn(co_await asio::this_coro::executor, flood_reader(ws, tally), asio::detached);
    std::size_t q = static_cast<std::size_t>(client) * 7 % questions.size();
    long id = 1;
    try {
      beast::get_lowest_layer(*ws).expires_at(schedule.stop_at);
      while (Clock::now() < schedule.stop_at) {
        co_await ws->async_write(asio::buffer(question_frame(id++, questions[q])), use_awaitable);
        q = (q + 1) % questions.size();
        ++tally.flood_sent;
      }
    } catch (const std::exception&) {
      // The deadline ended a write the server was not taking (it reads one frame per turn).
    }
    beast::error_code ignored;
    beast::get_lowest_layer(*ws).socket().close(ignored);  // the reader ends with it
  } catch (const std::exception& e) {
    ++tally.slow_endings[std::string("flooder failed: ") + e.what()];
  }
}

double percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  const auto rank = static_cast<std::size_t>(p / 100.0 * static_cast<double>(sorted.size() - 1) + 0.5);
  return sorted[std::min(rank, sorted.size() - 1)];
}

int run_chat(const Settings& s, const tcp::endpoint& server) {
  const auto questions = load_questions(s.questions_file);
  std::vector<std::unique_ptr<asio::io_context>> contexts;
  std::vector<Tally> tallies(static_cast<std::size_t>(s.threads));
  for (int t = 0; t < s.threads; ++t) contexts.push_back(std::make_unique<asio::io_context>(1));
  Schedule schedule;
  const auto start = Clock::now();
  const auto seconds = [](double v) {
    return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(v));
  };
  schedule.measure_from = start + seconds(s.warmup_seconds);
  schedule.stop_at = schedule.measure_from + seconds(s.duration_seconds);
  schedule.messages = s.messages;
  for (int c = 0; c < s.clients; ++c) {
    const auto t = static_cast<std::size_t>(c % s.threads);
    asio::co_spawn(*contexts[t], chat_client(s, c, server, questions, schedule, tallies[t]), asio::detached);
  }
  // Adversaries run on their own thread so they never delay the measured clients inside this process.
  asio::io_context adversary_context(1);
  Tally adversaries;
  for (int k = 0; k < s.slow_readers; ++k)
    asio::co_spawn(adversary_context, slow_reader(s, s.clients + k, server, questions, schedule, adversaries),
                   asio::detached);
  for (int f = 0; f < s.flooders; ++f)
    asio::co_spawn(adversary_context,
                   flooder(s, s.clients + s.slow_readers + f, server, questions, schedule, adversaries),
                   asio::detached);
  const long rss_before = s.server_pid > 0 ? rss_kb(s.server_pid) : -1;
  const double cpu_before = s.server_pid > 0 ? cpu_us(s.server_pid) : -1;
  std::vector<std::thread> threads;
  for (auto& context : contexts) threads.emplace_back([&context] { context->run(); });
  threads.emplace_back([&adversary_context] { adversary_context.run(); });
  for (auto& thread : threads) thread.join();
  const auto finished = Clock::now();
  const long rss_after = s.server_pid > 0 ? rss_kb(s.server_pid) : -1;
  const double cpu_after = s.server_pid > 0 ? cpu_us(s.server_pid) : -1;

  Tally total;
  for (auto& t : tallies) {
    total.latencies_us.insert(total.latencies_us.end(), t.latencies_us.begin(), t.latencies_us.end());
    total.warmup_turns += t.warmup_turns;
    total.lost += t.lost;
    total.duplicated += t.duplicated;
    total.mismatched += t.mismatched;
    total.error_replies += t.error_replies;
    total.connect_failures += t.connect_failures;
    for (const auto& [code, n] : t.error_codes) total.error_codes[code] += n;
    for (auto& p : t.first_problems) total.note(p);
  }
  std::sort(total.latencies_us.begin(), total.latencies_us.end());
  // Duration mode measures over the fixed window; message-count mode from the warm-up's end to the last
  // reply.
  const double measured_seconds =
      s.messages > 0 ? std::chrono::duration<double>(finished - schedule.measure_from).count()
                     : s.duration_seconds;
  const auto n = static_cast<double>(total.latencies_us.size());
  const double rate = measured_seconds > 0 ? n / measured_seconds : 0;
  const double p50 = percentile(total.latencies_us, 50), p90 = percentile(total.latencies_us, 90),
               p99 = percentile(total.latencies_us, 99),
               max = total.latencies_us.empty() ? 0 : total.latencies_us.back();
  std::printf(
      "careerbot-load %s: %d clients, %d source addresses, %d thread(s), %.1f s warm-up (%ld turns)\n",
      s.label.c_str(), s.clients, s.sources, s.threads, s.warmup_seconds, total.warmup_turns);
  std::printf("  measured %.0f messages in %.2f s: %.0f msgs/s\n", n, measured_seconds, rate);
  std::printf("  latency us: p50 %.0f  p90 %.0f  p99 %.0f  max %.0f\n", p50, p90, p99, max);
  std::printf("  lost %ld  duplicated %ld  mismatched %ld  error replies %ld  connect failures %ld\n",
              total.lost, total.duplicated, total.mismatched, total.error_replies, total.connect_failures);
  for (const auto& [code, count] : total.error_codes) std::printf("  error %s: %ld\n", code.c_str(), count);
  for (const auto& p : total.first_problems) std::printf("  problem: %s\n", p.c_str());
  if (s.slow_readers > 0 || s.flooders > 0) {
    std::printf("  adversaries: %d slow reader(s) sent %ld questions, then found %ld frames waiting\n",
                s.slow_readers, adversaries.slow_sent, adversaries.slow_read_after);
    for (const auto& [ending, count] : adversaries.slow_endings)
      std::printf("    %ld x %s\n", count, ending.c_str());
    std::printf("  adversaries: %d flooder(s) sent %ld questions, got %ld replies and %ld errors\n",
                s.flooders, adversaries.flood_sent, adversaries.flood_replies, adversaries.flood_errors);
    for (const auto& [ending, count] : adversaries.flood_endings)
      std::printf("    %ld x %s\n", count, ending.c_str());
  }
  // Server CPU per turn over the whole run (warm-up, measured and the final turns): unlike msgs/s this
  // hardly depends on what else the machine runs. Only meaningful without adversaries.
  const double all_turns = n + static_cast<double>(total.warmup_turns) + s.clients;
  const double cpu_per_turn = cpu_before >= 0 && cpu_after >= 0 ? (cpu_after - cpu_before) / all_turns : -1;
  if (s.server_pid > 0 && s.slow_readers == 0 && s.flooders == 0)
    std::printf("  server CPU: %.1f us per turn\n", cpu_per_turn);
  if (s.server_pid > 0)
    std::printf("  server VmRSS: %.1f MB before the run, %.1f MB after\n",
                static_cast<double>(rss_before) / 1024, static_cast<double>(rss_after) / 1024);
  // The most frequent ending, for the RESULT line ("-" without slow readers).
  std::string slow_ending = "-";
  long slow_ending_count = 0;
  for (const auto& [ending, count] : adversaries.slow_endings)
    if (count > slow_ending_count) {
      slow_ending = ending;
      slow_ending_count = count;
    }
  std::replace(slow_ending.begin(), slow_ending.end(), ' ', '_');
  const long problems =
      total.lost + total.duplicated + total.mismatched + total.error_replies + total.connect_failures;
  std::printf(
      "RESULT label=%s msgs_per_s=%.0f p50_us=%.0f p90_us=%.0f p99_us=%.0f max_us=%.0f messages=%.0f "
      "problems=%ld cpu_us_per_turn=%.1f rss_before_kb=%ld rss_after_kb=%ld slow_readers=%d slow_ending=%s "
      "slow_ending_count=%ld "
      "flood_sent=%ld flood_replies=%ld\n",
      s.label.empty() ? "-" : s.label.c_str(), rate, p50, p90, p99, max, n, problems, cpu_per_turn,
      rss_before, rss_after, s.slow_readers, slow_ending.c_str(), slow_ending_count, adversaries.flood_sent,
      adversaries.flood_replies);
  std::fflush(stdout);
  return problems == 0 && n > 0 ? 0 : 1;
}

// Opens connections one window at a time, keeping each in `held` once its welcome arrived.
awaitable<void> idle_opener(const Settings& s, tcp::endpoint server, std::atomic<int>& next,
                            std::vector<std::unique_ptr<Socket>>& held, Tally& tally) {
  for (;;) {
    const int client = next.fetch_add(1);
    if (client >= s.idle) co_return;
    try {
      held.push_back(co_await connect(s, client, server, false));
    } catch (const std::exception& e) {
      ++tally.connect_failures;
      tally.note("connection " + std::to_string(client) + ": " + e.what());
    }
  }
}

int run_idle(const Settings& s, const tcp::endpoint& server) {
  const long before = s.server_pid > 0 ? rss_kb(s.server_pid) : -1;
  asio::io_context context(1);
  std::atomic<int> next{0};
  std::vector<std::unique_ptr<Socket>> held;
  held.reserve(static_cast<std::size_t>(s.idle));
  Tally tally;
  const auto start = Clock::now();
  for (int w = 0; w < std::min(s.idle_window, s.idle); ++w)
    asio::co_spawn(context, idle_opener(s, server, next, held, tally), asio::detached);
  context.run();
  const double open_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::this_thread::sleep_for(std::chrono::seconds(1));  // let the server settle (allocators, logs)
  const long after = s.server_pid > 0 ? rss_kb(s.server_pid) : -1;
  std::printf("careerbot-load idle: %zu of %d connections open with their welcome in %.1f s (%d sources)\n",
              held.size(), s.idle, open_seconds, s.sources);
  for (const auto& p : tally.first_problems) std::printf("  problem: %s\n", p.c_str());
  if (s.server_pid > 0) {
    std::printf("  server VmRSS: %.1f MB before, %.1f MB with the connections open (+%.1f kB each)\n",
                static_cast<double>(before) / 1024, static_cast<double>(after) / 1024,
                held.empty() ? 0.0 : static_cast<double>(after - before) / static_cast<double>(held.size()));
  }
  std::printf("RESULT label=idle connections=%zu failures=%ld rss_before_kb=%ld rss_after_kb=%ld\n",
              held.size(), tally.connect_failures, before, after);
  std::fflush(stdout);
  if (s.hold_seconds > 0) std::this_thread::sleep_for(std::chrono::duration<double>(s.hold_seconds));
  // Leaving closes every socket at once (the process exits); no close handshakes needed for idle ones.
  return held.size() == static_cast<std::size_t>(s.idle) ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  const Settings settings = parse_settings(argc, argv);
  const unsigned long open_files = raise_open_file_limit();
  if (settings.idle + 16 > static_cast<long>(open_files)) {
    std::cerr << "careerbot-load: --idle " << settings.idle << " needs more open files than the limit ("
              << open_files << ")\n";
    return 2;
  }
  try {
    const tcp::endpoint server(asio::ip::make_address(settings.host), settings.port);
    return settings.idle > 0 ? run_idle(settings, server) : run_chat(settings, server);
  } catch (const std::exception& e) {
    std::cerr << "careerbot-load: " << e.what() << "\n";
    return 1;
  }
}
