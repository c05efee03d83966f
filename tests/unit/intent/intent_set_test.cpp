#include "intent/intent_set.hpp"

#include <gtest/gtest.h>
#include <algorithm>

#include "common/record_file.hpp"
#include "intent/intent_model.hpp"
#include "temp_dir.hpp"

using namespace careerbot;
using namespace careerbot::intent;
using careerbot::intent::testing::TempDir;

namespace {

const std::string kBasic = std::string(CAREERBOT_INTENT_DATA) + "/basic";

const char* kEntities =
    "entities:\n"
    "  - name: city\n"
    "    values:\n"
    "      - value: pune\n"
    "        patterns:\n"
    "          - \\bpune\\b\n";

// Loads a directory holding `intents` as a.intents.yaml and expects a ContentError at file:line
// whose message contains `needle`.
void expect_error(const std::string& intents, const std::string& file, std::size_t line,
                  const std::string& needle, const std::string& entities = kEntities) {
  TempDir dir;
  dir.write("entities.yaml", entities);
  dir.write("a.intents.yaml", intents);
  try {
    (void)IntentSet::load_directory(dir.path());
    ADD_FAILURE() << "expected an error containing '" << needle << "'";
  } catch (const ContentError& e) {
    EXPECT_EQ(e.file(), dir.file(file)) << e.what();
    EXPECT_EQ(e.line(), line) << e.what();
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
  }
}

}  // namespace

TEST(IntentSet, LoadsTheFixture) {
  const auto set = IntentSet::load_directory(kBasic);
  EXPECT_EQ(set->settings().threshold, 0.5);
  EXPECT_EQ(set->settings().max_mem_bytes, 16 << 20);
  ASSERT_NE(set->find("eligibility"), nullptr);
  const Intent& e = *set->find("eligibility");
  EXPECT_EQ(e.answer, "eligibility");  // defaults to the name
  ASSERT_EQ(e.keywords.size(), 4u);
  EXPECT_EQ(e.keywords[0].phrase, "eligible");
  EXPECT_EQ(e.keywords[0].weight, 1.5);
  EXPECT_EQ(e.follow_up, "eligibility");
  EXPECT_FALSE(e.general);
  EXPECT_FALSE(e.pattern_weight.has_value());
  EXPECT_EQ(e.line, 2u);
  EXPECT_EQ(set->find("employers_city")->required_entities, (std::vector<std::string>{"city"}));
  EXPECT_TRUE(set->has_entity("career"));
  EXPECT_TRUE(set->has_entity("education"));
  EXPECT_FALSE(set->has_entity("planet"));
  // Intents come in file-name order: careers.intents.yaml before smalltalk.intents.yaml.
  EXPECT_EQ(set->intents().front().name, "eligibility");
  EXPECT_EQ(set->intents().back().name, "thanks");
  // Vocabulary (correction targets): keywords, suggestions and pattern words; not the (misspelt)
  // examples. Words from words.yaml are known (never corrected) but are not targets.
  const auto& v = set->vocabulary();
  for (const char* w : {"eligible", "salary", "recruiters", "internship", "routes"})
    EXPECT_TRUE(std::binary_search(v.begin(), v.end(), std::string(w))) << w;
  EXPECT_FALSE(std::binary_search(v.begin(), v.end(), std::string("salery")));
  const auto& known = set->known_words();
  EXPECT_NE(std::find(known.begin(), known.end(), std::string("weather")), known.end());
}

TEST(IntentSet, PatternWordsSkipEscapes) {
  EXPECT_EQ(pattern_words("\\b(compan(y|ies)|hiring)\\s+\\dyears?\\b"),
            (std::vector<std::string>{"compan", "ies", "hiring", "years"}));
}

TEST(IntentSet, MissingName) {
  expect_error("intents:\n  - description: x\n    keywords:\n      - a\n", "a.intents.yaml", 2,
               "without a 'name'");
}

TEST(IntentSet, BadName) {
  expect_error("intents:\n  - name: Bad Name\n    keywords:\n      - a\n", "a.intents.yaml", 2,
               "lower_snake_case");
  expect_error("intents:\n  - name: fallback\n    keywords:\n      - a\n", "a.intents.yaml", 2, "reserved");
}

TEST(IntentSet, DuplicateName) {
  expect_error("intents:\n  - name: a\n    keywords:\n      - x\n  - name: a\n    keywords:\n      - y\n",
               "a.intents.yaml", 5, "duplicate intent 'a'");
}

TEST(IntentSet, PatternThatDoesNotCompileGivesRe2sError) {
  expect_error("intents:\n  - name: a\n    patterns:\n      - \\b(unclosed\n", "a.intents.yaml", 4,
               "missing )");
  expect_error("intents:\n  - name: a\n    patterns:\n      - x\n    exclude:\n      - a**\n",
               "a.intents.yaml", 6, "does not compile");
}

