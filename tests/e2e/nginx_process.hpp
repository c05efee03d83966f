#pragma once
// Runs the real nginx with the shipped config/nginx-cluster.conf (filled in by
// scripts/nginx-config.sh) in front of careerbot instances, for tests of what the proxy passes on.
// Listens on 127.0.0.1 and [::1] at a free port; all its files live under `state_dir`.

#include <sys/types.h>

#include <string>
#include <vector>

namespace careerbot::testing {

// True when Debian's nginx is installed (scripts/setup.sh installs nginx-light).
bool nginx_installed();

class NginxProcess {
 public:
  // Throws std::runtime_error (with nginx's error log) when it does not answer /healthz in time.
  NginxProcess(const std::string& state_dir, const std::vector<unsigned short>& upstream_ports);
  ~NginxProcess();
  NginxProcess(const NginxProcess&) = delete;
  NginxProcess& operator=(const NginxProcess&) = delete;

  unsigned short port() const noexcept { return port_; }

 private:
  pid_t pid_ = -1;
  unsigned short port_ = 0;
};

}  // namespace careerbot::testing
