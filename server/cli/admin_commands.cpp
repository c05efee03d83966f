#include "cli/admin_commands.hpp"

#include <nlohmann/json.hpp>

#include "cli/server_connection.hpp"

namespace careerbot::cli {

namespace {

using nlohmann::json;

// Explains a refused or failed admin request in words; true when the request succeeded.
bool explain_failure(const HttpResponse& response, std::ostream& err) {
  if (response.status == 200) return true;
  const auto body = json::parse(response.body, nullptr, false);
  std::string detail;
  if (body.is_object() && body.contains("error") && body["error"].is_object()) {
    detail = body["error"].value("code", "") + ": " + body["error"].value("message", "");
  }
  switch (response.status) {
    case 401:
    case 403:
      err << "refused: the admin token was not accepted (" << response.status << ")";
      break;
    case 404:
      err << "admin endpoints are off on this server (start it with --admin-token or "
             "CAREERBOT_ADMIN_TOKEN)";
      break;
    default:
      err << "the server answered " << response.status;
  }
  if (!detail.empty()) err << " - " << detail;
  err << "\n";
  return false;
}

bool have_token(const std::string& token, std::ostream& err) {
  if (!token.empty()) return true;
  err << "an admin token is needed: pass --admin-token TOKEN or set CAREERBOT_ADMIN_TOKEN\n";
  return false;
}

std::vector<std::pair<std::string, std::string>> bearer(const std::string& token) {
  return {{"Authorization", "Bearer " + token}};
}

}  // namespace

int run_unanswered(const ServerUrl& url, const std::string& token, int limit, std::ostream& out,
                   std::ostream& err) {
  if (!have_token(token, err)) return 2;
  const auto response =
      http_request(url, "GET", "/api/v1/admin/unanswered?limit=" + std::to_string(limit), {}, bearer(token));
  if (!explain_failure(response, err)) return 1;
  const auto body = json::parse(response.body, nullptr, false);
  if (!body.is_object() || !body.contains("unanswered") || !body["unanswered"].is_array()) {
    err << "unexpected answer from the server: " << response.body << "\n";
    return 1;
  }
  const auto& questions = body["unanswered"];
  if (questions.empty()) out << "no unanswered questions\n";
  for (const auto& q : questions) {
    out << q.value("count", 0) << "  " << q.value("text", "") << "  (" << q.value("first_seen", "?") << " .. "
        << q.value("last_seen", "?") << ")\n";
  }
  return 0;
}

int run_reload(const ServerUrl& url, const std::string& token, std::ostream& out, std::ostream& err) {
  if (!have_token(token, err)) return 2;
  const auto response = http_request(url, "POST", "/api/v1/admin/reload", {}, bearer(token));
  const auto body = json::parse(response.body, nullptr, false);
  if (response.status == 422 && body.is_object()) {
    err << "reload refused: the content has errors (the server keeps the old content)\n";
    for (const auto& e : body.value("errors", json::array())) {
      err << "  " << (e.is_string() ? e.get<std::string>() : e.dump()) << "\n";
    }
    return 1;
  }
  if (!explain_failure(response, err)) return 1;
  out << "reloaded; content " << (body.is_object() ? body.value("content_hash", "?") : "?") << "\n";
  return 0;
}

}  // namespace careerbot::cli
