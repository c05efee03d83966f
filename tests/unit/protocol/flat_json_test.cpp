#include "protocol/flat_json.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace careerbot::protocol {
namespace {

using nlohmann::json;

// Whenever the flat reader gives an object, nlohmann gives the same one; it must not read what
// nlohmann rejects.
void expect_agrees(const std::string& input) {
  const std::optional<json> flat = parse_flat_object(input);
  if (!flat) return;
  const json full = json::parse(input, nullptr, /*allow_exceptions=*/false);
  ASSERT_FALSE(full.is_discarded()) << "read what nlohmann rejects: " << input;
  ASSERT_EQ(*flat, full) << input;
  ASSERT_EQ(flat->dump(), full.dump()) << input;  // number types too (1 and 1.0 compare equal)
}

const std::vector<std::string> kFrames = {
    R"({"type":"message","text":"What does an ML specialist do?","id":7})",
    R"( { "type" : "message" , "text" : "hi" , "id" : "abc" , "explain" : true } )",
    "{\n\t\"type\":\"reset\"\r\n}",
    R"({"type":"message","text":"a \"quoted\" word, a\\backslash, a\/slash\nnew line\ttab\b\f\r"})",
    R"({"type":"message","text":"x","id":-12.5e+3})",
    R"({"type":"message","text":"x","id":18446744073709551615})",
    R"({"type":"message","text":"x","id":18446744073709551616})",
    R"({"type":"message","text":"x","id":-9223372036854775809})",
    R"({"type":"message","text":"x","id":0})",
    R"({"type":"message","text":"x","id":1E400})",
    R"({"type":"message","text":"x","id":null,"explain":false})",
    R"({"text":"first","text":"second","type":"message"})",
    R"({})",
    R"({"type":"message","session_id":"s1","text":"hello"})",
    // What it leaves to nlohmann (or nlohmann rejects):
    "\xEF\xBB\xBF{\"type\":\"reset\"}",
    R"({"type":"message","text":"caf\u00e9"})",
    "{\"type\":\"message\",\"text\":\"caf\xC3\xA9\"}",
    "{\"type\":\"message\",\"text\":\"bad \xC3\"}",
    "{\"type\":\"message\",\"text\":\"tab\there\"}",
    R"({"type":"message","text":"x","id":{"a":1}})",
    R"({"type":"message","text":"x","id":[1,2]})",
    R"({"type":"message","text":"x","id":01})",
    R"({"type":"message","text":"x","id":1.})",
    R"({"type":"message","text":"x","id":-})",
    R"({"type":"message","text":"x","id":1x})",
    R"({"type":"message","text":"x",})",
    R"({"type":"message","text":"x"} trailing)",
    R"({"type":"message","text":"x"}})",
    R"({"type":"message","text":"x)",
    R"({"type":"message","text":"x\q"})",
    R"({"type":"message" "text":"x"})",
    R"({"type":tru})",
    R"({"type":nulls})",
    R"(["type","message"])",
    R"("message")",
    "",
    "{",
};

TEST(FlatJson, ReadsFlatObjectsAsNlohmannDoes) {
  for (const std::string& frame : kFrames) expect_agrees(frame);
  EXPECT_TRUE(parse_flat_object(kFrames[0]).has_value());
  EXPECT_TRUE(parse_flat_object(kFrames[3]).has_value());
  EXPECT_EQ(parse_flat_object(kFrames[11])->at("text"), "second");  // the last of a repeated key
  EXPECT_FALSE(parse_flat_object(R"({"type":"message","text":"x","id":1.})").has_value());
  EXPECT_FALSE(parse_flat_object("{\"text\":\"caf\xC3\xA9\"}").has_value());  // nlohmann's to check
}

// Every frame above with bytes changed, removed, doubled or inserted, many times over.
TEST(FlatJson, AgreesWithNlohmannOnMutatedFrames) {
  std::mt19937 rng(5);
  const std::string alphabet = "{}[]\":,\\ \t\n-+.0123456789eEtrufalsn/x\x01\x7f\xC3\xA9";
  int read = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string frame = kFrames[rng() % kFrames.size()];
    const int edits = 1 + static_cast<int>(rng() % 3);
    for (int e = 0; e < edits && !frame.empty(); ++e) {
      const std::size_t at = rng() % frame.size();
      const char c = alphabet[rng() % alphabet.size()];
      switch (rng() % 4) {
        case 0:
          frame[at] = c;
          break;
        case 1:
          frame.erase(at, 1);
          break;
        case 2:
          frame.insert(at, 1, frame[at]);
          break;
        default:
          frame.insert(at, 1, c);
      }
    }
    expect_agrees(frame);
    if (HasFatalFailure()) return;
    read += parse_flat_object(frame).has_value();
  }
  EXPECT_GT(read, 1000);  // the comparison saw many objects the flat reader did read
}

}  // namespace
}  // namespace careerbot::protocol
