#pragma once
// What the memory tests need to know about a process: its resident memory, and whether a sanitizer's
// allocator runs it (then glibc's heap and resident sizes say nothing about the code under test).
// Header-only: the unit and end-to-end tests both include it.

#include <fstream>
#include <stdexcept>
#include <string>

namespace careerbot::testing {

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
inline constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
inline constexpr bool kSanitized = true;
#else
inline constexpr bool kSanitized = false;
#endif
#else
inline constexpr bool kSanitized = false;
#endif

// VmRSS of process `pid` ("self" for this one) in kB, from /proc; throws when it cannot be read.
inline long resident_kb(const std::string& pid = "self") {
  std::ifstream status("/proc/" + pid + "/status");
  std::string key;
  long value = 0;
  while (status >> key) {
    if (key == "VmRSS:" && status >> value) return value;
    status.ignore(4096, '\n');
  }
  throw std::runtime_error("no VmRSS for pid " + pid);
}

}  // namespace careerbot::testing
