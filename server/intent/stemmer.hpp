#pragma once
// Light stemming with the Snowball English stemmer (libstemmer), so "hire", "hires" and "hiring"
// all become "hire" and a keyword matches its inflections.
//
// Thread-safety: stem() may be called from any thread at once. A Snowball stemmer object is not
// thread-safe, so each thread lazily creates its own and keeps it for the thread's lifetime.

#include <string>
#include <string_view>

namespace careerbot::intent {

// The Snowball English stem of one lower-case token. Tokens with digits or symbols (class12, 10+2,
// c++) come back unchanged; an empty token gives an empty stem.
std::string stem(std::string_view token);

}  // namespace careerbot::intent
