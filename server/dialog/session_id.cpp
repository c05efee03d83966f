#include "dialog/session_id.hpp"

#include <sys/random.h>

#include <array>
#include <cerrno>
#include <cstdint>
#include <system_error>

namespace careerbot::dialog {
namespace {

constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

void fill_random(std::uint8_t* out, std::size_t size) {
  std::size_t filled = 0;
  while (filled < size) {
    // Blocks only until the kernel's pool is first initialised at boot; EINTR means a signal arrived.
    const ssize_t got = ::getrandom(out + filled, size - filled, 0);
    if (got < 0) {
      if (errno == EINTR) continue;
      throw std::system_error(errno, std::generic_category(), "getrandom");
    }
    filled += static_cast<std::size_t>(got);
  }
}

bool in_alphabet(char c) noexcept {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

}  // namespace

std::string new_session_id() {
  std::array<std::uint8_t, kSessionIdBytes> bytes{};
  fill_random(bytes.data(), bytes.size());

  std::string id;
  id.reserve(kSessionIdLength);
  // 24 bytes is a whole number of 3-byte groups, so no padding is ever needed.
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const std::uint32_t group =
        (std::uint32_t{bytes[i]} << 16) | (std::uint32_t{bytes[i + 1]} << 8) | std::uint32_t{bytes[i + 2]};
    id += kAlphabet[(group >> 18) & 0x3f];
    id += kAlphabet[(group >> 12) & 0x3f];
    id += kAlphabet[(group >> 6) & 0x3f];
    id += kAlphabet[group & 0x3f];
  }
  return id;
}

bool looks_like_session_id(std::string_view text) noexcept {
  if (text.size() != kSessionIdLength) return false;
  for (const char c : text) {
    if (!in_alphabet(c)) return false;
  }
  return true;
}

}  // namespace careerbot::dialog
