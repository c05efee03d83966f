#include "cli/conversation_file.hpp"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "common/record_file.hpp"

namespace careerbot::cli {
namespace {

// Each test writes a real file in its own temporary folder.
class ConversationFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = std::filesystem::temp_directory_path() /
              ("careerbot_cli_test_" +
               std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    std::filesystem::create_directories(folder_);
  }
  void TearDown() override { std::filesystem::remove_all(folder_); }

  std::string write(const std::string& text) {
    const auto path = (folder_ / "conversation.yaml").string();
    std::ofstream(path) << text;
    return path;
  }

  // The "file:line" an error names, or "" when loading succeeded.
  std::string error_location(const std::string& text) {
    try {
      load_conversation_file(write(text));
    } catch (const ContentError& e) {
      return std::filesystem::path(e.file()).filename().string() + ":" + std::to_string(e.line());
    }
    return {};
  }

  std::filesystem::path folder_;
};

TEST_F(ConversationFileTest, ReadsEveryExpectationWithItsLine) {
  const auto conversations =
      load_conversation_file(write("name: Eligibility after 12th science\n"
                                   "turns:\n"
                                   "  - user: am I eligible?\n"
                                   "    expect:\n"
                                   "      intent: plan\n"
                                   "      answered_intent: plan\n"
                                   "      contains:\n"
                                   "        - 10+2 with Science\n"
                                   "      not_contains:\n"
                                   "        - 0.0 LPA\n"
                                   "      any_of:\n"
                                   "        - Route 1\n"
                                   "        - Route 2\n"
                                   "      suggestions_include:\n"
                                   "        - In class 11 or 12\n"
                                   "      flow_slot: education\n"
                                   "      career: machine-learning-specialist\n"
                                   "  - user: Finished 12th\n"));
  ASSERT_EQ(conversations.size(), 1u);
  const auto& c = conversations[0];
  EXPECT_EQ(c.name, "Eligibility after 12th science");
  ASSERT_EQ(c.turns.size(), 2u);
  const auto& e = c.turns[0].expect;
  EXPECT_EQ(c.turns[0].user, "am I eligible?");
  EXPECT_EQ(c.turns[0].line, 3u);
  ASSERT_TRUE(e.intent);
  EXPECT_EQ(e.intent->text, "plan");
  ASSERT_EQ(e.contains.size(), 1u);
  EXPECT_EQ(e.contains[0].text, "10+2 with Science");
  EXPECT_EQ(e.contains[0].line, 8u);
  EXPECT_EQ(e.answered_intent->text, "plan");
  EXPECT_EQ(e.not_contains.at(0).text, "0.0 LPA");
  EXPECT_EQ(e.any_of.size(), 2u);
  EXPECT_EQ(e.suggestions_include.at(0).text, "In class 11 or 12");
  ASSERT_TRUE(e.flow_slot);
  EXPECT_EQ(e.flow_slot->text, "education");
  EXPECT_EQ(e.career->text, "machine-learning-specialist");
  EXPECT_EQ(c.turns[1].user, "Finished 12th");
  EXPECT_FALSE(c.turns[1].expect.intent);
}

TEST_F(ConversationFileTest, EmptyFlowSlotMeansNoneWaiting) {
  const auto conversations = load_conversation_file(
      write("name: n\nturns:\n  - user: cancel\n    expect:\n      flow_slot: \"\"\n"));
  ASSERT_TRUE(conversations[0].turns[0].expect.flow_slot);
  EXPECT_EQ(conversations[0].turns[0].expect.flow_slot->text, "");
}

TEST_F(ConversationFileTest, ReadsSeveralConversations) {
  const auto conversations =
      load_conversation_file(write("conversations:\n"
                                   "  - name: one\n"
                                   "    turns:\n"
                                   "      - user: hi\n"
                                   "  - name: two\n"
                                   "    turns:\n"
                                   "      - user: bye\n"
                                   "        expect:\n"
                                   "          contains: Goodbye\n"));
  ASSERT_EQ(conversations.size(), 2u);
  EXPECT_EQ(conversations[1].name, "two");
  EXPECT_EQ(conversations[1].line, 5u);
  EXPECT_EQ(conversations[1].turns[0].expect.contains.at(0).text, "Goodbye");
}

TEST_F(ConversationFileTest, ErrorsNameFileAndLine) {
  // A misspelt expectation must not silently check nothing. An unknown key is named at the key; a
  // block value's other errors at the block's first line, a scalar's at its own line.
  EXPECT_EQ(error_location("name: n\nturns:\n  - user: hi\n    expect:\n      contain:\n        - x\n"),
            "conversation.yaml:5");
  EXPECT_EQ(error_location("name: n\nturns:\n  - user: hi\n    expect:\n      contain: x\n"),
            "conversation.yaml:5");
  EXPECT_EQ(error_location("name: n\nturns:\n  - user: hi\n    expected:\n      intent: x\n"),
            "conversation.yaml:4");
  EXPECT_EQ(error_location("name: n\nturns:\n  - expect:\n      intent: x\n"), "conversation.yaml:3");
  EXPECT_EQ(error_location("name: n\nturns:\n"), "conversation.yaml:1");
  EXPECT_EQ(error_location("turns:\n  - user: hi\n"), "conversation.yaml:1");
  EXPECT_EQ(error_location("name: n\nturns:\n  - user: hi\n    expect:\n      intent:\n        - a\n"),
            "conversation.yaml:6");
  EXPECT_EQ(error_location("name: n\nstray: 1\nturns:\n  - user: hi\n"), "conversation.yaml:2");
}

TEST_F(ConversationFileTest, AMissingFileIsAContentError) {
  EXPECT_THROW(load_conversation_file((folder_ / "absent.yaml").string()), ContentError);
}

}  // namespace
}  // namespace careerbot::cli
