// Config loading lives in server/common; its tests sit here with the server that uses it.
#include "common/config.hpp"

#include <filesystem>
#include <fstream>
#include <map>

#include <gtest/gtest.h>

namespace careerbot {
namespace {

namespace fs = std::filesystem;

EnvLookup env_of(std::map<std::string, std::string> values) {
  return [values = std::move(values)](const std::string& name) -> std::optional<std::string> {
    auto it = values.find(name);
    if (it == values.end()) return std::nullopt;
    return it->second;
  };
}

class ConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("careerbot-config-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string file(const std::string& text) {
    const auto path = dir_ / "test.conf";
    std::ofstream(path) << text;
    return path.string();
  }
  std::string error_of(const std::vector<std::string>& args, const EnvLookup& env = env_of({})) {
    try {
      load_config(args, env, "");
    } catch (const ConfigError& e) {
      return e.what();
    }
    return "no error";
  }
  fs::path dir_;
};

TEST_F(ConfigTest, DefaultsMatchTheDeploymentDefaults) {
  const Config c = load_config({}, env_of({}), "");
  EXPECT_EQ(c.bind_address, "127.0.0.1");
  EXPECT_EQ(c.port, 8080);
  EXPECT_EQ(c.io_threads, 2u);
  EXPECT_EQ(c.session_idle_timeout, std::chrono::hours(24));
  EXPECT_EQ(c.max_text_chars, 8000u);
  EXPECT_EQ(c.max_frame_bytes, 65536u);
  EXPECT_FALSE(c.log_student_text);
  EXPECT_TRUE(c.allowed_origins.empty());
}

TEST_F(ConfigTest, FileThenEnvironmentThenFlags) {
  const std::string path = file(
      "# test\nport: 9000\nbind: 0.0.0.0\nidle_timeout: 45s\nallowed_origins:\n  - https://a.example\n"
      "  - https://b.example\nlog_student_text: true\nconnection_rate: 2.5\n");
  Config c = load_config({"--config", path}, env_of({}), "");
  EXPECT_EQ(c.port, 9000);
  EXPECT_EQ(c.bind_address, "0.0.0.0");
  EXPECT_EQ(c.idle_timeout, std::chrono::seconds(45));
  EXPECT_EQ(c.allowed_origins, (std::vector<std::string>{"https://a.example", "https://b.example"}));
  EXPECT_TRUE(c.log_student_text);
  EXPECT_DOUBLE_EQ(c.connection_rate.per_second, 2.5);

  c = load_config({"--config", path},
                  env_of({{"CAREERBOT_PORT", "9100"}, {"CAREERBOT_ALLOWED_ORIGINS", "x, y"}}), "");
  EXPECT_EQ(c.port, 9100);
  EXPECT_EQ(c.allowed_origins, (std::vector<std::string>{"x", "y"}));

  c = load_config({"--config", path, "--port=0", "--max-text-chars", "100"},
                  env_of({{"CAREERBOT_PORT", "9100"}}), "");
  EXPECT_EQ(c.port, 0);
  EXPECT_EQ(c.max_text_chars, 100u);

  c = load_config({}, env_of({{"CAREERBOT_CONFIG", path}}), "");
  EXPECT_EQ(c.port, 9000);
}

TEST_F(ConfigTest, ErrorsNameTheFileLineAndSetting) {
  const std::string path = file("bind: 0.0.0.0\n\n# comment\nport: 70000\n");
  EXPECT_EQ(error_of({"--config", path}), path + ":4: port: must be 0..65535");
  const std::string unknown = file("colour: blue\n");
  EXPECT_EQ(error_of({"--config", unknown}), unknown + ":1: colour: unknown setting");
  EXPECT_EQ(error_of({}, env_of({{"CAREERBOT_IO_THREADS", "many"}})),
            "environment CAREERBOT_IO_THREADS: io_threads: must be a whole number (must be 1..256)");
  EXPECT_EQ(error_of({"--idle-timeout", "5"}),
            "command line --idle-timeout: idle_timeout: must be a whole number with a unit: ms, s, m or h "
            "(e.g. 30s)");
  EXPECT_EQ(error_of({"--log-level", "loud"}),
            "command line --log-level: log_level: must be debug, info, warn, error or off");
  EXPECT_EQ(error_of({"--bogus", "1"}),
            "command line: The following arguments were not expected: 1 --bogus (see --help)");
  EXPECT_EQ(error_of({"--port"}), "command line: --port: 1 required VALUE missing (see --help)");
  EXPECT_NE(error_of({"--config", (dir_ / "missing.conf").string()}).find("missing.conf"), std::string::npos);
  EXPECT_EQ(error_of({"--max-frame-bytes", "4096"}).rfind("max_frame_bytes:", 0), 0u);
}

TEST_F(ConfigTest, TrustedProxiesAreAddressesOrCidrRanges) {
  const Config c = load_config({"--trusted-proxies", "127.0.0.1, 10.0.0.0/8,fd00::/8"}, env_of({}), "");
  EXPECT_EQ(c.trusted_proxies, (std::vector<std::string>{"127.0.0.1", "10.0.0.0/8", "fd00::/8"}));
  EXPECT_EQ(error_of({"--trusted-proxies", "10.0.0.0/8,proxy.local"}),
            "command line --trusted-proxies: trusted_proxies: 'proxy.local' is not an IP address or a CIDR "
            "range (e.g. 10.0.0.0/8, fd00::/8)");
  EXPECT_NE(error_of({"--trusted-proxies", "10.0.0.0/33"}).find("'10.0.0.0/33'"), std::string::npos);
}

TEST_F(ConfigTest, SecretsShorterThan32CharactersAreRefused) {
  const std::string long_enough(32, 'k');
  const Config c =
      load_config({"--telegram-secret", long_enough, "--admin-token", long_enough + "x"}, env_of({}), "");
  EXPECT_EQ(c.telegram_secret, long_enough);
  EXPECT_EQ(c.admin_token, long_enough + "x");
  EXPECT_EQ(
      error_of({"--telegram-secret", std::string(31, 'k')}),
      "command line --telegram-secret: telegram_secret: must be at least 32 characters (empty turns the "
      "webhook off)");
  EXPECT_EQ(error_of({}, env_of({{"CAREERBOT_ADMIN_TOKEN", "s3cret"}})),
            "environment CAREERBOT_ADMIN_TOKEN: admin_token: must be at least 32 characters (empty turns the "
            "admin endpoints off)");
  const Config off = load_config({"--config", file("telegram_secret:\nadmin_token:\n")}, env_of({}), "");
  EXPECT_TRUE(off.telegram_secret.empty());
  EXPECT_TRUE(off.admin_token.empty());
}

TEST_F(ConfigTest, SessionStoreAndRedisSettings) {
  const Config defaults = load_config({}, env_of({}), "");
  EXPECT_EQ(defaults.session_store, SessionBackend::sqlite);
  EXPECT_EQ(defaults.redis_host, "127.0.0.1");
  EXPECT_EQ(defaults.redis_port, 6379);
  EXPECT_EQ(defaults.redis_key_prefix, "careerbot:session:");
  EXPECT_EQ(defaults.redis_timeout, std::chrono::milliseconds(200));
  const std::string path = file("session_store: redis\nredis_port: 7000\nredis_db: 3\n");
  const Config c = load_config({"--config", path, "--redis-timeout", "1s", "--redis-key-prefix", "cb:"},
                               env_of({{"CAREERBOT_REDIS_HOST", "10.0.0.5"}}), "");
  EXPECT_EQ(c.session_store, SessionBackend::redis);
  EXPECT_EQ(c.redis_host, "10.0.0.5");
  EXPECT_EQ(c.redis_port, 7000);
  EXPECT_EQ(c.redis_db, 3u);
  EXPECT_EQ(c.redis_key_prefix, "cb:");
  EXPECT_EQ(c.redis_timeout, std::chrono::seconds(1));
  EXPECT_EQ(error_of({"--session-store", "memcached"}),
            "command line --session-store: session_store: must be sqlite or redis");
  const std::string help = config_help("careerbot");
  const auto flag = help.find("--redis-timeout VALUE");
  ASSERT_NE(flag, std::string::npos);
  EXPECT_EQ(help.find("(CAREERBOT_REDIS_TIMEOUT, default '200ms')"), help.find_first_not_of(' ', flag + 21));
}

TEST_F(ConfigTest, AFlagGivenTwiceTakesItsLastValue) {
  // scripts/cluster.sh appends flags after the defaults it passes: the later one must win.
  const Config c =
      load_config({"--io-threads", "2", "--port=81", "--io-threads=8", "--port", "82"}, env_of({}), "");
  EXPECT_EQ(c.io_threads, 8u);
  EXPECT_EQ(c.port, 82);
}

TEST_F(ConfigTest, WhatsAppIsOffUntilAllFourSecretsAreSet) {
  const Config defaults = load_config({}, env_of({}), "");
  EXPECT_FALSE(whatsapp_enabled(defaults));
  EXPECT_EQ(defaults.whatsapp_api_base, "https://graph.facebook.com/v21.0");
  EXPECT_EQ(defaults.whatsapp_queue_cap, 1000u);
  EXPECT_EQ(defaults.whatsapp_send_timeout, std::chrono::seconds(10));

  const std::string path = file(
      "whatsapp_api_base: http://127.0.0.1:9/v21.0\nwhatsapp_phone_number_id: 106540352242922\n"
      "whatsapp_retry_base: 5ms\nwhatsapp_retry_max: 40ms\nwhatsapp_queue_cap: 4\n");
  const Config c = load_config({"--config", path, "--whatsapp-max-attempts", "7"},
                               env_of({{"CAREERBOT_WHATSAPP_VERIFY_TOKEN", "verify"},
                                       {"CAREERBOT_WHATSAPP_APP_SECRET", "app-secret"},
                                       {"CAREERBOT_WHATSAPP_ACCESS_TOKEN", "EAAG-token"}}),
                               "");
  EXPECT_TRUE(whatsapp_enabled(c));
  EXPECT_EQ(c.whatsapp_api_base, "http://127.0.0.1:9/v21.0");
  EXPECT_EQ(c.whatsapp_phone_number_id, "106540352242922");
  EXPECT_EQ(c.whatsapp_retry_base, std::chrono::milliseconds(5));
  EXPECT_EQ(c.whatsapp_retry_max, std::chrono::milliseconds(40));
  EXPECT_EQ(c.whatsapp_queue_cap, 4u);
  EXPECT_EQ(c.whatsapp_max_attempts, 7u);

  // Half a configuration is refused at start, naming what is missing.
  EXPECT_EQ(error_of({"--whatsapp-app-secret", "x", "--whatsapp-verify-token", "y"}),
            "whatsapp: set all of whatsapp_verify_token, whatsapp_app_secret, whatsapp_access_token and "
            "whatsapp_phone_number_id, or none; missing: whatsapp_access_token, whatsapp_phone_number_id");
  EXPECT_EQ(error_of({"--whatsapp-api-base", "graph.facebook.com"}),
            "command line --whatsapp-api-base: whatsapp_api_base: must start with https:// (or http:// for "
            "a local stand-in)");
  EXPECT_EQ(error_of({"--whatsapp-retry-base", "2m"}),
            "whatsapp_retry_base: must not be above whatsapp_retry_max");
  EXPECT_EQ(error_of({"--whatsapp-senders", "0"}),
            "command line --whatsapp-senders: whatsapp_senders: must be 1..64");
}

TEST_F(ConfigTest, ShippedConfigFilesLoad) {
  const fs::path root = CAREERBOT_SOURCE_DIR;
  const Config production =
      load_config({"--config", (root / "config/careerbot.conf").string()}, env_of({}), "");
  EXPECT_EQ(production.port, 8080);
  const Config test = load_config({"--config", (root / "config/test.conf").string()}, env_of({}), "");
  EXPECT_EQ(test.port, 0);
  EXPECT_LT(test.idle_timeout, production.idle_timeout);
}

TEST_F(ConfigTest, HelpListsEverySettingWithItsVariable) {
  EXPECT_TRUE(wants_help({"--port", "1", "--help"}));
  EXPECT_FALSE(wants_help({"--port", "1"}));
  const std::string help = config_help("careerbot");
  for (const char* expected : {"--port VALUE",
                               "(CAREERBOT_PORT, default '8080')",
                               "--bind",
                               "--io-threads",
                               "--knowledge-db",
                               "--sessions-db",
                               "--session-idle-timeout",
                               "--history-turns",
                               "--max-text-chars",
                               "--max-frame-bytes",
                               "--max-body-bytes",
                               "--max-connections",
                               "--connection-rate",
                               "--ip-burst",
                               "--handshake-timeout",
                               "--idle-timeout",
                               "--write-queue-cap",
                               "--allowed-origins",
                               "--trusted-proxies",
                               "--telegram-secret",
                               "--admin-token",
                               "--whatsapp-app-secret",
                               "--whatsapp-queue-cap",
                               "--log-level",
                               "--log-student-text",
                               "--web-root",
                               "--config FILE"}) {
    EXPECT_NE(help.find(expected), std::string::npos) << expected;
  }
}

}  // namespace
}  // namespace careerbot
