#pragma once
// Session ids: the only secret a student's browser holds for resuming a conversation, so they must be
// unguessable. Each id carries 192 bits from the kernel's CSPRNG (getrandom(2)), written as unpadded
// base64url (RFC 4648 section 5): 32 characters of [A-Za-z0-9_-], safe in URLs, JSON and Redis keys.
//
// Thread-safety: both functions may be called from any thread at once.

#include <cstddef>
#include <string>
#include <string_view>

namespace careerbot::dialog {

// Random bytes in an id (192 bits) and the length of its text form.
inline constexpr std::size_t kSessionIdBytes = 24;
inline constexpr std::size_t kSessionIdLength = kSessionIdBytes / 3 * 4;

// A fresh id. Throws std::system_error when the kernel cannot supply randomness: a predictable id
// would be worse than a failed request.
std::string new_session_id();

// True when `text` has the length and alphabet of an id made by new_session_id(). A cheap check for
// client-supplied ids before any lookup; it says nothing about whether the session exists.
bool looks_like_session_id(std::string_view text) noexcept;

}  // namespace careerbot::dialog
