// Overload, functionally: a client that stops reading while the server has much to send it is closed
// with 1008 "too slow: messages not read" once it reads again (write queues are capped), and cut off
// if it never does; a client flooding messages gets
// rate_limited errors (429 over REST), and in both cases another client is still answered and the
// server's memory stays bounded (VmRSS before/after, a generous bound, no timing). The effect on
// other clients' p99 latency is measured by the benchmark (bench/), never asserted here.
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

#include "process_memory.hpp"
#include "server_process.hpp"
#include "test_client.hpp"

namespace careerbot::testing {
namespace {

using namespace std::chrono_literals;

long rss_kb(pid_t pid) {
  return resident_kb(std::to_string(pid));
}

// A counter or gauge from /metrics, e.g. "careerbot_open_websockets".
long metric(unsigned short port, const std::string& name) {
  const auto metrics = http_get(port, "/metrics").body;
  const auto at = metrics.find("\n" + name + " ");
  if (at == std::string::npos) throw std::runtime_error("no " + name + " in /metrics");
  return std::stol(metrics.substr(at + name.size() + 2));
}

// Polls (with a deadline against a hung test only) until `done` holds.
template <class Condition>
bool eventually(Condition done) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (!done()) {
    if (std::chrono::steady_clock::now() > give_up) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

bool file_contains(const std::string& path, const std::string& text) {
  std::ifstream in(path);
  const std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return content.find(text) != std::string::npos;
}

// A WebSocket client on a plain socket with a tiny receive buffer, so the server's writes block as
// soon as it stops reading. Frames are written by hand (RFC 6455: masked, FIN, text opcode).
class StubbornClient {
 public:
  explicit StubbornClient(unsigned short port) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) throw std::runtime_error("socket failed");
    const int small = 4096;  // set before connect, so the advertised window stays small
    setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0)
      throw std::runtime_error("connect failed");
    write_all(
        "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
    std::string response;
    while (response.find("\r\n\r\n") == std::string::npos) response += read_some();
    if (response.rfind("HTTP/1.1 101", 0) != 0) throw std::runtime_error("upgrade refused: " + response);
    pending_ = response.substr(response.find("\r\n\r\n") + 4);
  }
  ~StubbornClient() { close(fd_); }
  StubbornClient(const StubbornClient&) = delete;
  StubbornClient& operator=(const StubbornClient&) = delete;

  // False when the socket stays full for 30 s: the server has stopped reading (TCP pushes back).
  bool send_text(const std::string& payload) {
    std::string frame = "\x81";
    if (payload.size() < 126) {
      frame += static_cast<char>(0x80 | payload.size());
    } else {
      frame += static_cast<char>(0x80 | 126);
      frame += static_cast<char>(payload.size() >> 8);
      frame += static_cast<char>(payload.size() & 0xff);
    }
    const std::array<char, 4> mask = {'\x12', '\x34', '\x56', '\x78'};
    frame.append(mask.data(), mask.size());
    for (std::size_t i = 0; i < payload.size(); ++i) frame += static_cast<char>(payload[i] ^ mask[i % 4]);
    return write_all(frame);
  }

  // Reads frames until the server's close frame; returns its code and reason, or nullopt if the
  // connection ended without one. `frames` counts the data frames read before it.
  std::optional<std::pair<int, std::string>> read_until_close(int& frames) {
    frames = 0;
    try {
      for (;;) {
        const auto header = take(2);
        const int opcode = header[0] & 0x0f;
        std::uint64_t length = static_cast<unsigned char>(header[1]) & 0x7f;
        if (length == 126) {
          const auto ext = take(2);
          length = (static_cast<std::uint64_t>(static_cast<unsigned char>(ext[0])) << 8) |
                   static_cast<unsigned char>(ext[1]);
        } else if (length == 127) {
          const auto ext = take(8);
          length = 0;
          for (char c : ext) length = (length << 8) | static_cast<unsigned char>(c);
        }
        const auto payload = take(static_cast<std::size_t>(length));
        if (opcode == 0x8) {
          const int code = payload.size() >= 2 ? (static_cast<unsigned char>(payload[0]) << 8) |
                                                     static_cast<unsigned char>(payload[1])
                                               : 0;
          return std::make_pair(code, payload.size() > 2 ? payload.substr(2) : std::string());
        }
        if (opcode == 0x1) ++frames;
      }
    } catch (const std::runtime_error&) {
      return std::nullopt;
    }
  }

