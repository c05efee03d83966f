#pragma once
// Every deployment setting of the server, and how they are loaded: defaults, then a YAML
// file (config/careerbot.conf), then environment variables (CAREERBOT_<NAME>), then command-line
// flags (--name VALUE or --name=VALUE). Each layer overrides the one before.
//
// Every setting has one name used in all three places: file key `max_text_chars`, environment
// variable `CAREERBOT_MAX_TEXT_CHARS`, flag `--max-text-chars`. One table in config.cpp drives all
// three: add_config_flags() turns it into CLI11 flags, `config_help()` lists them all.
//
// An invalid value throws ConfigError naming where it came from and the setting, e.g.
// "config/careerbot.conf:7: port: must be 0..65535" or "environment CAREERBOT_PORT: port: ...".
//
// Thread-safety: Config is a plain value; loading functions touch no global state.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace CLI {
class App;
}

namespace careerbot {

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class LogLevel { debug, info, warn, error, off };

std::string_view to_string(LogLevel level) noexcept;

// How log lines look: one JSON object each (for the journal and jq), or plain text for a terminal.
enum class LogFormat { json, text };

// A token bucket: `per_second` tokens are added each second, up to `burst`.
struct RateLimit {
  double per_second = 10;
  double burst = 20;
};

// Where sessions live: an embedded SQLite file (one process) or a Redis server shared by instances.
enum class SessionBackend { sqlite, redis };

struct Config {
  // Network
  std::string bind_address = "127.0.0.1";
  unsigned short port = 8080;  // 0 = pick a free port
  unsigned io_threads = 2;
  unsigned worker_threads = 8;  // turns and other calls that may wait on a store (off the I/O threads)

  // Content and stores
  std::string knowledge_db = "var/knowledge.db";
  std::string knowledge_dir = "knowledge";
  std::string intents_dir = "intents";
  std::string model_cache_dir = "var/models";
  std::string sessions_db = "var/sessions.db";
  std::uint64_t min_free_disk_mb = 100;        // readiness: free space the sessions folder's disk must keep
  std::uint64_t sessions_db_max_mb = 0;        // a quota on sessions_db (SQLite max_page_count); 0: none
  std::size_t sessions_max_unsaved = 100'000;  // sessions waiting to be written (memory bound)
  std::chrono::seconds session_idle_timeout = std::chrono::hours(24);
  std::chrono::seconds session_memory_idle = std::chrono::minutes(10);
  std::size_t history_turns = 20;
  std::size_t max_stored_sessions = 1'000'000;  // then the least recently used are evicted
  SessionBackend session_store = SessionBackend::sqlite;
  std::string redis_host = "127.0.0.1";
  unsigned short redis_port = 6379;
  unsigned redis_db = 0;
  std::string redis_key_prefix = "careerbot:session:";
  std::chrono::milliseconds redis_timeout{200};  // per Redis connect and command
  std::string redis_unix_socket;  // when set, Redis is reached here instead of redis_host:redis_port
  std::string redis_user;         // ACL user; empty: AUTH with redis_password alone
  std::string redis_password;     // empty: no AUTH

  // Limits
  std::size_t max_text_chars = 8000;              // per message, in code points
  std::size_t max_frame_bytes = 64 * 1024;        // WebSocket message cap (Beast closes with 1009 above)
  std::size_t max_body_bytes = 64 * 1024;         // HTTP request body cap (413 above)
  std::size_t max_connections = 10000;            // open connections; 503 too_many_connections above
  std::size_t max_connections_per_address = 256;  // open connections from one client address (503 above)
  RateLimit connection_rate{10, 20};              // messages per connection
  RateLimit ip_rate{30, 60};                      // messages per client address
  RateLimit connect_rate{5, 60};                  // WebSocket connects per client address
  std::chrono::milliseconds handshake_timeout = std::chrono::seconds(10);
  std::chrono::milliseconds idle_timeout = std::chrono::seconds(300);
  std::chrono::milliseconds websocket_silence = std::chrono::minutes(30);      // no message: closed (1000)
  std::chrono::milliseconds max_connection_lifetime = std::chrono::hours(24);  // then closed (1001)
  std::size_t write_queue_cap = 64;  // queued outgoing frames per WebSocket

  // Security
  std::vector<std::string> allowed_origins;  // empty: only same-host pages (and clients without Origin)
  std::vector<std::string> trusted_proxies;  // addresses or CIDR ranges whose X-Forwarded-For is believed
  std::string telegram_secret;               // empty: Telegram webhook off
  std::string admin_token;                   // empty: admin endpoints off
  // `"explain":true` shows how a message was matched (the matcher's internals): off unless this is on
  // or the request carries the admin token (Authorization: Bearer).
  bool allow_explain = false;

