// libFuzzer target: the intent matcher (normaliser, spelling, RE2 set, keywords, entities) on the
// project's real intents/, with careers from a knowledge base built once at start-up from knowledge/,
// plus the knowledge base's full-text search on the same text. Student text reaches both only as
// valid UTF-8 (the server checks first), so other inputs are skipped.
// Properties: match() never throws, its result is a known intent or "fallback" with confidence in
// [0, 1], and its account serialises.
#include <unistd.h>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string_view>

#include "common/utf8.hpp"
#include "intent/matcher.hpp"
#include "knowledge/builder.hpp"
#include "knowledge/knowledge_base.hpp"

using namespace careerbot;

namespace {

struct Fixture {
  std::shared_ptr<const knowledge::KnowledgeBase> kb;
  std::unique_ptr<intent::Matcher> matcher;
};

// Builds the knowledge base into a private temporary directory (removed again once opened: the
// open database keeps its data), then the matcher the server would build.
Fixture load() {
  char dir_template[] = "/tmp/careerbot-fuzz-XXXXXX";
  if (mkdtemp(dir_template) == nullptr) std::abort();
  const std::filesystem::path dir(dir_template);
  const auto db = (dir / "knowledge.db").string();
  const auto built = knowledge::build_knowledge({CAREERBOT_SOURCE_DIR "/knowledge/careers"}, db);
  if (!built.ok()) {
    std::cerr << "fuzz_matcher: knowledge/ does not build:\n" << built.errors.report();
    std::abort();
  }
  Fixture fixture;
  fixture.kb = knowledge::KnowledgeBase::open(db, 1);
  std::vector<intent::CareerName> names;
  for (const auto& career : fixture.kb->careers()) {
    intent::CareerName name{career.slug, {career.name}};
    for (const auto& alias : career.aliases) name.names.push_back(alias);
    names.push_back(std::move(name));
  }
  fixture.matcher = std::make_unique<intent::Matcher>(
      intent::IntentSet::load_directory(CAREERBOT_SOURCE_DIR "/intents"), std::move(names));
  std::filesystem::remove_all(dir);
  return fixture;
}

const Fixture& fixture() {
  static const Fixture instance = load();
  return instance;
}

bool known_intent(const intent::Matcher& matcher, const std::string& name) {
  if (name == intent::kFallbackIntent) return true;
  for (const auto& i : matcher.intent_set().intents())
    if (i.name == name) return true;
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fixture();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (!utf8::is_valid(text)) return -1;  // -1: keep out of the corpus
  const auto& f = fixture();
  const auto result = f.matcher->match(text);
  if (!known_intent(*f.matcher, result.intent)) std::abort();
  if (!(result.confidence >= 0.0 && result.confidence <= 1.0)) std::abort();
  (void)intent::Matcher::explain(result).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  (void)f.kb->search(text, 3);
  return 0;
}
