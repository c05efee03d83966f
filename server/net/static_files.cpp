#include "net/static_files.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>

namespace careerbot::net {
namespace {

namespace fs = std::filesystem;

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// Only plain names: letters, digits, '-', '_', '.', and '/' between segments; no segment may start
// with '.', which rules out "..", "." and hidden files.
bool safe_relative_path(std::string_view path) {
  if (path.empty()) return false;
  bool segment_start = true;
  for (char c : path) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '-' || c == '_' || c == '.' || c == '/';
    if (!plain) return false;
    if (segment_start && (c == '.' || c == '/')) return false;
    segment_start = c == '/';
  }
  return !segment_start;
}

}  // namespace

StaticFiles::StaticFiles(std::string web_root) : root_(std::move(web_root)) {}

std::string_view StaticFiles::mime_type(std::string_view name) noexcept {
  if (ends_with(name, ".html")) return "text/html; charset=utf-8";
  if (ends_with(name, ".js") || ends_with(name, ".mjs")) return "text/javascript; charset=utf-8";
  if (ends_with(name, ".css")) return "text/css; charset=utf-8";
  if (ends_with(name, ".json") || ends_with(name, ".map")) return "application/json";
  if (ends_with(name, ".svg")) return "image/svg+xml";
  if (ends_with(name, ".png")) return "image/png";
  if (ends_with(name, ".ico")) return "image/x-icon";
  if (ends_with(name, ".woff2")) return "font/woff2";
  if (ends_with(name, ".txt")) return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

std::optional<HttpResponse> StaticFiles::get(std::string_view path) const {
  if (path.empty() || path.front() != '/') return std::nullopt;
  std::string relative(path.substr(1));
  if (relative.empty() || relative.back() == '/') relative += "index.html";
  if (!safe_relative_path(relative)) return std::nullopt;

  std::error_code ec;
  const fs::path root = fs::canonical(root_, ec);
  if (ec) return std::nullopt;
  const fs::path file = fs::canonical(root / relative, ec);
  if (ec || !fs::is_regular_file(file, ec)) return std::nullopt;
  // A symlink must not lead outside the web root.
  const auto [root_end, file_it] = std::mismatch(root.begin(), root.end(), file.begin(), file.end());
  if (root_end != root.end()) return std::nullopt;

  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  HttpResponse response;
  // Sized read rather than istreambuf_iterator, which g++ 12 at -O3 flags with a false -Wnull-dereference.
  response.body.resize(static_cast<std::size_t>(fs::file_size(file, ec)));
  if (ec || !in.read(response.body.data(), static_cast<std::streamsize>(response.body.size())))
    return std::nullopt;
  response.content_type = std::string(mime_type(relative));
  response.cacheable = true;
  response.html = ends_with(relative, ".html");
  return response;
}

}  // namespace careerbot::net
