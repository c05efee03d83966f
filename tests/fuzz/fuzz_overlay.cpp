// libFuzzer target: the overlay reader, i.e. a counsellor's `<slug>.overlay.yaml` parsed as a record
// file and applied to the real career read from knowledge/careers (loaded once). Overlays are edited by
// hand, so every mistake must come back as a content error naming the line, never as a crash.
// Properties: the record parser and apply_overlay throw nothing but ContentError (ErrorList::guard
// catches those; anything else escapes and libFuzzer reports it), and the real overlay applies cleanly.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <string_view>

#include "common/record_file.hpp"
#include "knowledge/career_sources.hpp"
#include "knowledge/overlay_record.hpp"
#include "knowledge/page_record.hpp"

using namespace careerbot;

namespace {

#define CAREER_SOURCE CAREERBOT_SOURCE_DIR "/knowledge/careers/machine-learning-specialist"

// The career as read from its page, before any overlay.
const knowledge::Career& page_career() {
  static const knowledge::Career career = [] {
    knowledge::ErrorList errors;
    knowledge::Career read;
    errors.guard([&] {
      const auto page = RecordDocument::load(CAREER_SOURCE ".page.yaml");
      read = knowledge::read_page_record(page.root(), errors);
    });
    if (!errors.empty()) {
      std::cerr << "fuzz_overlay: the page does not read:\n" << errors.report();
      std::abort();
    }
    return read;
  }();
  return career;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  page_career();
  // Sanity: the committed overlay applies without errors, so the fuzzer starts from a valid state.
  knowledge::ErrorList errors;
  (void)knowledge::load_career(CAREER_SOURCE ".page.yaml", CAREER_SOURCE ".overlay.yaml", errors);
  if (!errors.empty()) {
    std::cerr << "fuzz_overlay: the committed overlay has errors:\n" << errors.report();
    std::abort();
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  knowledge::ErrorList errors;
  errors.guard([&] {
    const RecordDocument overlay = RecordDocument::parse(input, "fuzz.overlay.yaml");
    knowledge::Career career = page_career();
    knowledge::apply_overlay(overlay.root(), career, errors);
  });
  return 0;
}
