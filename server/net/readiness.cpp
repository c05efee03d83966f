#include "net/readiness.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <nlohmann/json.hpp>

namespace careerbot::net {

void Readiness::add(std::string name, ReadinessCheck check) {
  checks_.push_back({std::move(name), std::move(check)});
}

std::vector<std::string> Readiness::names() const {
  std::vector<std::string> names;
  for (const auto& named : checks_) names.push_back(named.name);
  return names;
}

ReadinessReport Readiness::report() const {
  ReadinessReport report;
  nlohmann::ordered_json checks = nlohmann::ordered_json::object();
  std::string first_failure;
  for (const auto& [name, check] : checks_) {
    CheckResult result;
    try {
      result = check();
    } catch (const std::exception& e) {
      result = {false, e.what()};
    } catch (...) {
      result = {false, "the check failed"};
    }
    checks[name] = {{"ok", result.ok}, {"detail", result.detail}};
    if (!result.ok && report.ready) {
      report.ready = false;
      first_failure = name + ": " + result.detail;
    }
  }
  nlohmann::ordered_json body = {{"status", report.ready ? "ready" : "unavailable"}};
  if (!report.ready) body["error"] = {{"code", "unavailable"}, {"message", "not ready: " + first_failure}};
  body["checks"] = std::move(checks);
  report.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return report;
}

CheckResult check_disk(const std::string& folder, unsigned long long min_free_bytes) {
  const std::filesystem::path path =
      folder.empty() ? std::filesystem::path(".") : std::filesystem::path(folder);
  if (::access(path.c_str(), W_OK) != 0)
    return {false, path.string() + " is not writable: " + std::strerror(errno)};
  std::error_code ec;
  const auto space = std::filesystem::space(path, ec);
  if (ec) return {false, path.string() + ": " + ec.message()};
  const auto free_mb = space.available / (1024 * 1024);
  const std::string detail = std::to_string(free_mb) + " MB free in " + path.string();
  if (space.available < min_free_bytes)
    return {false, detail + ", below the " + std::to_string(min_free_bytes / (1024 * 1024)) + " MB minimum"};
  return {true, detail};
}

}  // namespace careerbot::net
