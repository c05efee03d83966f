#include "protocol/error_code.hpp"

#include <set>

#include <gtest/gtest.h>

namespace careerbot::protocol {
namespace {

TEST(ErrorCode, NamesAreUniqueAndStatusesFollowTheProtocol) {
  std::set<std::string_view> names;
  for (int i = 0; i < kErrorCodeCount; ++i) names.insert(to_string(static_cast<ErrorCode>(i)));
  EXPECT_EQ(names.size(), static_cast<std::size_t>(kErrorCodeCount));

  EXPECT_EQ(http_status(ErrorCode::bad_json), 400);
  EXPECT_EQ(http_status(ErrorCode::bad_type), 400);
  EXPECT_EQ(http_status(ErrorCode::bad_text), 400);
  EXPECT_EQ(http_status(ErrorCode::too_large), 413);
  EXPECT_EQ(http_status(ErrorCode::rate_limited), 429);
  EXPECT_EQ(http_status(ErrorCode::unavailable), 503);
  EXPECT_EQ(http_status(ErrorCode::too_many_connections), 503);
  EXPECT_EQ(http_status(ErrorCode::internal), 500);
  EXPECT_EQ(to_string(ErrorCode::too_many_connections), "too_many_connections");
}

}  // namespace
}  // namespace careerbot::protocol
