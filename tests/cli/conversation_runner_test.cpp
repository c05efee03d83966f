// ConversationRunner over a ChatTarget (here the content loaded offline): a passing and a failing
// conversation are counted, each in its own session, the failure names the file and line of the
// expectation and shows the reply, and the intents answered are collected for the coverage report.
#include "cli/conversation_runner.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

#include "cli/offline_target.hpp"
#include "offline_content.hpp"

namespace careerbot::cli {
namespace {

class ConversationRunnerTest : public ::testing::Test {
 protected:
  ConversationRunnerTest() {
    auto pattern = (std::filesystem::temp_directory_path() / "careerbot-runner-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    folder_ = pattern;
  }
  ~ConversationRunnerTest() override { std::filesystem::remove_all(folder_); }

  std::string write(const std::string& name, const std::string& text) {
    const auto path = (folder_ / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  OfflineTarget bot_{testing::project_content()};
  std::ostringstream report_;
  ConversationRunner runner_{bot_, report_, TerminalStyle::plain()};

 private:
  std::filesystem::path folder_;
};

TEST_F(ConversationRunnerTest, CountsPassesAndFailuresAndExplainsEachFailure) {
  const auto file = write("two.yaml",
                          "conversations:\n"
                          "  - name: employers in Pune\n"
                          "    turns:\n"
                          "      - user: who hires in Pune?\n"
                          "        expect:\n"
                          "          contains: Tech Mahindra\n"
                          "  - name: a wrong expectation\n"
                          "    turns:\n"
                          "      - user: who hires in Pune?\n"
                          "        expect:\n"
                          "          contains: Flying Car Corp\n");
  const auto totals = runner_.run_files({file});
  EXPECT_EQ(totals.passed, 1);
  EXPECT_EQ(totals.failed, 1);
  const auto report = report_.str();
  EXPECT_NE(report.find("PASS  two.yaml:2  employers in Pune"), std::string::npos) << report;
  EXPECT_NE(report.find("FAIL  two.yaml:7  a wrong expectation"), std::string::npos) << report;
  EXPECT_NE(report.find("two.yaml:11: missing text \"Flying Car Corp\""), std::string::npos) << report;
  // The reply actually given (a passing conversation prints no reply).
  EXPECT_NE(report.find("      | "), std::string::npos) << report;
  EXPECT_NE(report.find("Tech Mahindra"), std::string::npos) << report;
  EXPECT_TRUE(report.ends_with("1 passed, 1 failed\n")) << report;
}

TEST_F(ConversationRunnerTest, EachConversationStartsAFreshSession) {
  // The second conversation would be inside the planner if it shared the first one's session.
  const auto file = write("fresh.yaml",
                          "conversations:\n"
                          "  - name: starts the check\n"
                          "    turns:\n"
                          "      - user: Am I eligible?\n"
                          "        expect:\n"
                          "          flow_slot: education\n"
                          "  - name: nothing waiting\n"
                          "    turns:\n"
                          "      - user: hello\n"
                          "        expect:\n"
                          "          flow_slot: \"\"\n");
  EXPECT_EQ(runner_.run_files({file}).passed, 2) << report_.str();
}

TEST_F(ConversationRunnerTest, AFileThatDoesNotParseIsOneFailureAndIntentsAreCollected) {
  const auto broken = write("broken.yaml", "name: no turns\nturnz: []\n");
  const auto good =
      write("good.yaml", "name: overview\nturns:\n  - user: What does a machine learning specialist do?\n");
  const auto totals = runner_.run_files({broken, good});
  EXPECT_EQ(totals.failed, 1) << report_.str();
  EXPECT_EQ(totals.passed, 1) << report_.str();
  EXPECT_NE(report_.str().find("broken.yaml"), std::string::npos) << report_.str();
  EXPECT_TRUE(runner_.intents_answered().contains("overview"));
}

}  // namespace
}  // namespace careerbot::cli
