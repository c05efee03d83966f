#include "net/server.hpp"

#include <sys/resource.h>

#include <chrono>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "common/log.hpp"
#include "net/beast.hpp"
#include "net/listener.hpp"
#include "net/websocket_session.hpp"

namespace careerbot::net {

unsigned long raise_open_file_limit() noexcept {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 0;
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) return raised.rlim_cur;
  }
  return limit.rlim_cur;
}

struct Server::Impl {
  Impl(const Config& settings, dialog::ChatService& chat)
      : config(settings),
        state(std::make_shared<SharedState>(config, chat, metrics)),
        io(std::in_place, static_cast<int>(config.io_threads)) {}

  // Declaration order is destruction order in reverse: the io_context (and any session its queued
  // handlers still own) goes before the state and metrics those sessions use.
  const Config config;
  Metrics metrics;
  std::shared_ptr<SharedState> state;
  std::optional<asio::io_context> io;  // reset by stop(): destroying it closes every socket
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
  std::shared_ptr<Listener> listener;
  unsigned short port = 0;
  std::vector<std::thread> threads;
  std::mutex control;
  bool started = false;
  bool stopped = false;
};

Server::Server(const Config& config, dialog::ChatService& chat)
    : impl_(std::make_unique<Impl>(config, chat)) {}

Server::~Server() {
  stop();
}

void Server::add_route(std::string method, std::string path, RouteHandler handler) {
  impl_->state->router.add(std::move(method), std::move(path), std::move(handler));
}

void Server::start() {
  std::lock_guard lock(impl_->control);
  if (impl_->started) return;
  log::set_level(impl_->config.log_level);
  log::set_format(impl_->config.log_format);
  const unsigned long open_files = raise_open_file_limit();
  beast::error_code ec;
  const auto address = asio::ip::make_address(impl_->config.bind_address, ec);
  if (ec) throw std::runtime_error("bind: not an IP address: " + impl_->config.bind_address);
  impl_->listener =
      std::make_shared<Listener>(*impl_->io, tcp::endpoint(address, impl_->config.port), impl_->state);
  impl_->listener->run();
  impl_->port = impl_->listener->port();
  impl_->work.emplace(impl_->io->get_executor());
  for (unsigned i = 0; i < impl_->config.io_threads; ++i) {
    impl_->threads.emplace_back([this] {
      for (;;) {
        try {
          impl_->io->run();
          return;
        } catch (const std::exception& e) {
          // A handler threw past its session: log and keep serving the others.
          log::error("io_thread_exception", {{"what", e.what()}});
        }
      }
    });
  }
  impl_->started = true;
  log::info("listening", {{"address", impl_->config.bind_address},
                          {"port", impl_->listener->port()},
                          {"io_threads", impl_->config.io_threads},
                          {"open_files_limit", open_files}});
}

unsigned short Server::port() const {
  return impl_->listener ? impl_->listener->port() : 0;
}

void Server::stop() {
  std::lock_guard lock(impl_->control);
  if (!impl_->started || impl_->stopped) return;
  impl_->stopped = true;
  impl_->state->stopping.store(true);
  impl_->listener->stop();
  for (const auto& handle : impl_->state->websockets()) {
    if (auto session = handle.lock()) session->close_going_away();
  }
  // Give closes and turns in progress a bounded time, then stop everything.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  while (impl_->metrics.open_websockets() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  impl_->work.reset();
  impl_->io->stop();
  for (auto& thread : impl_->threads) thread.join();
  impl_->threads.clear();
  // Turns still on the workers finish (each bounded by its store's timeout); what they post back to
  // the stopped io_context is dropped with it below.
  impl_->state->workers.stop();
  // Destroying the io_context destroys the handlers that own the remaining sessions, which closes
  // their sockets now rather than when the Server is destroyed.
  impl_->listener.reset();
  impl_->io.reset();
  log::info("stopped", {{"open_websockets", impl_->metrics.open_websockets()}});
}

Metrics& Server::metrics() {
  return impl_->metrics;
}

Readiness& Server::readiness() {
  return impl_->state->router.readiness();
}

}  // namespace careerbot::net
