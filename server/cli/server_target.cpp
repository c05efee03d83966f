#include "cli/server_target.hpp"

#include "cli/server_connection.hpp"

namespace careerbot::cli {

ServerTarget::ServerTarget(ServerUrl url, std::string admin_token)
    : url_(std::move(url)), admin_token_(std::move(admin_token)) {}

std::unique_ptr<ChatChannel> ServerTarget::open(const std::string& resume_session) {
  auto url = url_;
  if (!resume_session.empty()) {
    url.ws_target += (url.ws_target.find('?') == std::string::npos ? "?" : "&");
    url.ws_target += "session=" + resume_session;
  }
  return std::make_unique<ChatConnection>(url, admin_token_);
}

}  // namespace careerbot::cli
