// The careerbot-kb executable: exit codes and outputs, run as a real process.

#include <sys/wait.h>

#include <gtest/gtest.h>

#include <cstdlib>

#include "test_support.hpp"

namespace careerbot::knowledge {
namespace {

using testing::read_file;

int run(const std::string& arguments, const std::string& output) {
  std::string command = std::string(CAREERBOT_KB_EXE) + " " + arguments + " >" + output + " 2>&1";
  int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(KbCommand, ImportPageBuildAndCheck) {
  testing::TempDir dir;
  std::string seed = (testing::source_dir() / "tests/data/seeds/machine-learning-specialist.txt").string();
  std::string page = dir / "imported.page.yaml";
  EXPECT_EQ(run("import-page " + seed + " --out " + page, dir / "log"), 0);
  EXPECT_EQ(read_file(page),
            read_file(testing::shipped_careers() + "/machine-learning-specialist.page.yaml"));

  std::string db = dir / "out/knowledge.db";
  EXPECT_EQ(
      run("build --source " + (testing::source_dir() / "knowledge").string() + " --out " + db, dir / "log"),
      0);
  EXPECT_NE(read_file(dir / "log").find("1 career(s), 126 facts"), std::string::npos)
      << read_file(dir / "log");
  EXPECT_EQ(run("check --source " + testing::test_careers(), dir / "log"), 0);
}

TEST(KbCommand, ContentErrorsExitOneAndUsageErrorsTwo) {
  testing::TempDir dir;
  testing::write_file(dir / "broken.page.yaml", "slug: broken\nname: Broken\n");
  EXPECT_EQ(run("check --source " + dir.path().string(), dir / "log"), 1);
  EXPECT_NE(read_file(dir / "log").find("missing overlay"), std::string::npos) << read_file(dir / "log");
  EXPECT_EQ(run("build --source " + dir.path().string(), dir / "log"), 2);  // no --out
  EXPECT_EQ(run("frobnicate", dir / "log"), 2);
}

}  // namespace
}  // namespace careerbot::knowledge
