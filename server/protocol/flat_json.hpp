#pragma once
// A fast reader for the JSON that nearly every client frame is: one flat object of plain members,
// {"type":"message","text":"...","id":7}. nlohmann's parser reads a byte at a time through its
// input adapter and was most of a frame's parse; this one reads such an object in one pass.
//
// It never decides alone that input is bad: anything it does not handle (non-ASCII or \u escapes in
// a string, nested values, a byte-order mark, bad syntax) gives nullopt, and the caller parses with
// nlohmann instead. When it gives an object, that object equals nlohmann::json::parse(input) (a test
// and the fuzz_client_frame target compare them): duplicate keys keep the last value, numbers are
// read by nlohmann itself.
//
// Thread-safety: a pure function.

#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

namespace careerbot::protocol {

std::optional<nlohmann::json> parse_flat_object(std::string_view input);

}  // namespace careerbot::protocol
