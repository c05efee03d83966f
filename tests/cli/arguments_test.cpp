#include "cli/arguments.hpp"

#include <map>

#include <gtest/gtest.h>

namespace careerbot::cli {
namespace {

Arguments parse(std::vector<std::string> args, std::map<std::string, std::string> env = {}) {
  return parse_arguments(args, [&](const char* name) -> std::optional<std::string> {
    const auto it = env.find(name);
    if (it == env.end()) return std::nullopt;
    return it->second;
  });
}

TEST(Arguments, NoArgumentsMeansChatWithTheDefaultUrl) {
  const auto args = parse({});
  EXPECT_EQ(args.command, Command::chat);
  EXPECT_EQ(args.url, "ws://127.0.0.1:8080/ws");
  EXPECT_EQ(args.admin_token, "");
}

TEST(Arguments, EnvironmentGivesUrlAndTokenAndFlagsWin) {
  const std::map<std::string, std::string> env = {{"CAREERBOT_URL", "ws://h:1/ws"},
                                                  {"CAREERBOT_ADMIN_TOKEN", "from-env"}};
  EXPECT_EQ(parse({"reload"}, env).url, "ws://h:1/ws");
  EXPECT_EQ(parse({"reload"}, env).admin_token, "from-env");
  const auto args = parse({"--url", "ws://x:2/ws", "reload", "--admin-token", "flag"}, env);
  EXPECT_EQ(args.url, "ws://x:2/ws");
  EXPECT_EQ(args.admin_token, "flag");
  EXPECT_EQ(args.command, Command::reload);
}

TEST(Arguments, AskTakesOneQuestionAndJson) {
  const auto args = parse({"ask", "am I eligible?", "--json"});
  EXPECT_EQ(args.command, Command::ask);
  EXPECT_EQ(args.question, "am I eligible?");
  EXPECT_TRUE(args.json);
  EXPECT_THROW(parse({"ask"}), UsageError);
  EXPECT_THROW(parse({"ask", "a", "b"}), UsageError);
  EXPECT_THROW(parse({"reload", "--json"}), UsageError);
}

TEST(Arguments, TestTakesFiles) {
  const auto args = parse({"test", "a.yaml", "b.yaml"});
  EXPECT_EQ(args.command, Command::test);
  EXPECT_EQ(args.files, (std::vector<std::string>{"a.yaml", "b.yaml"}));
  EXPECT_THROW(parse({"test"}), UsageError);
}

TEST(Arguments, DoubleDashLetsAQuestionStartWithDashes) {
  EXPECT_EQ(parse({"ask", "--", "--help me"}).question, "--help me");
}

TEST(Arguments, LimitMustBeAPositiveNumber) {
  EXPECT_EQ(parse({"unanswered", "--limit", "7"}).limit, 7);
  EXPECT_THROW(parse({"unanswered", "--limit", "0"}), UsageError);
  EXPECT_THROW(parse({"unanswered", "--limit", "5x"}), UsageError);
  EXPECT_THROW(parse({"unanswered", "--limit"}), UsageError);
}

TEST(Arguments, OfflineTakesTheContentFoldersBeforeOrAfterTheCommand) {
  const auto plain = parse({"test", "a.yaml"});
  EXPECT_FALSE(plain.offline.enabled);
  const auto defaults = parse({"--offline"});
  EXPECT_TRUE(defaults.offline.enabled);
  EXPECT_EQ(defaults.command, Command::chat);
  EXPECT_EQ(defaults.offline.knowledge_dir, "knowledge");
  EXPECT_EQ(defaults.offline.intents_dir, "intents");
  const auto args = parse(
      {"test", "--intents", "coverage", "a.yaml", "--offline", "--knowledge-dir", "k", "--intents-dir", "i"});
  EXPECT_TRUE(args.offline.enabled);
  EXPECT_EQ(args.command, Command::test);
  EXPECT_EQ(args.offline.knowledge_dir, "k");
  EXPECT_EQ(args.offline.intents_dir, "i");
  EXPECT_EQ(args.intents_dir, "coverage");  // test's own --intents is the coverage report's
  EXPECT_EQ(parse({"--offline", "ask", "hi"}).command, Command::ask);
}

TEST(Arguments, OfflineRefusesTheAdminCommandsAndTheFoldersNeedIt) {
  EXPECT_THROW(parse({"--offline", "reload"}), UsageError);
  EXPECT_THROW(parse({"unanswered", "--offline"}), UsageError);
  EXPECT_THROW(parse({"--knowledge-dir", "k", "ask", "hi"}), UsageError);
  EXPECT_THROW(parse({"--intents-dir", "i"}), UsageError);
  try {
    parse({"reload", "--offline"});
    FAIL() << "reload --offline was accepted";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("need a server"), std::string::npos) << e.what();
  }
}

TEST(Arguments, UnknownCommandsAndOptionsAreRefused) {
  EXPECT_THROW(parse({"frobnicate"}), UsageError);
  EXPECT_THROW(parse({"--verbose"}), UsageError);
  EXPECT_THROW(parse({"reload", "extra"}), UsageError);
}

}  // namespace
}  // namespace careerbot::cli
