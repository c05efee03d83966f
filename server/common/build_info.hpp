#pragma once
// What this build is: the project version (CMakeLists.txt's project()) and the git commit it was
// configured from ("unknown" outside a git checkout). The values are generated at configure time
// (cmake/Version.cmake), so only one small file recompiles when they change. Thread-safe constants.

#include <string_view>

namespace careerbot {

// "0.1.0"
std::string_view version() noexcept;

// Short commit hash, e.g. "fd42a6a", or "unknown".
std::string_view git_commit() noexcept;

}  // namespace careerbot
