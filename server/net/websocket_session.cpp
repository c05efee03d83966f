#include "net/websocket_session.hpp"

#include "common/log.hpp"
#include "net/http_message.hpp"
#include "protocol/client_message.hpp"
#include "protocol/server_message.hpp"

namespace careerbot::net {

using protocol::ErrorCode;

WebSocketSession::WebSocketSession(tcp::socket&& socket, std::shared_ptr<SharedState> state,
                                   ConnectionSlot slot, AddressSlot address_slot, std::string client_address)
    : ws_(std::move(socket)),
      state_(std::move(state)),
      slot_(std::move(slot)),
      address_slot_(std::move(address_slot)),
      client_address_(std::move(client_address)),
      connection_bucket_(state_->config.connection_rate, Clock::now()),
      address_bucket_(state_->address_limits.bucket(client_address_)),
      close_deadline_(ws_.get_executor()),
      silence_timer_(ws_.get_executor()),
      lifetime_timer_(ws_.get_executor()) {}

WebSocketSession::~WebSocketSession() {
  if (accepted_) {
    state_->leave(this);
    state_->metrics.websocket_closed();
  }
}

void WebSocketSession::run(http::request<http::string_body> request) {
  const Config& config = state_->config;
  requested_session_ = query_param(request.target(), "session").value_or("");
  explain_allowed_ =
      explain_allowed(config.allow_explain, request[http::field::authorization], config.admin_token);

  // The websocket has its own timeouts; a tcp_stream timeout would cut long conversations.
  beast::get_lowest_layer(ws_).expires_never();
  auto timeouts = websocket::stream_base::timeout::suggested(beast::role_type::server);
  timeouts.handshake_timeout = config.handshake_timeout;
  timeouts.idle_timeout = config.idle_timeout;  // pings are sent at half of it; no pong closes
  ws_.set_option(timeouts);
  // Frames over the cap make Beast close with 1009; the cap is kept well above max_text_chars
  // (Config validate) so long messages reach the parser and get too_large, not a close.
  ws_.read_message_max(config.max_frame_bytes);
  ws_.set_option(websocket::stream_base::decorator(
      [](websocket::response_type& response) { response.set(http::field::server, "careerbot"); }));
  ws_.text(true);

  ws_.async_accept(request, beast::bind_front_handler(&WebSocketSession::on_accept, shared_from_this()));
}

void WebSocketSession::on_accept(beast::error_code ec) {
  if (ec) {
    log::debug("ws_accept_failed", {{"error", ec.message()}});
    return;
  }
  accepted_ = true;
  state_->metrics.websocket_opened();
  state_->join(this, weak_from_this());
  if (state_->stopping.load()) return close({websocket::close_code::going_away, "server is shutting down"});

  // The timers hold the session weakly: a session that has ended is not kept alive by them.
  lifetime_timer_.expires_after(state_->config.max_connection_lifetime);
  lifetime_timer_.async_wait([weak = weak_from_this()](beast::error_code wait_ec) {
    if (wait_ec) return;
    if (auto self = weak.lock())
      self->close({websocket::close_code::going_away, "connection open too long; please reconnect"});
  });
  last_message_ = Clock::now();
  wait_for_silence(state_->config.websocket_silence);

  call_service(
      [requested = requested_session_](SharedState& state) { return state.turns.open(requested, "ws"); },
      [this](std::variant<dialog::Welcome, protocol::Error> welcome) {
        if (auto* error = std::get_if<protocol::Error>(&welcome)) {
          send_error(error->code, error->message);
          return close({websocket::close_code::internal_error, "could not open a conversation"});
        }
        auto& opened = std::get<dialog::Welcome>(welcome);
        session_id_ = opened.session_id;
        send(protocol::serialize_welcome(opened));
      });
  if (!busy_ && !closing_ && !pending_close_) do_read();  // the welcome came back here (no worker)
}

// `work` calls the chat service and `done` takes its result on this session's strand; reading waits
// for both, so a connection's turns stay in order and a client that sends faster than the store
// answers is held back by TCP. A service that may wait on its store is called on the worker pool,
// so the I/O threads keep serving, and reading resumes after `done`. One that never waits is called
// right here, and the caller resumes reading (`busy_` stays false): no thread hand-off, which with
// the embedded store was a sixth of the server's CPU (docs/performance.md, round 3).
template <typename Work, typename Done>
void WebSocketSession::call_service(Work work, Done done) {
  if (!state_->websocket_calls_on_workers) return done(work(*state_));
  busy_ = true;
  state_->workers.post([self = shared_from_this(), work = std::move(work), done = std::move(done)]() mutable {
    auto result = work(*self->state_);
    asio::post(self->ws_.get_executor(),
               [self, result = std::move(result), done = std::move(done)]() mutable {
                 self->busy_ = false;
                 done(std::move(result));
                 if (!self->closing_ && !self->pending_close_) self->do_read();
               });
  });
}

// Re-arms only when the timer fires (not on every message): a message just records its time.
void WebSocketSession::wait_for_silence(Clock::duration delay) {
  silence_timer_.expires_after(delay);
  silence_timer_.async_wait([weak = weak_from_this()](beast::error_code ec) {
    if (ec) return;
    auto self = weak.lock();
    if (!self || self->closing_ || self->pending_close_) return;
    const auto silent = Clock::now() - self->last_message_;
    const auto limit = std::chrono::duration_cast<Clock::duration>(self->state_->config.websocket_silence);
    if (silent < limit) return self->wait_for_silence(limit - silent);
    log::debug("ws_silent", {{"session", log::session_ref(self->session_id_)}});
    self->close({websocket::close_code::normal, "no message for a while; reconnect to continue"});
  });
}

void WebSocketSession::do_read() {
  ws_.async_read(buffer_, beast::bind_front_handler(&WebSocketSession::on_read, shared_from_this()));
}

void WebSocketSession::on_read(beast::error_code ec, std::size_t) {
  // Closed, timed out, invalid UTF-8 (1007) or over the cap (1009): Beast has already answered the
  // client; the session ends when the last handler lets go of it.
  if (ec) {
    if (ec != websocket::error::closed && ec != asio::error::operation_aborted) {
      log::debug("ws_read_ended", {{"session", log::session_ref(session_id_)}, {"error", ec.message()}});
    }
    silence_timer_.cancel();
    lifetime_timer_.cancel();
    return;
  }
  if (closing_) return;
  last_message_ = Clock::now();
  if (!ws_.got_text()) {
    send_error(ErrorCode::bad_json, "binary frames are not accepted");
  } else {
    const auto data = buffer_.cdata();
    handle_frame(std::string_view(static_cast<const char*>(data.data()), data.size()));
  }
  buffer_.consume(buffer_.size());
  // A connection being closed reads no more: a client that does not read our replies is not given
  // more work, and what it still sends waits in its own socket buffers (TCP pushes back).
  if (!busy_ && !closing_ && !pending_close_) do_read();
}

void WebSocketSession::handle_frame(std::string_view frame) {
  state_->metrics.message_received();
  const auto now = Clock::now();
  if (!connection_bucket_.try_take(now) || !address_bucket_->try_take(now)) {
    return send_error(ErrorCode::rate_limited, "too many messages; please wait a moment");
  }
  auto parsed = protocol::parse_client_frame(frame, protocol::Limits{state_->config.max_text_chars});
  if (auto* message = std::get_if<protocol::MessageRequest>(&parsed)) {
    const bool explain = message->explain && explain_allowed_;
    return call_service(
        [id = session_id_, text = std::move(message->text), explain](SharedState& state) {
          return state.turns.answer(id, text, "ws", explain);
        },
        [this, reply_to = message->id](std::variant<dialog::Reply, protocol::Error> reply) {
          if (auto* error = std::get_if<protocol::Error>(&reply))
            return send_error(error->code, error->message);
          send(protocol::serialize_reply(std::get<dialog::Reply>(reply), reply_to ? &*reply_to : nullptr));
        });
  }
  if (std::holds_alternative<protocol::ResetRequest>(parsed)) {
    return call_service([id = session_id_](SharedState& state) { return state.turns.reset(id, "ws"); },
                        [this](std::variant<dialog::Welcome, protocol::Error> welcome) {
                          if (auto* error = std::get_if<protocol::Error>(&welcome))
                            return send_error(error->code, error->message);
                          auto& fresh = std::get<dialog::Welcome>(welcome);
                          session_id_ = fresh.session_id;
                          send(protocol::serialize_welcome(fresh));
                        });
  }
  const auto& error = std::get<protocol::Error>(parsed);
  send_error(error.code, error.message);
}

void WebSocketSession::send_error(ErrorCode code, std::string message) {
  state_->turns.count_error(code);
  send(protocol::serialize_error({code, std::move(message)}));
}

void WebSocketSession::send(std::string frame) {
  if (closing_ || pending_close_) return;
  if (queue_.size() >= state_->config.write_queue_cap) {
    // The client is not reading: drop what is queued rather than grow without bound. The frame being
    // written stays (the write in flight still points into it).
    log::warn("ws_too_slow", {{"session", log::session_ref(session_id_)}, {"queued", queue_.size()}});
    queue_.erase(writing_ ? std::next(queue_.begin()) : queue_.begin(), queue_.end());
    return close({websocket::close_code::policy_error, "too slow: messages not read"});
  }
  queue_.push_back(std::move(frame));
  if (!writing_) do_write();
}

void WebSocketSession::do_write() {
  writing_ = true;
  ws_.async_write(asio::buffer(queue_.front()),
                  beast::bind_front_handler(&WebSocketSession::on_write, shared_from_this()));
}

void WebSocketSession::on_write(beast::error_code ec, std::size_t) {
  writing_ = false;
  if (ec) {
    queue_.clear();
    close_deadline_.cancel();
    return;
  }
  if (!queue_.empty()) queue_.pop_front();
  if (pending_close_) return do_close();
  if (!queue_.empty()) do_write();
}

void WebSocketSession::close(websocket::close_reason reason) {
  if (closing_ || pending_close_) return;
  pending_close_ = std::move(reason);
  // Only one write-like operation may be in flight; a close waits for the current write.
  if (!writing_) return do_close();
  // A client that never reads never lets that write finish: after the closing-handshake time the
  // socket is closed without a close frame, so the connection (and its slot) cannot be held forever.
  close_deadline_.expires_after(state_->config.handshake_timeout);
  close_deadline_.async_wait([self = shared_from_this()](beast::error_code ec) {
    if (ec || self->closing_) return;  // cancelled, or the close frame is on its way
    log::debug("ws_close_forced", {{"session", log::session_ref(self->session_id_)}});
    beast::get_lowest_layer(self->ws_).close();
  });
}

void WebSocketSession::do_close() {
  closing_ = true;
  close_deadline_.cancel();  // Beast bounds the closing handshake itself (handshake_timeout)
  queue_.clear();
  ws_.async_close(*pending_close_,
                  beast::bind_front_handler(&WebSocketSession::on_close, shared_from_this()));
}

void WebSocketSession::on_close(beast::error_code ec) {
  if (ec && ec != asio::error::operation_aborted) log::debug("ws_close_failed", {{"error", ec.message()}});
}

void WebSocketSession::close_going_away() {
  asio::post(ws_.get_executor(), [self = shared_from_this()] {
    if (self->accepted_) self->close({websocket::close_code::going_away, "server is shutting down"});
  });
}

}  // namespace careerbot::net
