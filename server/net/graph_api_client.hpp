#pragma once
// One HTTP client for the Graph API messages endpoint: POSTs a request body with the access token and
// reports how the API answered. TLS through Beast + OpenSSL (the system's CA certificates, plus an
// optional PEM file; the server's name is verified and sent as SNI); plain http only to a loopback
// stand-in (GraphApiEndpoint refuses anything else). Each request has one deadline covering name
// lookup, connect, TLS handshake, send and answer; past it the request counts as a network failure.
// A fresh connection per request: simple, and a broken connection never poisons the next reply.
//
// No Beast in this header (pimpl). Not thread-safe: one client per sender thread.

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "net/graph_api_endpoint.hpp"

namespace careerbot::net {

struct GraphApiResponse {
  int status = 0;  // the HTTP status; 0 when there was no answer (lookup, connect, TLS, timeout, reset)
  std::optional<std::chrono::milliseconds> retry_after;  // the Retry-After header, in seconds, if any
  std::string detail;  // for logs: the network error, or the start of the API's answer when not 2xx
};

class GraphApiClient {
 public:
  // Throws std::runtime_error when `ca_file` is set but cannot be loaded.
  GraphApiClient(GraphApiEndpoint endpoint, std::string access_token, std::chrono::milliseconds timeout,
                 const std::string& ca_file = {});
  ~GraphApiClient();
  GraphApiClient(const GraphApiClient&) = delete;
  GraphApiClient& operator=(const GraphApiClient&) = delete;

  // POST `target` (e.g. "/v21.0/1065.../messages") with the JSON `body` and the bearer token. Never
  // throws for network or API failures: they are in the result.
  GraphApiResponse post(const std::string& target, const std::string& body);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace careerbot::net
