#include "dialog/source_content.hpp"

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <system_error>

namespace careerbot::dialog {

namespace {

// Unique per process and per call, so parallel tools and repeated loads never share a scratch file.
std::filesystem::path scratch_database() {
  static std::atomic<unsigned> calls{0};
  return std::filesystem::temp_directory_path() /
         ("careerbot-content-" + std::to_string(::getpid()) + "-" + std::to_string(calls++) + ".db");
}

// Removes the scratch file on every exit path, a throwing load included.
struct ScratchFile {
  std::filesystem::path path;
  ~ScratchFile() {
    std::error_code ignored;
    std::filesystem::remove(path, ignored);
  }
};

}  // namespace

SourceContent load_source_content(const ContentSources& sources) {
  const ScratchFile scratch{scratch_database()};
  SourceContent loaded;
  loaded.build = knowledge::build_knowledge(sources.career_dirs, scratch.path.string());
  if (!loaded.build.ok()) return loaded;
  ContentPaths paths{scratch.path.string(), sources.intents_dir, sources.model_cache_dir};
  paths.classifiers = sources.classifiers;
  loaded.content = load_content(paths);
  return loaded;
}

}  // namespace careerbot::dialog
