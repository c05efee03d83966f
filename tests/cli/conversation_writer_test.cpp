// /save's file reads back as the same conversation test, whatever the student typed.
#include "cli/conversation_writer.hpp"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "cli/conversation_file.hpp"

namespace careerbot::cli {
namespace {

TEST(ConversationWriter, WrittenTurnsLoadBackWithTheirIntents) {
  const std::vector<RecordedTurn> turns = {
      {"What does a Machine Learning Specialist do?", "overview"},
      {"key: value # not a comment", "fallback"},
      {"\"quoted\" and \\ backslash\tand tab", "smalltalk_thanks"},
      {"- a dash, [brackets] {braces} & *stars*", "fallback"},
      {"मुझे ML में करियर चाहिए", "overview"},
  };
  const auto path =
      std::filesystem::temp_directory_path() / ("careerbot-saved-" + std::to_string(::getpid()) + ".yaml");
  std::ofstream(path) << conversation_test_yaml("Recorded: a \"test\"", turns);
  const auto conversations = load_conversation_file(path.string());
  std::filesystem::remove(path);
  ASSERT_EQ(conversations.size(), 1u);
  EXPECT_EQ(conversations[0].name, "Recorded: a \"test\"");
  ASSERT_EQ(conversations[0].turns.size(), turns.size());
  for (std::size_t i = 0; i < turns.size(); ++i) {
    EXPECT_EQ(conversations[0].turns[i].user, turns[i].user);
    ASSERT_TRUE(conversations[0].turns[i].expect.intent.has_value());
    EXPECT_EQ(conversations[0].turns[i].expect.intent->text, turns[i].intent);
  }
}

}  // namespace
}  // namespace careerbot::cli
