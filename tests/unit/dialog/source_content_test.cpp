// load_source_content: the project's own folders load as the server loads them, every knowledge error
// comes back (and nothing loads), intents that do not load throw, and no scratch file is left behind.
#include "dialog/source_content.hpp"

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

namespace careerbot::dialog {
namespace {

const std::filesystem::path kSource = CAREERBOT_SOURCE_DIR;

// This process's scratch databases still in the temporary folder.
int scratch_files_left() {
  const std::string prefix = "careerbot-content-" + std::to_string(::getpid()) + "-";
  int count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::temp_directory_path()))
    if (entry.path().filename().string().starts_with(prefix)) ++count;
  return count;
}

class TempFolder {
 public:
  TempFolder() {
    auto pattern = (std::filesystem::temp_directory_path() / "careerbot-sources-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempFolder() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// The rules alone: these tests are about loading, not the trained classifiers (no model cache needed).
ContentSources project_sources() {
  ContentSources sources{{(kSource / "knowledge/careers").string()}, (kSource / "intents").string()};
  sources.classifiers = false;
  return sources;
}

TEST(SourceContent, LoadsTheProjectsFoldersAsTheServerDoes) {
  const auto loaded = load_source_content(project_sources());
  ASSERT_TRUE(loaded.build.ok()) << loaded.build.errors.report();
  ASSERT_NE(loaded.content, nullptr);
  EXPECT_GE(loaded.build.career_count, 1u);
  EXPECT_GT(loaded.build.fact_count, 0u);
  EXPECT_EQ(loaded.content->knowledge->careers().size(), loaded.build.career_count);
  // The knowledge base answers after its scratch file is gone (it keeps its own connection).
  EXPECT_EQ(scratch_files_left(), 0);
  EXPECT_NE(loaded.content->knowledge->find("machine-learning-specialist"), nullptr);
  EXPECT_FALSE(loaded.content->knowledge->search("companies hiring in Pune", 3).empty());
}

TEST(SourceContent, AKnowledgeErrorIsReportedWithItsFileAndNothingLoads) {
  TempFolder careers;
  // A page without its overlay: the builder names the file.
  std::filesystem::copy_file(kSource / "knowledge/careers/machine-learning-specialist.page.yaml",
                             careers.path() / "machine-learning-specialist.page.yaml");
  auto sources = project_sources();
  sources.career_dirs = {careers.path().string()};
  const auto loaded = load_source_content(sources);
  EXPECT_FALSE(loaded.build.ok());
  EXPECT_EQ(loaded.content, nullptr);
  EXPECT_NE(loaded.build.errors.report().find("machine-learning-specialist.page.yaml"), std::string::npos)
      << loaded.build.errors.report();
  EXPECT_EQ(scratch_files_left(), 0);
}

TEST(SourceContent, IntentsThatDoNotLoadThrowAndLeaveNoScratchFile) {
  TempFolder empty;
  auto sources = project_sources();
  sources.intents_dir = (empty.path() / "no-such-intents").string();
  EXPECT_THROW(load_source_content(sources), std::runtime_error);
  EXPECT_EQ(scratch_files_left(), 0);
}

// An edit that leaves what the classifiers train on alone (here an answer's wording) trains nothing:
// the models trained for the project's content (the shared test cache, filled by the train_models
// fixture) come back under their training keys, though every content file is part of the cheap key.
TEST(SourceContent, AnEditTheModelsDoNotReadTrainsNoModel) {
  const TempFolder folder;
  const auto intents = folder.path() / "intents";
  std::filesystem::copy(kSource / "intents", intents, std::filesystem::copy_options::recursive);
  // Unique, so that the cheap key misses even when an earlier run left its "-key" entry.
  std::ofstream(intents / "answers.yaml", std::ios::app)
      << "# a counsellor's edit " << ::getpid() << " "
      << std::chrono::steady_clock::now().time_since_epoch().count() << "\n";
  ContentSources sources{{(kSource / "knowledge/careers").string()}, intents.string()};
  const auto loaded = load_source_content(sources);
  ASSERT_NE(loaded.content, nullptr) << loaded.build.errors.report();
  EXPECT_FALSE(loaded.content->classifiers.intent_trained);
  EXPECT_FALSE(loaded.content->classifiers.safety_trained);
  // The changed file missed the cheap key, so the safety examples were read to find the model.
  EXPECT_GT(loaded.content->classifiers.safety_examples, 0u);
}

}  // namespace
}  // namespace careerbot::dialog
