// The WhatsApp channel's small parts: the Graph API base URL, remembered message ids, the serial
// lanes turns run on, and the contact -> session file (a real SQLite file; numbers stored hashed).
#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <future>
#include <map>
#include <mutex>
#include <stdexcept>

#include "net/graph_api_endpoint.hpp"
#include "net/recent_ids.hpp"
#include "net/serial_lanes.hpp"
#include "net/webhook_signature.hpp"
#include "store/whatsapp_contacts.hpp"

namespace careerbot::net {
namespace {

TEST(GraphApiEndpoint, ReadsHttpsBaseAndLoopbackStandIns) {
  const auto graph = parse_graph_api_base("https://graph.facebook.com/v21.0/");
  EXPECT_TRUE(graph.tls);
  EXPECT_EQ(graph.host, "graph.facebook.com");
  EXPECT_EQ(graph.port, "443");
  EXPECT_EQ(messages_path(graph, "106540352242922"), "/v21.0/106540352242922/messages");

  const auto local = parse_graph_api_base("http://127.0.0.1:8089/v21.0");
  EXPECT_FALSE(local.tls);
  EXPECT_EQ(local.host, "127.0.0.1");
  EXPECT_EQ(local.port, "8089");
  const auto v6 = parse_graph_api_base("http://[::1]:9000");
  EXPECT_EQ(v6.host, "::1");
  EXPECT_EQ(messages_path(v6, "1"), "/1/messages");

  for (const char* bad : {"graph.facebook.com/v21.0", "ftp://graph.facebook.com", "https://",
                          "https://graph.facebook.com:99999/v21.0", "https://graph.facebook.com/v21.0?x=1",
                          "http://graph.facebook.com/v21.0", "http://10.0.0.5/v21.0", "https://user@host/"}) {
    EXPECT_THROW(parse_graph_api_base(bad), std::invalid_argument) << bad;
  }
  EXPECT_TRUE(is_loopback_host("localhost"));
  EXPECT_TRUE(is_loopback_host("127.0.0.7"));
  EXPECT_FALSE(is_loopback_host("127.evil.com"));
  EXPECT_FALSE(is_loopback_host("1270.0.0.1"));
}

TEST(RecentIds, AnIdIsNewOnceAndTheOldestAreForgottenFirst) {
  RecentIds ids(3);
  EXPECT_TRUE(ids.first_time("wamid.1"));
  EXPECT_FALSE(ids.first_time("wamid.1"));
  EXPECT_TRUE(ids.first_time("wamid.2"));
  EXPECT_TRUE(ids.first_time("wamid.3"));
  EXPECT_TRUE(ids.first_time("wamid.4"));
  EXPECT_EQ(ids.size(), 3u);
  EXPECT_TRUE(ids.first_time("wamid.1")) << "the oldest was forgotten";
  EXPECT_FALSE(ids.first_time("wamid.4"));
  ids.forget("wamid.4");
  EXPECT_TRUE(ids.first_time("wamid.4"));
}

TEST(SerialLanes, OneKeyRunsInOrderAndTheQueueIsBounded) {
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::mutex mutex;
  std::map<std::string, std::vector<int>> seen;
  {
    SerialLanes lanes(2, 6);
    // Hold every lane so the queue fills: one blocking job per lane key until released.
    std::atomic<int> blocked{0};
    for (const char* key : {"holder-a", "holder-b", "holder-c", "holder-d"}) {
      lanes.post(key, [&] {
        ++blocked;
        released.wait();
      });
    }
    int accepted = 0;
    for (int i = 0; i < 10; ++i) {
      if (lanes.post("student", [&, i] {
            std::lock_guard lock(mutex);
            seen["student"].push_back(i);
          }))
        ++accepted;
    }
    EXPECT_EQ(accepted, 2) << "six jobs at most, four of them holding lanes";
    EXPECT_EQ(lanes.pending(), 6u);
    release.set_value();
    lanes.stop();  // runs what was queued
    EXPECT_EQ(lanes.pending(), 0u);
    EXPECT_FALSE(lanes.post("student", [] {}));
  }
  EXPECT_EQ(seen["student"], (std::vector<int>{0, 1}));
}

TEST(SerialLanes, AThrowingJobDoesNotStopTheLane) {
  std::atomic<int> ran{0};
  SerialLanes lanes(1, 10);
  lanes.post("k", [] { throw std::runtime_error("boom"); });
  lanes.post("k", [&] { ++ran; });
  lanes.stop();
  EXPECT_EQ(ran.load(), 1);
}

TEST(WhatsAppContacts, NumbersAreStoredOnlyAsKeyedHashesAndSurviveReopening) {
  const auto path =
      std::filesystem::temp_directory_path() / ("wa-contacts-" + std::to_string(::getpid()) + ".db");
  std::filesystem::remove(path);
  const std::string key = contact_key("app-secret", "919812345678");
  EXPECT_EQ(key.size(), 64u);
  EXPECT_NE(key, contact_key("other-secret", "919812345678")) << "keyed by the app secret";
  EXPECT_NE(key, contact_key("app-secret", "919812345679"));
  {
    store::WhatsAppContacts contacts(path);
    EXPECT_FALSE(contacts.session_for(key));
    contacts.remember(key, "session-1");
    EXPECT_EQ(contacts.session_for(key), "session-1");
    contacts.remember(key, "session-2");
  }
  {
    store::WhatsAppContacts contacts(path);
    EXPECT_EQ(contacts.session_for(key), "session-2");
  }
  SQLite::Database db(path.string());
  SQLite::Statement rows(db, "SELECT contact FROM whatsapp_contacts");
  ASSERT_TRUE(rows.executeStep());
  EXPECT_EQ(rows.getColumn(0).getString(), key);
  EXPECT_FALSE(rows.executeStep());
  std::filesystem::remove(path);
  std::filesystem::remove(path.string() + "-wal");
  std::filesystem::remove(path.string() + "-shm");
}

}  // namespace
}  // namespace careerbot::net
