#pragma once
// The current time as shown to counsellors and stored in their records.

#include <string>

namespace careerbot {

// Now, in UTC, as ISO 8601: "2026-11-25T15:38:00Z".
std::string utc_timestamp();

}  // namespace careerbot
