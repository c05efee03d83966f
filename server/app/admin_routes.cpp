#include "app/admin_routes.hpp"

#include <nlohmann/json.hpp>

#include "common/secret.hpp"

#include "net/http_message.hpp"

namespace careerbot::app {
namespace {

using net::HttpRequest;
using net::HttpResponse;

HttpResponse json_reply(int status, const nlohmann::json& body) {
  HttpResponse response;
  response.status = status;
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return response;
}

bool authorised(const HttpRequest& request, const std::string& token) {
  constexpr std::string_view kBearer = "Bearer ";
  const std::string_view header = request.authorization;
  return header.starts_with(kBearer) && same_secret(header.substr(kBearer.size()), token);
}

std::optional<std::size_t> limit_param(const HttpRequest& request, std::size_t fallback) {
  const auto value = net::query_param(request.target, "limit");
  if (!value) return fallback;
  try {
    return std::clamp<std::size_t>(std::stoul(*value), 1, 1000);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

HttpResponse bad_request(const std::string& message) {
  return json_reply(400, {{"error", {{"code", "bad_request"}, {"message", message}}}});
}

HttpResponse unauthorised() {
  HttpResponse response = json_reply(
      401, {{"error", {{"code", "unauthorized"}, {"message", "a valid admin token is required"}}}});
  response.headers.emplace_back("WWW-Authenticate", "Bearer");
  return response;
}

}  // namespace

void add_admin_routes(net::Server& server, const Config& config, store::UnansweredLog& unanswered,
                      std::function<ReloadResult()> reload) {
  if (config.admin_token.empty()) return;  // off without a token
  const std::string token = config.admin_token;
  server.add_route("GET", "/api/v1/admin/unanswered", [token, &unanswered](const HttpRequest& request) {
    if (!authorised(request, token)) return unauthorised();
    std::size_t limit = 50;
    if (const auto value = net::query_param(request.target, "limit")) {
      try {
        limit = std::clamp<std::size_t>(std::stoul(*value), 1, 1000);
      } catch (const std::exception&) {
        return json_reply(400, {{"error", {{"code", "bad_request"}, {"message", "limit must be a number"}}}});
      }
    }
    nlohmann::json list = nlohmann::json::array();
    for (const auto& q : unanswered.top(limit))
      list.push_back(
          {{"text", q.text}, {"count", q.count}, {"first_seen", q.first_seen}, {"last_seen", q.last_seen}});
    return json_reply(200, {{"unanswered", list}});
  });
  server.add_route("POST", "/api/v1/admin/reload", [token, reload](const HttpRequest& request) {
    if (!authorised(request, token)) return unauthorised();
    const ReloadResult result = reload();
    if (!result.ok) return json_reply(422, {{"ok", false}, {"errors", result.errors}});
    return json_reply(200, {{"ok", true}, {"content_hash", result.content_hash}});
  });
}

void add_flag_routes(net::Server& server, const Config& config, store::FlagStore& flags) {
  if (config.admin_token.empty()) return;  // off without a token
  const std::string token = config.admin_token;
  server.add_route("GET", "/api/v1/admin/flagged", [token, &flags](const HttpRequest& request) {
    if (!authorised(request, token)) return unauthorised();
    const auto limit = limit_param(request, 100);
    if (!limit) return bad_request("limit must be a number");
    nlohmann::json list = nlohmann::json::array();
    for (const auto& flag : flags.open_flags(*limit))
      list.push_back({{"id", flag.id},
                      {"session_id", flag.session_id},
                      {"category", flag.category},
                      {"time", flag.created_at},
                      {"message", flag.message}});
    return json_reply(200, {{"flagged", list}});
  });
  server.add_route("POST", "/api/v1/admin/flagged/close", [token, &flags](const HttpRequest& request) {
    if (!authorised(request, token)) return unauthorised();
    std::int64_t id = 0;
    try {
      const auto value = net::query_param(request.target, "id");
      if (!value) return bad_request("id is required");
      id = std::stoll(*value);
    } catch (const std::exception&) {
      return bad_request("id must be a number");
    }
    if (!flags.close(id))
      return json_reply(404, {{"error", {{"code", "not_found"}, {"message", "no open flag with that id"}}}});
    return json_reply(200, {{"ok", true}, {"id", id}});
  });
}

}  // namespace careerbot::app
