#include "net/graph_api_client.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <boost/asio/ssl.hpp>
#include <boost/beast/ssl.hpp>

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "net/beast.hpp"

namespace careerbot::net {
namespace {

namespace ssl = asio::ssl;

// The start of an error answer is enough for the log; the API's errors are short JSON objects.
constexpr std::size_t kDetailChars = 300;

// Retry-After as a number of seconds (the Graph API never sends an HTTP date).
std::optional<std::chrono::milliseconds> retry_after_of(std::string_view value) {
  if (value.empty() || value.size() > 6) return std::nullopt;
  long seconds = 0;
  for (char c : value) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    seconds = seconds * 10 + (c - '0');
  }
  return std::chrono::seconds(seconds);
}

}  // namespace

struct GraphApiClient::Impl {
  Impl(GraphApiEndpoint where, std::string token, std::chrono::milliseconds limit, const std::string& ca_file)
      : endpoint(std::move(where)),
        access_token(std::move(token)),
        timeout(limit),
        tls(ssl::context::tls_client),
        resolver(io) {
    tls.set_default_verify_paths();
    tls.set_verify_mode(ssl::verify_peer);
    tls.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                    ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
    if (!ca_file.empty()) {
      beast::error_code ec;
      tls.load_verify_file(ca_file, ec);
      if (ec) throw std::runtime_error("whatsapp_ca_file: cannot load " + ca_file + ": " + ec.message());
    }
  }

  http::request<http::string_body> make_request(const std::string& target, const std::string& body) const {
    http::request<http::string_body> request{http::verb::post, target, 11};
    const bool default_port = endpoint.port == (endpoint.tls ? "443" : "80");
    request.set(http::field::host, default_port ? endpoint.host : endpoint.host + ":" + endpoint.port);
    request.set(http::field::user_agent, "careerbot");
    request.set(http::field::authorization, "Bearer " + access_token);
    request.set(http::field::content_type, "application/json");
    request.set(http::field::connection, "close");
    request.body() = body;
    request.prepare_payload();
    return request;
  }

  // Sends `request` over a connected `stream` and reads the answer into `result`.
  template <class Stream>
  asio::awaitable<void> exchange(Stream& stream, http::request<http::string_body>& request,
                                 GraphApiResponse& result) {
    co_await http::async_write(stream, request, asio::use_awaitable);
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 * 1024);  // the API's answers are small; a huge one is not the API
    co_await http::async_read(stream, buffer, parser, asio::use_awaitable);
    const auto& response = parser.get();
    result.status = static_cast<int>(response.result_int());
    result.retry_after = retry_after_of(response[http::field::retry_after]);
    if (result.status < 200 || result.status >= 300) result.detail = response.body().substr(0, kDetailChars);
  }

  asio::awaitable<void> run(const std::string& target, const std::string& body, GraphApiResponse& result) {
    auto request = make_request(target, body);
    const auto addresses = co_await resolver.async_resolve(endpoint.host, endpoint.port, asio::use_awaitable);
    if (!endpoint.tls) {
      tcp::socket& socket = plain.emplace(io);
      co_await asio::async_connect(socket, addresses, asio::use_awaitable);
      co_await exchange(socket, request, result);
      co_return;
    }
    auto& stream = secure.emplace(io, tls);
    // SNI. SSL_set_tlsext_host_name is a macro with a C cast; this is what it expands to.
    if (SSL_ctrl(stream.native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                 const_cast<char*>(endpoint.host.c_str())) != 1) {
      throw beast::system_error(
          beast::error_code(static_cast<int>(::ERR_get_error()), asio::error::get_ssl_category()));
    }
    stream.set_verify_callback(ssl::host_name_verification(endpoint.host));
    co_await asio::async_connect(stream.next_layer(), addresses, asio::use_awaitable);
    co_await stream.async_handshake(ssl::stream_base::client, asio::use_awaitable);
    co_await exchange(stream, request, result);
    // No TLS shutdown: the server closes (Connection: close) and the answer is already complete.
  }

  // Stops every operation in flight (the deadline passed): their handlers finish with an error.
  void abandon() {
    beast::error_code ignored;
    resolver.cancel();
    if (plain) plain->close(ignored);
    if (secure) secure->next_layer().close(ignored);
  }

  GraphApiEndpoint endpoint;
  std::string access_token;
  std::chrono::milliseconds timeout;
  asio::io_context io;
  ssl::context tls;
  tcp::resolver resolver;
  std::optional<tcp::socket> plain;
  std::optional<ssl::stream<tcp::socket>> secure;
};

GraphApiClient::GraphApiClient(GraphApiEndpoint endpoint, std::string access_token,
                               std::chrono::milliseconds timeout, const std::string& ca_file)
    : impl_(std::make_unique<Impl>(std::move(endpoint), std::move(access_token), timeout, ca_file)) {}

GraphApiClient::~GraphApiClient() = default;

GraphApiResponse GraphApiClient::post(const std::string& target, const std::string& body) {
  Impl& impl = *impl_;
  GraphApiResponse result;
  bool finished = false;
  std::string failure;
  impl.io.restart();
  asio::co_spawn(impl.io, impl.run(target, body, result), [&](std::exception_ptr error) {
    finished = true;
    if (!error) return;
    try {
      std::rethrow_exception(error);
    } catch (const boost::system::system_error& e) {
      failure = e.code().message();  // without Boost's source location
    } catch (const std::exception& e) {
      failure = e.what();
    }
  });
  // One deadline for the whole request; past it everything in flight is cancelled and drained.
  impl.io.run_for(impl.timeout);
  if (!finished) {
    impl.abandon();
    impl.io.restart();
    impl.io.run();
    failure = "no answer within the send timeout";
  }
  impl.plain.reset();
  impl.secure.reset();
  if (!failure.empty()) {
    result.status = 0;
    result.retry_after.reset();
    result.detail = failure;
  }
  return result;
}

}  // namespace careerbot::net
