// libFuzzer target: the page importer (parse_page, render_page) and the content-file (YAML) parser, on
// arbitrary text. Properties: parse_page throws only std::invalid_argument; whatever it accepts
// renders to YAML that the parser reads back; the parser throws only
// ContentError; importing is deterministic.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <stdexcept>
#include <string_view>

#include "common/record_file.hpp"
#include "knowledge/page_importer.hpp"

using namespace careerbot;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  try {
    (void)RecordDocument::parse(input, "fuzz.yaml");
  } catch (const ContentError&) {
    // expected for malformed YAML
  }

  std::string rendered;
  try {
    rendered = knowledge::render_page(knowledge::parse_page(input));
  } catch (const std::invalid_argument&) {
    return 0;  // not UTF-8 or no title line
  }
  if (rendered != knowledge::import_page(input)) std::abort();  // must be deterministic
  try {
    (void)RecordDocument::parse(rendered, "imported.page.yaml");
  } catch (const ContentError& e) {
    std::cerr << "the importer wrote YAML its parser rejects: " << e.what() << "\n";
    std::abort();
  }
  return 0;
}
