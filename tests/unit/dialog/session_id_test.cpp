#include "dialog/session_id.hpp"

#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

using namespace careerbot::dialog;

TEST(SessionId, HasTheDocumentedLengthAndAlphabet) {
  const std::string id = new_session_id();
  EXPECT_EQ(id.size(), 32u);
  EXPECT_EQ(id.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            std::string::npos)
      << id;
  EXPECT_TRUE(looks_like_session_id(id));
}

TEST(SessionId, IdsAreDistinct) {
  std::set<std::string> seen;
  for (int i = 0; i < 10'000; ++i) seen.insert(new_session_id());
  EXPECT_EQ(seen.size(), 10'000u);
}

TEST(SessionId, EveryPositionVaries) {
  // A generator that leaves some bytes unfilled (e.g. a short read treated as complete) would show
  // the same character at a position in every id.
  constexpr int kIds = 200;
  std::vector<std::set<char>> per_position(kSessionIdLength);
  for (int i = 0; i < kIds; ++i) {
    const std::string id = new_session_id();
    for (std::size_t p = 0; p < id.size(); ++p) per_position[p].insert(id[p]);
  }
  for (std::size_t p = 0; p < kSessionIdLength; ++p) {
    EXPECT_GT(per_position[p].size(), 10u) << "position " << p;
  }
}

TEST(SessionId, RejectsWhatItCannotHaveMade) {
  const std::string id = new_session_id();
  EXPECT_FALSE(looks_like_session_id(""));
  EXPECT_FALSE(looks_like_session_id(id.substr(1)));
  EXPECT_FALSE(looks_like_session_id(id + "A"));
  std::string with_slash = id;
  with_slash[5] = '/';
  EXPECT_FALSE(looks_like_session_id(with_slash));
  std::string with_plus = id;
  with_plus[0] = '+';
  EXPECT_FALSE(looks_like_session_id(with_plus));
  std::string with_padding = id;
  with_padding[31] = '=';
  EXPECT_FALSE(looks_like_session_id(with_padding));
  std::string with_nul = id;
  with_nul[10] = '\0';
  EXPECT_FALSE(looks_like_session_id(with_nul));
  EXPECT_FALSE(looks_like_session_id("../../../../etc/passwd_aaaaaaaaa"));  // 32 chars, wrong alphabet
  EXPECT_TRUE(looks_like_session_id("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA-"));
}