  // WhatsApp Business Cloud API (docs/deployment.md). All four secrets set: the channel is on; none
  // set: off (its webhook answers 404); anything in between is a configuration error.
  std::string whatsapp_verify_token;     // the subscription handshake's hub.verify_token
  std::string whatsapp_app_secret;       // signs every webhook body (X-Hub-Signature-256)
  std::string whatsapp_access_token;     // bearer token for the Graph API
  std::string whatsapp_phone_number_id;  // the business number replies are sent from
  std::string whatsapp_api_base = "https://graph.facebook.com/v21.0";  // http:// only for loopback
  std::string whatsapp_ca_file;  // extra CA certificates (PEM) for the Graph API; empty: the system's
  std::chrono::milliseconds whatsapp_send_timeout = std::chrono::seconds(10);  // per Graph API request
  unsigned whatsapp_senders = 2;          // Graph API requests in flight at once
  std::size_t whatsapp_queue_cap = 1000;  // replies waiting to be sent (safeguarding replies exempt)
  unsigned whatsapp_max_attempts = 5;     // per reply, on 429, 5xx and network errors
  std::chrono::milliseconds whatsapp_retry_base = std::chrono::seconds(1);  // first backoff, then doubled
  std::chrono::milliseconds whatsapp_retry_max = std::chrono::seconds(60);  // longest backoff

  // Safeguarding replies (intents/safeguarding.yaml holds the wording and the defaults)
  std::string helpline;            // empty: the file's default (India's Tele-MANAS, 14416)
  std::string counsellor_contact;  // empty: the file's default ("a counsellor at your school ...")

  // Logging and web
  LogLevel log_level = LogLevel::info;
  LogFormat log_format = LogFormat::json;
  bool log_student_text = false;
  std::string web_root = "server/web";
};

// Reads environment variables; tests pass their own.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;
EnvLookup process_environment();

// Applies a YAML file (common/record_file.hpp) on top of `config`. Unknown keys and bad values throw
// ConfigError "file:line: key: message"; a missing file throws too.
void apply_config_file(Config& config, const std::string& path);

// Applies CAREERBOT_* variables that are set.
void apply_environment(Config& config, const EnvLookup& env);

// The settings given on the command line, collected while CLI11 parses (see add_config_flags).
struct CommandLineSettings {
  std::optional<std::string> config_file;                   // --config FILE
  std::vector<std::pair<std::string, std::string>> values;  // setting name, value; in the order given
};

// Adds --config FILE and one `--<setting> VALUE` flag per setting (its help names the environment
// variable and the default) to `app`; parsing fills `flags`, which must outlive the parse. Values are
// only collected: build_config() applies them last, after the file and the environment, and reports a
// bad one naming its flag. A flag given twice takes its last value.
void add_config_flags(CLI::App& app, CommandLineSettings& flags);

// Loads the whole chain from flags already parsed: defaults, the file (flags.config_file, else
// $CAREERBOT_CONFIG, else `default_file` when that file exists), the environment, then the flags.
// Throws ConfigError for invalid values.
Config build_config(const CommandLineSettings& flags, const EnvLookup& env = process_environment(),
                    const std::string& default_file = "config/careerbot.conf");

// Loads the whole chain. `args` are the command-line arguments without the program name. The file is
// --config FILE, else $CAREERBOT_CONFIG, else `default_file` when that file exists. Parses `args` with
// the same CLI11 flags as add_config_flags. Throws ConfigError for unknown flags, missing flag values
// and invalid values; `--help` is not handled here (see wants_help).
Config load_config(const std::vector<std::string>& args, const EnvLookup& env = process_environment(),
                   const std::string& default_file = "config/careerbot.conf");

// True when `args` holds --help or -h.
bool wants_help(const std::vector<std::string>& args);

// The --help text: every flag with its environment variable, default and meaning (CLI11's usage of an
// app holding add_config_flags).
std::string config_help(std::string_view program);

// True when the WhatsApp channel is configured (validate() guarantees all or none of its secrets).
inline bool whatsapp_enabled(const Config& config) noexcept {
  return !config.whatsapp_app_secret.empty();
}

// Settings that must agree with each other (e.g. the frame cap well above the text limit); throws.
void validate(const Config& config);

}  // namespace careerbot
