#pragma once
// Loopback ports for tests that start servers which cannot report the port they bound (redis-server,
// nginx, scripts/cluster.sh). Header-only and Beast-free, so any test target may include it.

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <random>
#include <stdexcept>

namespace careerbot::testing {

// True when `port` (0: any) can be bound on 127.0.0.1 now; `bound` receives the port bound.
inline bool bind_loopback(unsigned short port, unsigned short* bound = nullptr) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  const int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(port);
  socklen_t length = sizeof address;
  const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
                  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0;
  ::close(fd);
  if (ok && bound != nullptr) *bound = ntohs(address.sin_port);
  return ok;
}

// A port free on 127.0.0.1 now (the kernel's choice).
inline unsigned short free_port() {
  unsigned short port = 0;
  if (!bind_loopback(0, &port)) throw std::runtime_error("no free port");
  return port;
}

// The first of `count` consecutive ports free on 127.0.0.1 now, from a random base.
inline unsigned short free_port_range(int count) {
  std::mt19937 random(std::random_device{}());
  std::uniform_int_distribution<int> base(20000, 50000);
  for (int attempt = 0; attempt < 200; ++attempt) {
    const auto first = static_cast<unsigned short>(base(random));
    bool all = true;
    for (int i = 0; i < count && all; ++i) all = bind_loopback(static_cast<unsigned short>(first + i));
    if (all) return first;
  }
  throw std::runtime_error("no range of free ports");
}

}  // namespace careerbot::testing
