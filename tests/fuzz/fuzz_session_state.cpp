// libFuzzer target: SessionState::from_json, which reads every stored session (a row of the SQLite
// store or a Redis hash another instance, an older version or a corrupt disk may have written).
// Properties: from_json never throws; what it returns serialises, and reading that back gives the
// same text (a stored session survives any number of load/save rounds unchanged).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "dialog/session_state.hpp"

using namespace careerbot;

namespace {

void require(bool condition) {
  if (!condition) std::abort();  // libFuzzer reports the input that broke a property
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  dialog::SessionState state;
  try {
    state = dialog::SessionState::from_json(input);
  } catch (...) {
    require(false);  // a corrupt row must cost one conversation's memory, never the server
  }
  const std::string saved = state.to_json();
  require(dialog::SessionState::from_json(saved).to_json() == saved);
  return 0;
}
