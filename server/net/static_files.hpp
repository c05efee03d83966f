#pragma once
// Serves the web widget's files from the configured web root. Thread-safe (reads files per request;
// the widget is a few small files).

#include <optional>
#include <string>
#include <string_view>

#include "net/http_message.hpp"

namespace careerbot::net {

class StaticFiles {
 public:
  explicit StaticFiles(std::string web_root);

  // The file for a GET of `path` ("/" means index.html), or nullopt when the path is unsafe (any
  // "." segment, "..", backslash, '%', control characters), outside the root, missing or not a
  // regular file. Callers answer nullopt with 404.
  std::optional<HttpResponse> get(std::string_view path) const;

  // The MIME type for a file name's extension.
  static std::string_view mime_type(std::string_view file_name) noexcept;

 private:
  std::string root_;
};

}  // namespace careerbot::net
