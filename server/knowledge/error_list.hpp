#pragma once
// Collects content errors so a build reports every problem at once instead of the first.
// Not thread-safe: one list per build.

#include <string>
#include <vector>

#include "common/record_file.hpp"

namespace careerbot::knowledge {

class ErrorList {
 public:
  void add(ContentError error) { errors_.push_back(std::move(error)); }
  void add(const std::string& file, std::size_t line, const std::string& message) {
    errors_.emplace_back(file, line, message);
  }

  // Runs `step`; a ContentError it throws is recorded and false returned, so the caller moves on.
  template <class Step>
  bool guard(Step&& step) {
    try {
      step();
      return true;
    } catch (const ContentError& e) {
      errors_.push_back(e);
      return false;
    }
  }

  bool empty() const noexcept { return errors_.empty(); }
  std::size_t size() const noexcept { return errors_.size(); }
  const std::vector<ContentError>& all() const noexcept { return errors_; }
  // One "file:line: message" per line.
  std::string report() const {
    std::string out;
    for (const auto& e : errors_) out += std::string(e.what()) + "\n";
    return out;
  }

 private:
  std::vector<ContentError> errors_;
};

}  // namespace careerbot::knowledge