 private:
  bool write_all(const std::string& bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
      const ssize_t n = ::send(fd_, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
      if (n <= 0) return false;
      done += static_cast<std::size_t>(n);
    }
    return true;
  }
  std::string read_some() {
    std::array<char, 65536> buffer{};
    const ssize_t n = ::recv(fd_, buffer.data(), buffer.size(), 0);
    if (n <= 0) throw std::runtime_error("connection ended");
    return std::string(buffer.data(), static_cast<std::size_t>(n));
  }
  std::string take(std::size_t count) {
    while (pending_.size() < count) pending_ += read_some();
    std::string out = pending_.substr(0, count);
    pending_.erase(0, count);
    return out;
  }

  int fd_ = -1;
  std::string pending_;
};

class OverloadEndToEnd : public ::testing::Test {
 protected:
  void SetUp() override { build_knowledge_db(dir.file("knowledge.db")); }
  ServerOptions options(std::vector<std::string> extra = {}) {
    return {dir.file("sessions.db"), dir.file("knowledge.db"), "", "", std::move(extra)};
  }
  static void expect_answered(unsigned short port, const std::string& address) {
    WsClient other(port, WsOptions::from_address(address));
    EXPECT_EQ(other.read_json(30s)["type"], "welcome");
    other.send_json({{"type", "message"}, {"text", "who hires in pune?"}});
    const auto reply = other.read_json(30s);
    EXPECT_EQ(reply["type"], "reply") << reply.dump();
    EXPECT_EQ(reply["intent"], "employers_india") << reply.dump();
  }
  TempDir dir;
};

// Sends `messages` long answers' worth of requests without reading, until the server logs that it
// gave up on the client (ws_too_slow) or stops reading from it. Returns how many were sent.
int flood_without_reading(StubbornClient& stubborn, int messages) {
  const std::string message =
      R"({"type":"message","text":"walk me through every route to become an ML specialist","explain":true})";
  int sent = 0;
  while (sent < messages && stubborn.send_text(message)) ++sent;
  return sent;
}

// With long closing-handshake and idle times (so a stalled CI machine cannot turn the close into a
// cut connection), a client that stops reading and comes back later is told why.
TEST_F(OverloadEndToEnd, AClientThatStopsReadingIsClosedAsTooSlowAndOthersAreStillAnswered) {
  const std::string log = dir.file("server.log");
  ServerProcess server(
      options({"--connection-rate", "100000", "--connection-burst", "100000", "--ip-rate", "100000",
               "--ip-burst", "100000", "--handshake-timeout", "120s", "--idle-timeout", "120s"}),
      log);
  expect_answered(server.port(), "127.0.0.40");  // warm: content loaded, threads started
  const long rss_before = rss_kb(server.pid());

  StubbornClient stubborn(server.port());
  constexpr int kMessages = 2000;
  const int sent = flood_without_reading(stubborn, kMessages);
  ASSERT_TRUE(eventually([&] { return file_contains(log, "ws_too_slow"); })) << "sent " << sent;

  expect_answered(server.port(), "127.0.0.41");  // while the stubborn client still is not reading
  // Sanitizer builds keep freed memory in quarantine and shadow memory: RSS says nothing there.
  const long grown_kb = rss_kb(server.pid()) - rss_before;
  if (!kSanitized) {
    EXPECT_LT(grown_kb, 32 * 1024) << "RSS grew " << grown_kb << " kB";
  }

  // Now it reads: what the kernel buffered, then the server's close with its reason.
  int frames = 0;
  const auto close = stubborn.read_until_close(frames);
  ASSERT_TRUE(close.has_value()) << "the connection ended without a close frame after " << frames;
  EXPECT_EQ(close->first, 1008);
  EXPECT_EQ(close->second, "too slow: messages not read");
  EXPECT_LT(frames, sent) << "replies were dropped, not queued without bound";
  expect_answered(server.port(), "127.0.0.42");
}

// A client that never reads again cannot even take the close frame: the server cuts the connection
// after the closing-handshake time (test config: 2 s), so it never holds a slot forever.
TEST_F(OverloadEndToEnd, AClientThatNeverReadsIsDisconnected) {
  const std::string log = dir.file("server.log");
  ServerProcess server(options({"--connection-rate", "100000", "--connection-burst", "100000", "--ip-rate",
                                "100000", "--ip-burst", "100000"}),
                       log);
  StubbornClient stubborn(server.port());
  flood_without_reading(stubborn, 2000);
  ASSERT_TRUE(eventually([&] { return file_contains(log, "ws_too_slow"); }));
  expect_answered(server.port(), "127.0.0.43");
  EXPECT_TRUE(eventually([&] { return metric(server.port(), "careerbot_open_websockets") == 0; }))
      << "the stubborn connection is still open";
}

TEST_F(OverloadEndToEnd, AFloodingClientGetsRateLimitedWhileOthersAreAnswered) {
  // The per-address budget (shared by WebSocket and REST) is the one that bites: 5 at once, then 1/s.
  ServerProcess server(options(
      {"--connection-rate", "100000", "--connection-burst", "100000", "--ip-rate", "1", "--ip-burst", "5"}));
  expect_answered(server.port(), "127.0.0.50");
  const long rss_before = rss_kb(server.pid());

  WsClient flooder(server.port(), WsOptions::from_address("127.0.0.51"));
  flooder.read_json(30s);
  // Pipelined in rounds smaller than write_queue_cap (a client that reads nothing while more than that
  // is queued is closed as too slow: the other test), reading each round's answers.
  constexpr int kRounds = 6;
  constexpr int kPerRound = 50;
  constexpr int kFlood = kRounds * kPerRound;
  int replies = 0;
  int limited = 0;
  for (int round = 0; round < kRounds; ++round) {
    for (int i = 0; i < kPerRound; ++i) flooder.send_json({{"type", "message"}, {"text", "hi"}, {"id", i}});
    for (int i = 0; i < kPerRound; ++i) {
      const auto frame = flooder.read_json(30s);
      if (frame["type"] == "reply") ++replies;
      if (frame["type"] == "error" && frame["code"] == "rate_limited") ++limited;
    }
    if (round == 0) {
      // REST from the same address shares its per-address budget, now spent: 429 with Retry-After.
      const auto rest = http_request(server.port(), "POST", "/api/v1/chat", R"({"text":"hi"})",
                                     {{"Content-Type", "application/json"}}, "127.0.0.51");
      EXPECT_EQ(rest.status, 429) << rest.body;
      EXPECT_EQ(rest.header("retry-after"), "1");
      expect_answered(server.port(), "127.0.0.52");  // another address is unaffected
    }
  }
  EXPECT_EQ(replies + limited, kFlood) << "every message gets an answer or a rate_limited error";
  EXPECT_GE(replies, 5) << "the burst is answered";
  EXPECT_GE(limited, kFlood / 2) << "5 + 1/s could only answer this many after minutes of sending";
  if (!kSanitized) {
    EXPECT_LT(rss_kb(server.pid()) - rss_before, 64 * 1024);
  }

  flooder.send_json({{"type", "message"}, {"text", "hi"}});  // the connection stays usable
  const auto last = flooder.read_json(30s);
  EXPECT_TRUE(last["type"] == "reply" || last["code"] == "rate_limited") << last.dump();
}

}  // namespace
}  // namespace careerbot::testing
