#include "net/routes.hpp"

#include <algorithm>

#include "common/log.hpp"
#include "protocol/client_message.hpp"
#include "protocol/server_message.hpp"

namespace careerbot::net {

using protocol::ErrorCode;

HttpResponse error_response(ErrorCode code, std::string message) {
  HttpResponse response;
  response.status = protocol::http_status(code);
  response.error = code;
  response.body = protocol::serialize_error_body({code, std::move(message)});
  return response;
}

namespace {

HttpResponse json_response(int status, std::string body) {
  HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

bool is_json_content_type(std::string_view content_type) {
  const std::string_view media = content_type.substr(0, content_type.find(';'));
  std::string lower(media);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  while (!lower.empty() && lower.back() == ' ') lower.pop_back();
  return lower == "application/json";
}

}  // namespace

Router::Router(const Config& config, ChatTurns& turns, Metrics& metrics, AddressRateLimiter& address_limits)
    : config_(config),
      turns_(turns),
      metrics_(metrics),
      address_limits_(address_limits),
      static_files_(config.web_root) {
  add("POST", "/api/v1/chat", [this](const HttpRequest& request) { return chat(request); });
  add("GET", "/healthz", [](const HttpRequest&) { return json_response(200, R"({"status":"ok"})"); });
  readiness_.add("knowledge_base", [this] {
    return turns_.service().ready() ? CheckResult{true, "content loaded"}
                                    : CheckResult{false, "still loading"};
  });
  add("GET", "/readyz", [this](const HttpRequest&) {
    const auto report = readiness_.report();
    if (report.ready) return json_response(200, report.body);
    auto response = json_response(protocol::http_status(ErrorCode::unavailable), report.body);
    response.error = ErrorCode::unavailable;
    return response;
  });
  add("GET", "/metrics", [this](const HttpRequest&) {
    HttpResponse response;
    response.content_type = "text/plain; version=0.0.4; charset=utf-8";
    response.body = metrics_.render();
    return response;
  });
}

void Router::add(std::string method, std::string path, RouteHandler handler) {
  routes_.push_back({std::move(method), std::move(path), std::move(handler)});
}

HttpResponse Router::handle(const HttpRequest& request) {
  try {
    return dispatch(request);
  } catch (const std::exception& e) {
    log::error("route_failed", {{"path", target_path(request.target)}, {"what", e.what()}});
  } catch (...) {
    log::error("route_failed", {{"path", target_path(request.target)}, {"what", "unknown exception"}});
  }
  return (error_response(ErrorCode::internal, "something went wrong on our side; please try again"));
}

HttpResponse Router::dispatch(const HttpRequest& request) {
  const std::string_view path = target_path(request.target);
  std::string allowed;
  for (const auto& route : routes_) {
    if (route.path != path) continue;
    if (route.method == request.method || (request.method == "HEAD" && route.method == "GET")) {
      return route.handler(request);
    }
    allowed += (allowed.empty() ? "" : ", ") + route.method;
  }
  if (!allowed.empty()) {
    auto response = error_response(ErrorCode::method_not_allowed, "use " + allowed + " for this path");
    response.headers.emplace_back("Allow", allowed);
    return response;
  }
  if (path == "/ws") {
    // A plain request (no upgrade) to the WebSocket endpoint.
    auto response = error_response(ErrorCode::bad_type, "this path only accepts WebSocket upgrades");
    response.status = 426;
    response.headers.emplace_back("Upgrade", "websocket");
    return response;
  }
  if (request.method == "GET" || request.method == "HEAD") {
    if (auto file = static_files_.get(path)) return *std::move(file);
    return error_response(ErrorCode::not_found, "no such page");
  }
  if (path.rfind("/api/", 0) == 0) return error_response(ErrorCode::not_found, "no such endpoint");
  auto response = error_response(ErrorCode::method_not_allowed, "static pages are read with GET");
  response.headers.emplace_back("Allow", "GET, HEAD");
  return response;
}

HttpResponse Router::chat(const HttpRequest& request) {
  if (!request.content_type.empty() && !is_json_content_type(request.content_type)) {
    return error_response(ErrorCode::unsupported_media_type, "send the body as application/json");
  }
  metrics_.message_received();
  if (!address_limits_.bucket(request.client_address)->try_take(Clock::now())) {
    auto response = error_response(ErrorCode::rate_limited, "too many messages; please wait a moment");
    response.headers.emplace_back("Retry-After", "1");
    return response;
  }
  auto parsed = protocol::parse_chat_request(request.body, protocol::Limits{config_.max_text_chars});
  if (auto* error = std::get_if<protocol::Error>(&parsed)) return error_response(error->code, error->message);
  auto& chat_request = std::get<protocol::ChatRequest>(parsed);

  // open() resumes a live session or makes a fresh id, so a client-chosen id is never adopted.
  auto welcome = turns_.open(chat_request.session_id, "rest");
  if (auto* error = std::get_if<protocol::Error>(&welcome))
    return error_response(error->code, error->message);
  const std::string session_id = std::get<dialog::Welcome>(welcome).session_id;

  const bool explain = chat_request.explain &&
                       explain_allowed(config_.allow_explain, request.authorization, config_.admin_token);
  auto reply = turns_.answer(session_id, chat_request.text, "rest", explain);
  if (auto* error = std::get_if<protocol::Error>(&reply)) return error_response(error->code, error->message);
  return json_response(200, protocol::serialize_chat_response(session_id, std::get<dialog::Reply>(reply)));
}

}  // namespace careerbot::net
