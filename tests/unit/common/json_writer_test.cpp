#include "common/json_writer.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace careerbot::json_writer {
namespace {

// What nlohmann writes for the same string: the writer must match it byte for byte.
std::string reference(const std::string& text) {
  return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string written(const std::string& text) {
  std::string out;
  append_string(out, text);
  return out;
}

TEST(JsonWriter, StringsMatchNlohmannByteForByte) {
  std::string every_control;
  for (int c = 0; c < 0x20; ++c) every_control += static_cast<char>(c);
  const std::vector<std::string> cases = {
      "",
      "plain words",
      "quote \" backslash \\ slash /",
      "lines\nand\ttabs\r\n",
      every_control,
      "del \x7f stays",
      "Hinglish: kya main ML specialist ban sakta hoon?",
      "\xE0\xA4\xA8\xE0\xA4\xAE\xE0\xA4\xB8\xE0\xA5\x8D\xE0\xA4\xA4\xE0\xA5\x87",
      "emoji \xF0\x9F\x8E\x93 and \xE2\x82\xB9 50,000",
      "bad \xff byte",
      "cut \xE0\xA4",
      "surrogate \xED\xA0\x80 half",
      "overlong \xC0\xAF slash"};
  for (const auto& text : cases) EXPECT_EQ(written(text), reference(text)) << text;
}

// The writer tests 8 bytes at a time: a byte to escape (or one above 0x7F) must be found at every
// offset in the word, next to its neighbours, and in the short tail after the last whole word.
TEST(JsonWriter, EveryByteAtEveryOffsetMatchesNlohmann) {
  const std::string plain = "the quick brown fox jumps over";  // 30 bytes: 3 words and a tail of 6
  std::vector<std::string> specials;
  for (int c = 0; c < 0x20; ++c) specials.emplace_back(1, static_cast<char>(c));
  for (const char* s :
       {"\"", "\\", "\x1f\"", "\x7f", " ", "!", "#", "[", "]", "\xE2\x82\xB9", "\xff", "\xC0\xAF"})
    specials.emplace_back(s);
  for (const auto& special : specials) {
    for (std::size_t at = 0; at <= plain.size(); ++at) {
      std::string text = plain;
      text.insert(at, special);
      ASSERT_EQ(written(text), reference(text)) << "at " << at << ": " << text;
    }
  }
}

TEST(JsonWriter, ObjectsArraysAndScalars) {
  std::string out;
  Object object(out);
  object.strings("list", std::vector<std::string>{"a", "b\"c"});
  object.strings("none", std::vector<std::string>{});
  object.integer("n", -42);
  object.boolean("yes", true);
  object.value("x", nlohmann::json(0.875));
  Object nested(object.member("y"));
  nested.string("k\"ey", "v");
  nested.close();
  object.close();
  EXPECT_EQ(out, R"({"list":["a","b\"c"],"none":[],"n":-42,"yes":true,"x":0.875,"y":{"k\"ey":"v"}})");
  EXPECT_EQ(nlohmann::json::parse(out).at("list").at(1), "b\"c");
}

}  // namespace
}  // namespace careerbot::json_writer
