#pragma once
// A local stand-in of the WhatsApp Graph API for tests: a real HTTP server on 127.0.0.1 (port 0) that
// takes POST /<version>/<phone_number_id>/messages like graph.facebook.com, records every request and
// answers as the test's rule says (200 with a message id by default; 429 with Retry-After, 5xx, 4xx
// with the API's error shape). Point the server's whatsapp_api_base at base_url().
// No Beast in this header (pimpl). Thread-safe: the test thread reads while the server thread records.

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace careerbot::testing {

struct GraphRequest {
  std::string method;
  std::string target;
  std::string authorization;
  std::string content_type;
  nlohmann::json body;  // null when the body was not JSON
  int status = 0;       // what the stand-in answered
};

struct GraphAnswer {
  int status = 200;
  int retry_after_seconds = -1;  // sent as Retry-After when >= 0
};

class GraphApiStandIn {
 public:
  GraphApiStandIn();
  ~GraphApiStandIn();
  GraphApiStandIn(const GraphApiStandIn&) = delete;
  GraphApiStandIn& operator=(const GraphApiStandIn&) = delete;

  unsigned short port() const;
  // "http://127.0.0.1:<port>/v21.0"
  std::string base_url() const;

  // How each request is answered, from its parsed body (default: 200).
  void set_rule(std::function<GraphAnswer(const nlohmann::json& body)> rule);

  std::vector<GraphRequest> requests() const;
  // Requests whose body's "to" is `number`.
  std::vector<GraphRequest> requests_to(const std::string& number) const;
  // Polls until `done(requests())` holds or `deadline` passes; returns whether it held.
  bool wait_for(const std::function<bool(const std::vector<GraphRequest>&)>& done,
                std::chrono::milliseconds deadline = std::chrono::seconds(30)) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The text a recorded message shows the student: text.body, or the interactive body's text.
std::string shown_text(const nlohmann::json& body);
// The reply buttons' titles of an interactive message (empty for a text message).
std::vector<std::string> button_titles(const nlohmann::json& body);

}  // namespace careerbot::testing
