#pragma once
// Comparing secrets (admin tokens, webhook secrets) without leaking where they differ.

#include <string_view>

namespace careerbot {

// True when `a` equals `b`. Takes time independent of where the strings differ, so a secret cannot
// be guessed byte by byte from response times.
bool same_secret(std::string_view a, std::string_view b) noexcept;

}  // namespace careerbot
