#pragma once
// Voice typing that writes punctuation out ("I'm in final year comma no masters full stop"): the
// spoken marks are read as the marks themselves, so sentences split where the student meant them to.
//
// Thread-safety: a free function without shared state.

#include <optional>
#include <string>
#include <string_view>

namespace careerbot::intent {

// `text` with each spoken mark that follows a word ("full stop", "comma", "question mark",
// "exclamation mark"/"point", "new line") replaced by the mark; nullopt when there is none, so the
// common message costs one scan and no allocation. ASCII case-insensitive; a mark must be whole words.
std::optional<std::string> with_spoken_punctuation(std::string_view text);

}  // namespace careerbot::intent
