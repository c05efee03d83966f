#include "dialog/session_state.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace careerbot::dialog {
namespace {

// How to_json wrote a state when it built an nlohmann tree: the direct writer must produce the same
// bytes, so stored sessions read back the same and nothing downstream sees a difference.
std::string tree_json(const SessionState& s) {
  nlohmann::json j;
  j["career"] = s.career;
  j["last_intent"] = s.last_intent;
  j["last_route"] = s.last_route;
  j["last_step"] = s.last_step;
  j["last_item"] = s.last_item;
  j["last_list"] = s.last_list;
  j["previous_route"] = s.previous_route;
  j["profile"] = s.profile;
  j["flow"] = {{"name", s.flow.name},
               {"slot", s.flow.slot},
               {"reprompts", s.flow.reprompts},
               {"finished", s.flow.finished}};
  auto& turns = j["history"] = nlohmann::json::array();
  for (const auto& turn : s.history)
    turns.push_back({{"user", turn.user}, {"bot", turn.bot}, {"intent", turn.intent}});
  j["created_at"] = s.created_at;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

TEST(SessionStateJson, EmptyStateIsWrittenAsBefore) {
  const SessionState s;
  EXPECT_EQ(s.to_json(), tree_json(s));
}

TEST(SessionStateJson, FullStateIsWrittenAsBeforeAndReadsBack) {
  SessionState s;
  s.career = "machine-learning-specialist";
  s.last_intent = "study_routes";
  s.last_route = "2";
  s.previous_route = "3";
  s.last_step = 3;
  s.last_item = 2;
  s.last_list = {"route.1", "route.2", "route.3"};
  s.profile = {{"stream", "commerce"}, {"education", "class12"}, {"abroad", "yes"}};
  s.flow = {"planner", "maths", 2, true};
  s.created_at = 1'764'000'000;
  s.add_turn({"what \"routes\" are there?\n", "Route 1:\n- B.Tech \\ B.E.", "study_routes"}, 20);
  s.add_turn({"kya \xE0\xA4\xA8\xE0\xA4\xAE bad \xff", "\x01 control", "fallback"}, 20);
  EXPECT_EQ(s.to_json(), tree_json(s));

  const SessionState back = SessionState::from_json(s.to_json());
  EXPECT_EQ(back.profile, s.profile);
  EXPECT_EQ(back.last_list, s.last_list);
  EXPECT_EQ(back.last_step, 3);
  EXPECT_EQ(back.previous_route, "3");
  EXPECT_EQ(back.last_item, 2);
  EXPECT_EQ(back.flow.reprompts, 2);
  EXPECT_TRUE(back.flow.finished);
  EXPECT_EQ(back.created_at, s.created_at);
  ASSERT_EQ(back.history.size(), 2u);
  EXPECT_EQ(back.history.front().user, s.history.front().user);
  EXPECT_EQ(back.history.back().user, "kya \xE0\xA4\xA8\xE0\xA4\xAE bad \xEF\xBF\xBD");  // replaced, not lost
}

// Found by fuzz_session_state: a number that is no whole number or does not fit (a corrupt row) reads
// as the default, keeping the rest of the state, instead of an undefined conversion.
TEST(SessionStateJson, NumbersThatDoNotFitReadAsDefaults) {
  const SessionState back = SessionState::from_json(
      R"({"career":"machine-learning-specialist","flow":{"name":"planner","reprompts":2222222222.2},)"
      R"("last_step":1e300,"last_item":99999999999,"created_at":-1.5,"last_route":"2"})");
  EXPECT_EQ(back.career, "machine-learning-specialist");
  EXPECT_EQ(back.flow.name, "planner");
  EXPECT_EQ(back.flow.reprompts, 0);
  EXPECT_EQ(back.last_step, 0);
  EXPECT_EQ(back.last_item, 0);
  EXPECT_EQ(back.created_at, 0);
  EXPECT_EQ(back.last_route, "2");
}

}  // namespace
}  // namespace careerbot::dialog
