// libFuzzer target: the normaliser alone (Unicode fold, typo correction, lexicon rewriting, stems)
// with the real intents/ lexicon and spelling vocabulary. fuzz_matcher reaches it too, but behind the
// matcher's far slower RE2 set and knowledge-base search; here it runs many times more inputs per
// second and checks the normaliser's own contract. Only valid UTF-8 reaches it in the server.
// Properties: normalize() never throws; one stem per token; `text` is the tokens joined by single
// spaces and is valid UTF-8; the result does not depend on the reused output buffer.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "common/utf8.hpp"
#include "intent/matcher.hpp"
#include "project_matcher.hpp"

using namespace careerbot;
using fuzzing::require;

namespace {

std::string joined(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) {
    if (!out.empty()) out += ' ';
    out += w;
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzzing::project_matcher();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (!utf8::is_valid(text)) return -1;  // -1: keep out of the corpus
  const auto& normalizer = fuzzing::project_matcher().normalizer();

  const intent::NormalizedText fresh = normalizer.normalize(text);
  require(fresh.stems.size() == fresh.tokens.size());
  require(fresh.text == joined(fresh.tokens));
  require(utf8::is_valid(fresh.text));

  // The server reuses one NormalizedText per thread: leftovers from another text must not leak in.
  static intent::NormalizedText reused;
  normalizer.normalize(text, reused);
  require(reused.text == fresh.text && reused.tokens == fresh.tokens && reused.stems == fresh.stems &&
          reused.corrections == fresh.corrections);

  (void)intent::Normalizer::surface_words(text);
  return 0;
}
