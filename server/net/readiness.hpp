#pragma once
// What /readyz answers: a short list of named checks (the knowledge base, the session store, the
// disk, ...), each saying whether that part can serve now and why not. The server is ready when all
// pass. Modules add their own checks (the application adds the session store and the disk), so a new
// dependency plugs in with one add() call and no change here.
//
// Thread-safety: add() only before the server starts; report() from any thread at once, so every
// check must be thread-safe. Checks run on the request's thread: keep each one quick (a probe
// bounded by the dependency's own timeout).

#include <functional>
#include <string>
#include <vector>

namespace careerbot::net {

struct CheckResult {
  bool ok = true;
  std::string detail;  // what was seen: "content abc123", "12 GB free", or what is wrong
};

// A check that throws counts as failed, with the exception's message as its detail.
using ReadinessCheck = std::function<CheckResult()>;

struct ReadinessReport {
  bool ready = true;
  std::string body;  // {"status":"ready"|"unavailable","checks":{"name":{"ok":..,"detail":..}},...}
};

class Readiness {
 public:
  void add(std::string name, ReadinessCheck check);
  // Runs every check in the order added. When one fails the body also carries the protocol's
  // error object ({"error":{"code":"unavailable","message":"not ready: NAME: DETAIL"}}).
  ReadinessReport report() const;
  std::vector<std::string> names() const;

 private:
  struct Named {
    std::string name;
    ReadinessCheck check;
  };
  std::vector<Named> checks_;
};

// The disk under `folder` (where the databases live) can take writes: the folder is writable and at
// least `min_free_bytes` are free.
CheckResult check_disk(const std::string& folder, unsigned long long min_free_bytes);

}  // namespace careerbot::net
