// libFuzzer target: Safeguarding::check, the screen every student message passes first, with the
// project's real intents/safeguarding.yaml (its reviewed patterns and excludes; no trained classifier,
// so every answer comes from the rules) and the server's normaliser in front, as the server runs it.
// Properties besides "no crash, no sanitizer report": check() never throws, on normalised text or on
// any valid UTF-8; a concern names one of the file's own categories, is a pattern match (certain, not
// unsure) and does not depend on career_question (the reviewed patterns apply to every message); the
// same text gives the same answer twice; and the reply for it always names a helpline: the file's
// default, or the one a deployment configures.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/utf8.hpp"
#include "dialog/safeguarding.hpp"
#include "intent/matcher.hpp"
#include "project_matcher.hpp"

using namespace careerbot;
using fuzzing::require;

namespace {

const dialog::Safeguarding& safeguarding() {
  static const auto instance = dialog::Safeguarding::load(CAREERBOT_SOURCE_DIR "/intents/safeguarding.yaml");
  return *instance;
}

bool same(const std::optional<dialog::Concern>& a, const std::optional<dialog::Concern>& b) {
  if (a.has_value() != b.has_value()) return false;
  return !a || (a->category == b->category && a->unsure == b->unsure && a->pattern == b->pattern);
}

void check_concern(const std::string& text) {
  const auto& rules = safeguarding();
  std::optional<dialog::Concern> concern;
  try {
    concern = rules.check(text);
    require(same(rules.check(text, /*career_question=*/true), concern));
    require(same(rules.check(text), concern));
  } catch (...) {
    require(false);  // a message that breaks the screen would reach no helpline
  }
  if (!concern) return;
  require(concern->category != nullptr && rules.find(concern->category->name) == concern->category);
  require(concern->pattern && !concern->unsure);
  require(rules.reply_text(*concern, {}).find(rules.default_helpline()) != std::string::npos);
  const dialog::SafeguardingContacts configured{"Helpline 1800-000-0000", "your class teacher"};
  require(rules.reply_text(*concern, configured).find(configured.helpline) != std::string::npos);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzzing::project_matcher();
  safeguarding();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  if (!utf8::is_valid(text))
    return -1;  // the server checks UTF-8 before any turn; -1: keep out of the corpus
  check_concern(fuzzing::project_matcher().normalizer().normalize(text).text);  // what the server screens
  check_concern(text);                                                          // and any text at all
  return 0;
}
