#include "common/config.hpp"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <utility>

#include <CLI/CLI.hpp>

#include "common/address_range.hpp"
#include "common/record_file.hpp"
#include "common/trim.hpp"

namespace careerbot {
namespace {

// Thrown by a setting's parser; the caller adds where the value came from.
struct BadValue {
  std::string message;
};

std::uint64_t parse_unsigned(const std::string& value, std::uint64_t min, std::uint64_t max) {
  std::uint64_t number = 0;
  const auto* end = value.data() + value.size();
  const auto [ptr, ec] = std::from_chars(value.data(), end, number);
  const std::string range = "must be " + std::to_string(min) + ".." + std::to_string(max);
  if (value.empty() || ec == std::errc::result_out_of_range) throw BadValue{range};
  if (ec != std::errc() || ptr != end) throw BadValue{"must be a whole number (" + range + ")"};
  if (number < min || number > max) throw BadValue{range};
  return number;
}

double parse_positive_number(const std::string& value) {
  double number = 0;
  const auto* end = value.data() + value.size();
  const auto [ptr, ec] = std::from_chars(value.data(), end, number);
  if (value.empty() || ec != std::errc() || ptr != end || !(number > 0) || number > 1e9) {
    throw BadValue{"must be a number above 0"};
  }
  return number;
}

// "500ms", "30s", "5m", "24h".
std::chrono::milliseconds parse_duration(const std::string& value, std::chrono::milliseconds min) {
  const auto unit_at = value.find_first_not_of("0123456789");
  if (unit_at == 0 || unit_at == std::string::npos) {
    throw BadValue{"must be a whole number with a unit: ms, s, m or h (e.g. 30s)"};
  }
  const std::string unit = value.substr(unit_at);
  const auto number = parse_unsigned(value.substr(0, unit_at), 0, 1'000'000'000);
  std::chrono::milliseconds result;
  if (unit == "ms") {
    result = std::chrono::milliseconds(number);
  } else if (unit == "s") {
    result = std::chrono::seconds(number);
  } else if (unit == "m") {
    result = std::chrono::minutes(number);
  } else if (unit == "h") {
    result = std::chrono::hours(number);
  } else {
    throw BadValue{"unknown unit '" + unit + "': use ms, s, m or h"};
  }
  if (result < min) throw BadValue{"must be at least " + std::to_string(min.count()) + "ms"};
  return result;
}

std::string format_duration(std::chrono::milliseconds value) {
  const auto ms = value.count();
  if (ms % 3'600'000 == 0 && ms != 0) return std::to_string(ms / 3'600'000) + "h";
  if (ms % 60'000 == 0 && ms != 0) return std::to_string(ms / 60'000) + "m";
  if (ms % 1000 == 0) return std::to_string(ms / 1000) + "s";
  return std::to_string(ms) + "ms";
}

// A secret that guards an endpoint on the open internet: empty (the endpoint is off) or long enough
// that guessing it is hopeless. Shorter ones are refused, so a placeholder never reaches production.
constexpr std::size_t kMinSecretChars = 32;

std::string long_secret(const std::string& value, std::string_view what) {
  if (!value.empty() && value.size() < kMinSecretChars) {
    throw BadValue{"must be at least " + std::to_string(kMinSecretChars) + " characters (empty turns " +
                   std::string(what) + " off)"};
  }
  return value;
}

bool parse_bool(const std::string& value) {
  if (value == "true" || value == "yes" || value == "on" || value == "1") return true;
  if (value == "false" || value == "no" || value == "off" || value == "0") return false;
  throw BadValue{"must be true or false"};
}

std::vector<std::string> parse_list(const std::string& value) {
  std::vector<std::string> items;
  std::size_t start = 0;
  while (start <= value.size()) {
    const auto comma = value.find(',', start);
    const auto item = trim(std::string_view(value).substr(start, comma - start), kBlanks);
    if (!item.empty()) items.emplace_back(item);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return items;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ",") + item;
  return out;
}

std::string format_number(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

std::string non_empty(const std::string& value) {
  if (value.empty()) throw BadValue{"must not be empty"};
  return value;
}

struct Setting {
  std::string_view name;  // file key; flag and environment names derive from it
  std::string_view help;
  std::function<void(Config&, const std::string&)> set;
  std::function<std::string(const Config&)> show;  // the current value, for --help
};

using std::chrono::milliseconds;

const std::vector<Setting>& settings() {
  static const std::vector<Setting> table = {
      {"bind", "address to listen on", [](Config& c, const std::string& v) { c.bind_address = non_empty(v); },
       [](const Config& c) { return c.bind_address; }},
      {"port", "TCP port (0 = pick a free one)",
       [](Config& c, const std::string& v) {
         c.port = static_cast<unsigned short>(parse_unsigned(v, 0, 65535));
       },
       [](const Config& c) { return std::to_string(c.port); }},
      {"io_threads", "threads running network I/O (and WebSocket turns with the SQLite store)",
       [](Config& c, const std::string& v) {
         c.io_threads = static_cast<unsigned>(parse_unsigned(v, 1, 256));
       },
       [](const Config& c) { return std::to_string(c.io_threads); }},
      {"worker_threads", "threads for calls that may wait on a session store (all turns with Redis)",
       [](Config& c, const std::string& v) {
         c.worker_threads = static_cast<unsigned>(parse_unsigned(v, 1, 256));
       },
       [](const Config& c) { return std::to_string(c.worker_threads); }},
      {"knowledge_db", "built knowledge base (SQLite file)",
       [](Config& c, const std::string& v) { c.knowledge_db = non_empty(v); },
       [](const Config& c) { return c.knowledge_db; }},
      {"knowledge_dir", "knowledge source folder the builder reads",
       [](Config& c, const std::string& v) { c.knowledge_dir = non_empty(v); },
       [](const Config& c) { return c.knowledge_dir; }},
      {"intents_dir", "intent data folder",
       [](Config& c, const std::string& v) { c.intents_dir = non_empty(v); },
       [](const Config& c) { return c.intents_dir; }},
      {"model_cache_dir", "trained classifiers, kept by content hash (trained at start when missing)",
       [](Config& c, const std::string& v) { c.model_cache_dir = non_empty(v); },
       [](const Config& c) { return c.model_cache_dir; }},
      {"sessions_db", "session store (SQLite file)",
       [](Config& c, const std::string& v) { c.sessions_db = non_empty(v); },
       [](const Config& c) { return c.sessions_db; }},
      {"session_idle_timeout", "a session unused this long expires (e.g. 24h)",
       [](Config& c, const std::string& v) {
         c.session_idle_timeout =
             std::chrono::duration_cast<std::chrono::seconds>(parse_duration(v, std::chrono::seconds(1)));
       },
       [](const Config& c) { return format_duration(c.session_idle_timeout); }},
      {"session_memory_idle", "a session unused this long leaves memory; it stays stored (e.g. 10m)",
       [](Config& c, const std::string& v) {
         c.session_memory_idle =
             std::chrono::duration_cast<std::chrono::seconds>(parse_duration(v, std::chrono::seconds(1)));
       },
       [](const Config& c) { return format_duration(c.session_memory_idle); }},
      {"history_turns", "turns kept per session and replayed on resume",
       [](Config& c, const std::string& v) { c.history_turns = parse_unsigned(v, 0, 1000); },
       [](const Config& c) { return std::to_string(c.history_turns); }},
      {"min_free_disk_mb", "/readyz fails when the sessions folder's disk has less free space (MB)",
       [](Config& c, const std::string& v) { c.min_free_disk_mb = parse_unsigned(v, 0, 1'000'000'000); },
       [](const Config& c) { return std::to_string(c.min_free_disk_mb); }},
      {"sessions_db_max_mb",
       "largest size of sessions_db in MB (0 = no limit); past it writes fail as on a full disk",
       [](Config& c, const std::string& v) { c.sessions_db_max_mb = parse_unsigned(v, 0, 1'000'000'000); },
       [](const Config& c) { return std::to_string(c.sessions_db_max_mb); }},
      {"sessions_max_unsaved",
       "sessions held in memory waiting to be written to sessions_db at most (memory bound on a full disk)",
       [](Config& c, const std::string& v) { c.sessions_max_unsaved = parse_unsigned(v, 1, 100'000'000); },
       [](const Config& c) { return std::to_string(c.sessions_max_unsaved); }},
      {"max_stored_sessions", "stored sessions kept at most; the least recently used beyond it are evicted",
       [](Config& c, const std::string& v) { c.max_stored_sessions = parse_unsigned(v, 1, 1'000'000'000); },
       [](const Config& c) { return std::to_string(c.max_stored_sessions); }},
      {"session_store", "where sessions live: sqlite (sessions_db, one process) or redis (shared)",
       [](Config& c, const std::string& v) {
         if (v == "sqlite")
           c.session_store = SessionBackend::sqlite;
         else if (v == "redis")
           c.session_store = SessionBackend::redis;
         else
           throw BadValue{"must be sqlite or redis"};
       },
       [](const Config& c) {
         return std::string(c.session_store == SessionBackend::redis ? "redis" : "sqlite");
       }},
      {"redis_host", "Redis server address (session_store redis)",
       [](Config& c, const std::string& v) { c.redis_host = non_empty(v); },
       [](const Config& c) { return c.redis_host; }},
      {"redis_port", "Redis server port",
       [](Config& c, const std::string& v) {
         c.redis_port = static_cast<unsigned short>(parse_unsigned(v, 1, 65535));
       },
       [](const Config& c) { return std::to_string(c.redis_port); }},
      {"redis_db", "Redis database number",
       [](Config& c, const std::string& v) {
         c.redis_db = static_cast<unsigned>(parse_unsigned(v, 0, 1000));
       },
       [](const Config& c) { return std::to_string(c.redis_db); }},
      {"redis_key_prefix", "prefix of every session key in Redis",
       [](Config& c, const std::string& v) { c.redis_key_prefix = non_empty(v); },
       [](const Config& c) { return c.redis_key_prefix; }},
      {"redis_timeout", "time allowed to connect to Redis and for each command (then unavailable)",
       [](Config& c, const std::string& v) { c.redis_timeout = parse_duration(v, milliseconds(1)); },
       [](const Config& c) { return format_duration(c.redis_timeout); }},
      {"redis_unix_socket", "Redis unix socket path (instead of redis_host and redis_port)",
       [](Config& c, const std::string& v) { c.redis_unix_socket = v; },
       [](const Config& c) { return c.redis_unix_socket; }},
      {"redis_user", "Redis ACL user for AUTH (empty: AUTH with the password alone)",
       [](Config& c, const std::string& v) { c.redis_user = v; },
       [](const Config& c) { return c.redis_user; }},
      {"redis_password", "Redis password for AUTH (empty: no AUTH; put it in secrets.env)",
       [](Config& c, const std::string& v) { c.redis_password = v; },
       [](const Config& c) { return c.redis_password.empty() ? "" : "(set)"; }},
      {"max_text_chars", "longest accepted message, in characters (too_large above)",
       [](Config& c, const std::string& v) { c.max_text_chars = parse_unsigned(v, 1, 1'000'000); },
       [](const Config& c) { return std::to_string(c.max_text_chars); }},
      {"max_frame_bytes", "largest WebSocket message in bytes (closed with 1009 above)",
       [](Config& c, const std::string& v) { c.max_frame_bytes = parse_unsigned(v, 1024, 64 * 1024 * 1024); },
       [](const Config& c) { return std::to_string(c.max_frame_bytes); }},
      {"max_body_bytes", "largest HTTP request body in bytes (413 above)",
       [](Config& c, const std::string& v) { c.max_body_bytes = parse_unsigned(v, 1024, 64 * 1024 * 1024); },
       [](const Config& c) { return std::to_string(c.max_body_bytes); }},
      {"max_connections", "open connections served at once (503 above)",
       [](Config& c, const std::string& v) { c.max_connections = parse_unsigned(v, 1, 10'000'000); },
       [](const Config& c) { return std::to_string(c.max_connections); }},
      {"max_connections_per_address",
       "open connections from one client address (503 above; raise it for a school behind one address)",
       [](Config& c, const std::string& v) {
         c.max_connections_per_address = parse_unsigned(v, 1, 10'000'000);
       },
       [](const Config& c) { return std::to_string(c.max_connections_per_address); }},
      {"connection_rate", "messages per second one connection may send (sustained)",
       [](Config& c, const std::string& v) { c.connection_rate.per_second = parse_positive_number(v); },
       [](const Config& c) { return format_number(c.connection_rate.per_second); }},
      {"connection_burst", "messages one connection may send at once",
       [](Config& c, const std::string& v) { c.connection_rate.burst = parse_positive_number(v); },
       [](const Config& c) { return format_number(c.connection_rate.burst); }},
      {"ip_rate", "messages per second one client address may send (sustained)",
       [](Config& c, const std::string& v) { c.ip_rate.per_second = parse_positive_number(v); },
       [](const Config& c) { return format_number(c.ip_rate.per_second); }},
      {"ip_burst", "messages one client address may send at once",
       [](Config& c, const std::string& v) { c.ip_rate.burst = parse_positive_number(v); },
       [](const Config& c) { return format_number(c.ip_rate.burst); }},
      {"connect_rate", "WebSocket connects per second one client address may make (sustained; 429 above)",
       [](Config& c, const std::string& v) { c.connect_rate.per_second = parse_positive_number(v); },
       [](const Config& c) { return format_number(c.connect_rate.per_second); }},
      {"connect_burst", "WebSocket connects one client address may make at once",
       [](Config& c, const std::string& v) { c.connect_rate.burst = parse_positive_number(v); },
       [](const Config& c) { return format_number(c.connect_rate.burst); }},
      {"handshake_timeout", "time allowed for an HTTP request or WebSocket handshake",
       [](Config& c, const std::string& v) { c.handshake_timeout = parse_duration(v, milliseconds(1)); },
       [](const Config& c) { return format_duration(c.handshake_timeout); }},
      {"idle_timeout", "a connection silent this long (pings unanswered) is closed",
       [](Config& c, const std::string& v) { c.idle_timeout = parse_duration(v, milliseconds(1)); },
       [](const Config& c) { return format_duration(c.idle_timeout); }},
      {"websocket_silence", "a WebSocket whose client sends no message this long is closed politely (1000)",
       [](Config& c, const std::string& v) { c.websocket_silence = parse_duration(v, milliseconds(1)); },
       [](const Config& c) { return format_duration(c.websocket_silence); }},
      {"max_connection_lifetime",
       "any connection open this long is closed (WebSockets with 1001; clients resume)",
       [](Config& c, const std::string& v) {
         c.max_connection_lifetime = parse_duration(v, milliseconds(1));
       },
       [](const Config& c) { return format_duration(c.max_connection_lifetime); }},
      {"write_queue_cap", "outgoing frames queued per WebSocket before it is closed as too slow",
       [](Config& c, const std::string& v) { c.write_queue_cap = parse_unsigned(v, 1, 1'000'000); },
       [](const Config& c) { return std::to_string(c.write_queue_cap); }},
      {"allowed_origins", "browser origins allowed to open a WebSocket (comma-separated; * = any)",
       [](Config& c, const std::string& v) { c.allowed_origins = parse_list(v); },
       [](const Config& c) { return join(c.allowed_origins); }},
      {"trusted_proxies",
       "proxies whose X-Forwarded-For is believed: addresses or CIDR ranges, IPv4 or IPv6 (comma-separated)",
       [](Config& c, const std::string& v) {
         auto entries = parse_list(v);
         try {
           AddressRanges{entries};
         } catch (const std::invalid_argument& error) {
           throw BadValue{error.what()};
         }
         c.trusted_proxies = std::move(entries);
       },
       [](const Config& c) { return join(c.trusted_proxies); }},
      {"telegram_secret", "Telegram webhook secret, 32+ characters (empty = webhook off)",
       [](Config& c, const std::string& v) { c.telegram_secret = long_secret(v, "the webhook"); },
       [](const Config& c) { return c.telegram_secret.empty() ? "" : "(set)"; }},
      {"admin_token", "bearer token for /api/v1/admin, 32+ characters (empty = admin off)",
       [](Config& c, const std::string& v) { c.admin_token = long_secret(v, "the admin endpoints"); },
       [](const Config& c) { return c.admin_token.empty() ? "" : "(set)"; }},
      {"allow_explain", "answer \"explain\":true for every client (false: only with the admin token)",
       [](Config& c, const std::string& v) { c.allow_explain = parse_bool(v); },
       [](const Config& c) { return std::string(c.allow_explain ? "true" : "false"); }},
      {"whatsapp_verify_token", "WhatsApp webhook verify token, for the subscription handshake",
       [](Config& c, const std::string& v) { c.whatsapp_verify_token = v; },
       [](const Config& c) { return c.whatsapp_verify_token.empty() ? "" : "(set)"; }},
      {"whatsapp_app_secret", "WhatsApp app secret that signs webhook bodies (empty = WhatsApp off)",
       [](Config& c, const std::string& v) { c.whatsapp_app_secret = v; },
       [](const Config& c) { return c.whatsapp_app_secret.empty() ? "" : "(set)"; }},
      {"whatsapp_access_token", "WhatsApp Graph API access token (sends the replies)",
       [](Config& c, const std::string& v) { c.whatsapp_access_token = v; },
       [](const Config& c) { return c.whatsapp_access_token.empty() ? "" : "(set)"; }},
      {"whatsapp_phone_number_id", "WhatsApp business phone number id replies are sent from",
       [](Config& c, const std::string& v) { c.whatsapp_phone_number_id = v; },
       [](const Config& c) { return c.whatsapp_phone_number_id; }},
      {"whatsapp_api_base", "Graph API base URL (https://; http:// only to a loopback stand-in)",
       [](Config& c, const std::string& v) {
         if (!v.starts_with("https://") && !v.starts_with("http://"))
           throw BadValue{"must start with https:// (or http:// for a local stand-in)"};
         c.whatsapp_api_base = v;
       },
       [](const Config& c) { return c.whatsapp_api_base; }},
      {"whatsapp_ca_file", "extra CA certificates (PEM) trusted for the Graph API (empty = the system's)",
       [](Config& c, const std::string& v) { c.whatsapp_ca_file = v; },
       [](const Config& c) { return c.whatsapp_ca_file; }},
      {"whatsapp_send_timeout", "time allowed for one Graph API request (connect, TLS, send, answer)",
       [](Config& c, const std::string& v) { c.whatsapp_send_timeout = parse_duration(v, milliseconds(1)); },
       [](const Config& c) { return format_duration(c.whatsapp_send_timeout); }},
      {"whatsapp_senders", "Graph API requests in flight at once (one thread each)",
       [](Config& c, const std::string& v) {
         c.whatsapp_senders = static_cast<unsigned>(parse_unsigned(v, 1, 64));
       },
       [](const Config& c) { return std::to_string(c.whatsapp_senders); }},
      {"whatsapp_queue_cap", "WhatsApp replies waiting to be sent; more are dropped and counted",
       [](Config& c, const std::string& v) { c.whatsapp_queue_cap = parse_unsigned(v, 1, 1'000'000); },
       [](const Config& c) { return std::to_string(c.whatsapp_queue_cap); }},
      {"whatsapp_max_attempts", "attempts per WhatsApp reply on 429, 5xx and network errors",
       [](Config& c, const std::string& v) {
         c.whatsapp_max_attempts = static_cast<unsigned>(parse_unsigned(v, 1, 100));
       },
       [](const Config& c) { return std::to_string(c.whatsapp_max_attempts); }},
      {"whatsapp_retry_base", "wait before the first retry of a WhatsApp reply; doubled each time",
       [](Config& c, const std::string& v) { c.whatsapp_retry_base = parse_duration(v, milliseconds(1)); },
       [](const Config& c) { return format_duration(c.whatsapp_retry_base); }},
      {"whatsapp_retry_max", "longest wait between retries of a WhatsApp reply",
       [](Config& c, const std::string& v) { c.whatsapp_retry_max = parse_duration(v, milliseconds(1)); },
       [](const Config& c) { return format_duration(c.whatsapp_retry_max); }},
      {"helpline",
       "helpline named in safeguarding replies (empty = intents/safeguarding.yaml's Tele-MANAS 14416)",
       [](Config& c, const std::string& v) { c.helpline = v; }, [](const Config& c) { return c.helpline; }},
      {"counsellor_contact",
       "how to reach a human counsellor, named in safeguarding replies (empty = the file's)",
       [](Config& c, const std::string& v) { c.counsellor_contact = v; },
       [](const Config& c) { return c.counsellor_contact; }},
      {"log_level", "debug, info, warn, error or off",
       [](Config& c, const std::string& v) {
         if (v == "debug")
           c.log_level = LogLevel::debug;
         else if (v == "info")
           c.log_level = LogLevel::info;
         else if (v == "warn")
           c.log_level = LogLevel::warn;
         else if (v == "error")
           c.log_level = LogLevel::error;
         else if (v == "off")
           c.log_level = LogLevel::off;
         else
           throw BadValue{"must be debug, info, warn, error or off"};
       },
       [](const Config& c) { return std::string(to_string(c.log_level)); }},
      {"log_format", "json (one object a line: ts, level, event, fields) or text (for a terminal)",
       [](Config& c, const std::string& v) {
         if (v == "json")
           c.log_format = LogFormat::json;
         else if (v == "text")
           c.log_format = LogFormat::text;
         else
           throw BadValue{"must be json or text"};
       },
       [](const Config& c) { return std::string(c.log_format == LogFormat::json ? "json" : "text"); }},
      {"log_student_text", "include what students type in turn logs (true/false)",
       [](Config& c, const std::string& v) { c.log_student_text = parse_bool(v); },
       [](const Config& c) { return std::string(c.log_student_text ? "true" : "false"); }},
      {"web_root", "folder of the web widget's static files",
       [](Config& c, const std::string& v) { c.web_root = non_empty(v); },
       [](const Config& c) { return c.web_root; }},
  };
  return table;
}

const Setting* find_setting(std::string_view name) {
  const auto& table = settings();
  const auto it = std::find_if(table.begin(), table.end(), [&](const Setting& s) { return s.name == name; });
  return it == table.end() ? nullptr : &*it;
}

std::string env_name(std::string_view name) {
  std::string out = "CAREERBOT_";
  for (char c : name) out += static_cast<char>(c == '_' ? '_' : std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string flag_name(std::string_view name) {
  std::string out = "--";
  for (char c : name) out += c == '_' ? '-' : c;
  return out;
}

void apply(Config& config, const Setting& setting, const std::string& value, const std::string& where) {
  try {
    setting.set(config, value);
  } catch (const BadValue& bad) {
    throw ConfigError(where + ": " + std::string(setting.name) + ": " + bad.message);
  }
}

// The description CLI11 shows beside a setting's flag: environment variable, default, meaning.
std::string flag_description(const Setting& setting, const Config& defaults) {
  return "(" + env_name(setting.name) + ", default '" + setting.show(defaults) + "')\n" +
         std::string(setting.help);
}

}  // namespace

std::string_view to_string(LogLevel level) noexcept {
  switch (level) {
    case LogLevel::debug:
      return "debug";
    case LogLevel::info:
      return "info";
    case LogLevel::warn:
      return "warn";
    case LogLevel::error:
      return "error";
    case LogLevel::off:
      return "off";
  }
  return "info";
}

EnvLookup process_environment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());  // NOLINT(concurrency-mt-unsafe): read at start-up
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

void apply_config_file(Config& config, const std::string& path) {
  RecordDocument document = [&] {
    try {
      return RecordDocument::load(path);
    } catch (const ContentError& error) {
      throw ConfigError(error.what());
    }
  }();
  try {
    for (const auto& [key, node] : document.root().entries("settings")) {
      const Setting* setting = find_setting(key);
      const std::string where = path + ":" + std::to_string(node.line());
      if (setting == nullptr) throw ConfigError(where + ": " + key + ": unknown setting");
      std::string value;
      if (node.is_list()) {
        std::vector<std::string> items;
        for (const auto& item : node.items(key)) items.push_back(item.text(key));
        value = join(items);
      } else if (node.is_scalar()) {
        value = node.text(key);
      }
      apply(config, *setting, value, where);
    }
  } catch (const ContentError& error) {
    throw ConfigError(error.what());
  }
}

void apply_environment(Config& config, const EnvLookup& env) {
  for (const auto& setting : settings()) {
    const std::string name = env_name(setting.name);
    if (auto value = env(name)) apply(config, setting, *value, "environment " + name);
  }
}

void add_config_flags(CLI::App& app, CommandLineSettings& flags) {
  const Config defaults;
  app.add_option_function<std::string>(
         "--config", [&flags](const std::string& file) { flags.config_file = file; },
         "(CAREERBOT_CONFIG)\nYAML settings file (key: value)")
      ->type_name("FILE")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  for (const auto& setting : settings()) {
    const std::string name(setting.name);
    app.add_option(flag_name(setting.name))
        ->description(flag_description(setting, defaults))
        ->type_name("VALUE")
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast)
        ->each([&flags, name](const std::string& value) { flags.values.emplace_back(name, value); });
  }
  app.footer(
      "Settings load from defaults, then the config file (--config FILE, else $CAREERBOT_CONFIG,\n"
      "else config/careerbot.conf when present), then CAREERBOT_* environment variables, then flags.\n"
      "Durations take a unit (500ms, 30s, 5m, 24h); lists are comma-separated.");
}

Config build_config(const CommandLineSettings& flags, const EnvLookup& env, const std::string& default_file) {
  Config config;
  std::optional<std::string> file = flags.config_file;
  if (!file) file = env("CAREERBOT_CONFIG");
  if (!file && !default_file.empty() && std::filesystem::exists(default_file)) file = default_file;
  if (file) apply_config_file(config, *file);
  apply_environment(config, env);
  for (const auto& [name, value] : flags.values) {
    const Setting* setting = find_setting(name);
    apply(config, *setting, value, "command line " + flag_name(setting->name));
  }
  validate(config);
  return config;
}

Config load_config(const std::vector<std::string>& args, const EnvLookup& env,
                   const std::string& default_file) {
  CLI::App app;
  app.set_help_flag();  // --help is the caller's (wants_help); here it is an unknown flag
  CommandLineSettings flags;
  add_config_flags(app, flags);
  std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 takes the last argument first
  try {
    app.parse(reversed);
  } catch (const CLI::ParseError& error) {
    throw ConfigError("command line: " + std::string(error.what()) + " (see --help)");
  }
  return build_config(flags, env, default_file);
}

bool wants_help(const std::vector<std::string>& args) {
  return std::any_of(args.begin(), args.end(),
                     [](const std::string& a) { return a == "--help" || a == "-h"; });
}

std::string config_help(std::string_view program) {
  CLI::App app(
      "The careerbot chat server: WebSocket chat, REST, Telegram webhook, health, metrics, admin\n"
      "and the web widget on one port.",
      std::string(program));
  CommandLineSettings flags;
  add_config_flags(app, flags);
  app.get_formatter()->column_width(34);
  return app.help();
}

void validate(const Config& config) {
  // Beast closes over-cap frames with 1009 before we can answer too_large, so a frame must be able to
  // carry the longest accepted text (up to 4 bytes per character plus JSON escaping and framing).
  if (config.max_frame_bytes < config.max_text_chars + 1024) {
    throw ConfigError("max_frame_bytes: must be well above max_text_chars (at least max_text_chars + 1024)");
  }
  if (config.max_body_bytes < config.max_text_chars + 1024) {
    throw ConfigError("max_body_bytes: must be at least max_text_chars + 1024");
  }
  if (config.connection_rate.burst < 1 || config.ip_rate.burst < 1 || config.connect_rate.burst < 1) {
    throw ConfigError("connection_burst/ip_burst/connect_burst: must be at least 1");
  }
  // Half a WhatsApp configuration would fail only when the first student writes: refuse to start.
  const std::pair<const char*, const std::string*> whatsapp_secrets[] = {
      {"whatsapp_verify_token", &config.whatsapp_verify_token},
      {"whatsapp_app_secret", &config.whatsapp_app_secret},
      {"whatsapp_access_token", &config.whatsapp_access_token},
      {"whatsapp_phone_number_id", &config.whatsapp_phone_number_id}};
  std::string missing;
  std::size_t set = 0;
  for (const auto& [name, value] : whatsapp_secrets) {
    if (value->empty())
      missing += std::string(missing.empty() ? "" : ", ") + name;
    else
      ++set;
  }
  if (set != 0 && !missing.empty()) {
    throw ConfigError(
        "whatsapp: set all of whatsapp_verify_token, whatsapp_app_secret, "
        "whatsapp_access_token and whatsapp_phone_number_id, or none; missing: " +
        missing);
  }
  if (config.whatsapp_retry_base > config.whatsapp_retry_max) {
    throw ConfigError("whatsapp_retry_base: must not be above whatsapp_retry_max");
  }
}

}  // namespace careerbot