TEST(IntentSet, BadWeight) {
  expect_error("intents:\n  - name: a\n    keywords:\n      - salary -1\n", "a.intents.yaml", 4,
               "bad keyword weight");
  expect_error("intents:\n  - name: a\n    keywords:\n      - salary 1,5\n", "a.intents.yaml", 4,
               "bad keyword weight");
  expect_error("intents:\n  - name: a\n    keywords:\n      - salary 0\n", "a.intents.yaml", 4,
               "bad keyword weight");
  expect_error("intents:\n  - name: a\n    keywords:\n      - salary 1000\n", "a.intents.yaml", 4,
               "bad keyword weight");
}

TEST(IntentSet, KeywordPhrasesAndWeights) {
  TempDir dir;
  dir.write(
      "a.intents.yaml",
      "intents:\n  - name: a\n    keywords:\n      - after 12th\n      - route 2 1\n      - hire 2.5\n");
  const auto set = IntentSet::load_directory(dir.path());
  const auto& k = set->intents()[0].keywords;
  EXPECT_EQ(k[0].phrase, "after 12th");
  EXPECT_EQ(k[0].weight, 1.0);
  EXPECT_EQ(k[1].phrase, "route 2");
  EXPECT_EQ(k[2].weight, 2.5);
}

TEST(IntentSet, UnknownEntityInRequires) {
  expect_error(
      "intents:\n  - name: a\n    keywords:\n      - x\n    requires:\n      - city\n      - planet\n",
      "a.intents.yaml", 7, "unknown entity 'planet'");
}

TEST(IntentSet, ExampleSharedByTwoIntents) {
  expect_error(
      "intents:\n  - name: a\n    keywords:\n      - x\n    examples:\n      - What is the salary?\n"
      "  - name: b\n    keywords:\n      - y\n    examples:\n      - what is the SALARY\n",
      "a.intents.yaml", 11, "also an example of 'a'");
}

TEST(IntentSet, IntentThatCanNeverMatch) {
  expect_error("intents:\n  - name: a\n    description: nothing\n", "a.intents.yaml", 2,
               "neither patterns nor keywords");
}

TEST(IntentSet, EntityErrors) {
  const std::string ok = "intents:\n  - name: a\n    keywords:\n      - x\n";
  expect_error(
      ok, "entities.yaml", 6, "does not compile",
      "entities:\n  - name: city\n    values:\n      - value: x\n        patterns:\n          - (\n");
  expect_error(ok, "entities.yaml", 6, "capture group",
               "entities:\n  - name: years\n    values:\n      - value: $2\n        patterns:\n          - "
               "(\\d+) years\n");
  expect_error(
      ok, "entities.yaml", 2, "built in",
      "entities:\n  - name: career\n    values:\n      - value: x\n        patterns:\n          - x\n");
  expect_error(ok, "entities.yaml", 7, "duplicate entity",
               "entities:\n  - name: a\n    values:\n      - value: x\n        patterns:\n          - x\n"
               "  - name: a\n    values:\n      - value: x\n        patterns:\n          - x\n");
}

TEST(IntentSet, SettingsErrors) {
  TempDir dir;
  dir.write("a.intents.yaml", "intents:\n  - name: a\n    keywords:\n      - x\n");
  dir.write("settings.yaml", "threshold: 0.4\nthreshhold: 2\n");
  try {
    (void)IntentSet::load_directory(dir.path());
    FAIL();
  } catch (const ContentError& e) {
    EXPECT_EQ(e.line(), 2u);
    EXPECT_EQ(e.file(), dir.file("settings.yaml"));
  }
  dir.write("settings.yaml", "threshold: high\n");
  EXPECT_THROW((void)IntentSet::load_directory(dir.path()), ContentError);
}

TEST(IntentSet, EmptyOrMissingDirectory) {
  TempDir dir;
  EXPECT_THROW((void)IntentSet::load_directory(dir.path()), ContentError);
  EXPECT_THROW((void)IntentSet::load_directory(dir.path() + "/nope"), ContentError);
}

// Every behaviour field the engine reads is typed; anything else is an error that lists them.
TEST(IntentSet, BehaviourFieldsAreTyped) {
  TempDir dir;
  dir.write("a.intents.yaml",
            "intents:\n"
            "  - name: restart\n"
            "    role: restart\n"
            "    pattern_weight: 6\n"
            "    general: true\n"
            "    fallback: false\n"
            "    plan_when_personal: true\n"
            "    sets_route: 2\n"
            "    handled_by: follow_up\n"
            "    follow_up: start over\n"
            "    tell_more: other\n"
            "    keywords: [restart]\n"
            "  - name: other\n"
            "    keywords: [other]\n");
  const auto set = IntentSet::load_directory(dir.path());
  const Intent& i = *set->find("restart");
  EXPECT_EQ(i.role, "restart");
  EXPECT_EQ(i.pattern_weight, 6.0);
  EXPECT_TRUE(i.general);
  EXPECT_FALSE(i.fallback);
  EXPECT_TRUE(i.plan_when_personal);
  EXPECT_FALSE(i.plan_only_when_asked);
  EXPECT_EQ(i.sets_route, "2");
  EXPECT_EQ(i.handled_by, "follow_up");
  EXPECT_EQ(i.follow_up, "start over");
  EXPECT_EQ(i.tell_more, "other");
  EXPECT_EQ(set->with_role("restart"), &i);
  EXPECT_EQ(set->with_role("answer_yes"), nullptr);
  EXPECT_EQ(set->find("other")->role, "");
}

// `plan_when_personal: asked`: the planner only when the student asks about their own case.
TEST(IntentSet, PlanWhenPersonalAsked) {
  TempDir dir;
  dir.write("a.intents.yaml",
            "intents:\n"
            "  - name: tips\n"
            "    plan_when_personal: asked\n"
            "    keywords: [tips]\n"
            "  - name: other\n"
            "    plan_when_personal: false\n"
            "    keywords: [other]\n");
  const auto set = IntentSet::load_directory(dir.path());
  EXPECT_TRUE(set->find("tips")->plan_when_personal);
  EXPECT_TRUE(set->find("tips")->plan_only_when_asked);
  EXPECT_FALSE(set->find("other")->plan_when_personal);
  EXPECT_FALSE(set->find("other")->plan_only_when_asked);
}

TEST(IntentSet, BehaviourFieldErrors) {
  const std::string head = "intents:\n  - name: a\n    keywords: [a]\n";
  expect_error(
      head + "    folow_up: words\n", "a.intents.yaml", 4,
      "unknown field 'folow_up' in intent 'a'; expected one of: name, description, answer, patterns, "
      "keywords, exclude, requires, suggestions, examples, role, pattern_weight, tell_more, follow_up, "
      "general, "
      "fallback, plan_when_personal, sets_route, handled_by");
  expect_error(head + "    general: yes\n", "a.intents.yaml", 4,
               "'general' must be true or false, not 'yes'");
  expect_error(head + "    plan_when_personal: maybe\n", "a.intents.yaml", 4,
               "'plan_when_personal' must be true or false, not 'maybe'");
  expect_error(head + "    role: boss\n", "a.intents.yaml", 4,
               "'role' must be one of restart, answer_yes, answer_no,");
  expect_error(head + "    handled_by: me\n", "a.intents.yaml", 4,
               "'handled_by' must be one of planner, follow_up");
  expect_error(head + "    sets_route: first\n", "a.intents.yaml", 4, "'sets_route' is a route number");
  expect_error(head + "    pattern_weight: 101\n", "a.intents.yaml", 4,
               "pattern_weight must be a number from 0 to 100");
  expect_error(head + "    tell_more: nowhere\n", "a.intents.yaml", 2,
               "'tell_more' names 'nowhere', which is no intent");
  expect_error(head + "    follow_up: [a, b]\n", "a.intents.yaml", 4, "follow_up: expected a single value");
  expect_error(head + "    role: answer_yes\n  - name: b\n    keywords: [b]\n    role: answer_yes\n",
               "a.intents.yaml", 5, "role 'answer_yes' is given to both 'a'");
}

// `classifier_token: false` keeps an entity out of what the intent classifier reads.
TEST(IntentSet, EntitiesHiddenFromTheClassifier) {
  TempDir dir;
  dir.write("entities.yaml", std::string(kEntities) +
                                 "  - name: route_in_focus\n"
                                 "    classifier_token: false\n"
                                 "    values:\n"
                                 "      - value: \"yes\"\n"
                                 "        patterns:\n"
                                 "          - (that|this) route\n");
  dir.write("a.intents.yaml", "intents:\n  - name: a\n    keywords: [a]\n");
  const auto set = IntentSet::load_directory(dir.path());
  ASSERT_EQ(set->entities().size(), 2u);
  EXPECT_TRUE(set->entities()[0].classifier_token);
  EXPECT_FALSE(set->entities()[1].classifier_token);
  const std::vector<std::string> hidden{"route_in_focus"};
  EXPECT_EQ(classifier_input("how long is that route in pune",
                             {{"career", "x"}, {"city", "pune"}, {"route_in_focus", "yes"}}, hidden),
            "how long is that route in pune _city_");
  EXPECT_EQ(classifier_input("that route", {{"route_in_focus", "yes"}}), "that route _route_in_focus_");

  TempDir bad;
  bad.write("entities.yaml", std::string(kEntities) + "    classifier_token: maybe\n");
  bad.write("a.intents.yaml", "intents:\n  - name: a\n    keywords: [a]\n");
  try {
    (void)IntentSet::load_directory(bad.path());
    ADD_FAILURE() << "no error";
  } catch (const ContentError& e) {
    EXPECT_NE(std::string(e.what()).find("'classifier_token' must be true or false, not 'maybe'"),
              std::string::npos)
        << e.what();
  }
}
